"""A new operator connects an account as a user would: button, instance URL, approve on the sandbox, back."""

from __future__ import annotations

import re

import pytest

from analytics.models import Account, SyncKind, SyncRun
from platforms.sandbox import start_sandbox
from tests import factories
from tests.analytics.admin.conftest import staff_group
from tests.e2e.conftest import WORLD_START

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sandbox(settings):
    settings.PLATFORM_ALLOW_INSECURE_URLS = True
    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "min_interval": 0.0}
    handle = start_sandbox(seed=21, frozen=True, start=WORLD_START, posts_per_account=8)
    yield handle
    handle.stop()


def test_a_new_operator_connects_a_sandbox_account_with_one_approval(page, live_server, sandbox):
    operator = factories.UserFactory(username="new-operator")
    operator.groups.add(staff_group("Operator"))
    page.goto(f"{live_server.url}/admin/login/?next=/admin/analytics/account/")
    page.fill("input[name=username]", "new-operator")
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/analytics/account/")

    page.get_by_role("link", name="Connect account").click()
    page.get_by_label("Instance URL or handle").fill(sandbox.mastodon_url)
    page.get_by_role("button", name="Continue to sign in").click()

    page.wait_for_url(f"{sandbox.mastodon_url}/oauth/authorize**")
    page.get_by_label("Sign in as").select_option(label="@alice")
    page.get_by_role("button", name="Approve").click()

    page.wait_for_url(re.compile(r".*/admin/analytics/account/\d+/change/$"))
    account = Account.objects.get(remote_id=sandbox.account("alice")["account_id"])
    assert page.url.endswith(f"/admin/analytics/account/{account.pk}/change/")
    assert page.get_by_text(re.compile(r"Connected .*alice")).is_visible()
    assert page.get_by_text(re.compile(r"1 post sync queued")).is_visible()
    assert SyncRun.objects.filter(account=account, kind=SyncKind.SYNC_POSTS, triggered_by=operator).exists()
