"""Know the server, over real HTTP: the sandbox's Mastodon-like instance names another software in its nodeinfo;
the admin refuses one we cannot read by name and connects and syncs one we can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from analytics.models import Account, Instance, OAuthApp, SyncStatus
from analytics.services.sync.posts import sync_account_posts
from platforms.sandbox import start_sandbox
from tests import factories
from tests.analytics.admin.conftest import staff_group
from tests.e2e.conftest import WORLD_START
from tests.e2e.test_oauth_connect import CALLBACK, sign_in_on_sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture
def operator_client(client):
    operator = factories.UserFactory(username="operator")
    operator.groups.add(staff_group("Operator"))
    client.force_login(operator)
    return client


@pytest.fixture
def software_sandbox(e2e_settings, request):
    handle = start_sandbox(seed=11, frozen=True, start=WORLD_START, posts_per_account=4, software=request.param)
    yield handle
    handle.stop()


@pytest.mark.parametrize("software_sandbox", ["misskey"], indirect=True)
def test_an_instance_running_software_we_cannot_read_is_refused_by_name(software_sandbox, operator_client):
    page = operator_client.post(reverse("admin:analytics_account_connect"),
                                {"platform": "mastodon", "instance": software_sandbox.mastodon_url})
    assert page.status_code == 200
    assert "runs misskey, which PostFlow cannot read" in page.content.decode()
    assert not OAuthApp.objects.exists() and not Account.objects.exists()


@pytest.mark.parametrize("software_sandbox", ["gotosocial"], indirect=True)
def test_a_gotosocial_named_instance_connects_records_its_software_and_syncs(software_sandbox, operator_client):
    sandbox = software_sandbox
    started = operator_client.post(reverse("admin:analytics_account_connect"),
                                   {"platform": "mastodon", "instance": sandbox.mastodon_url})
    operator_client.get(reverse(CALLBACK), sign_in_on_sandbox(started.url, account="dana"))
    account = Account.objects.get(handle__startswith="dana")
    assert (Instance.objects.get().software, Instance.objects.get().software_version) == ("gotosocial", "sandbox")
    assert sync_account_posts(account).status == SyncStatus.OK
    assert account.posts.count() == sandbox.truth("dana")["accounts"]["dana"]["media_post_count"]
