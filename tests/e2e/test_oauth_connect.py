"""Connect and reconnect through the admin and the sandbox's sign-in page, over real HTTP, then sync."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from analytics.models import Account, AccountStatus, SyncKind, SyncRun, SyncStatus
from analytics.services.sync.posts import sync_account_posts
from platforms.sandbox import start_sandbox
from tests import factories
from tests.analytics.admin.conftest import staff_group
from tests.e2e.conftest import WORLD_START

pytestmark = [pytest.mark.e2e, pytest.mark.django_db, pytest.mark.smoke]
CALLBACK = "admin:analytics_account_connect_callback"
DEMO_CALLBACK = "http://127.0.0.1:8000/admin/analytics/account/connect/callback/"


@pytest.fixture
def make_e2e_sandbox(e2e_settings):
    started = []

    def start(**options):
        started.append(start_sandbox(seed=11, frozen=True, start=WORLD_START, posts_per_account=4, **options))
        return started[-1]

    yield start
    for handle in started:
        handle.stop()


@pytest.fixture
def operator_client(client):
    operator = factories.UserFactory(username="operator")
    operator.groups.add(staff_group("Operator"))
    client.force_login(operator)
    return client


def sign_in_on_sandbox(authorize_url: str, *, account: str, decision: str = "approve") -> dict[str, str]:
    """What the operator's browser does on the instance: open the page, pick the account, press a button."""
    page = requests.get(authorize_url, timeout=10)
    assert page.status_code == 200 and "Approve" in page.text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    form = {name: unescape(value) for name, value in fields.items()} | {"account": account, "decision": decision}
    answer = requests.post(authorize_url.split("?")[0], data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert back.path == reverse(CALLBACK)
    return {key: values[0] for key, values in parse_qs(back.query).items()}


@pytest.mark.parametrize(("key", "platform"), [("alice", "mastodon"), ("pia", "pixelfed")])
def test_an_operator_connects_an_account_with_one_approval(sandbox, operator_client, key, platform):
    entry = sandbox.account(key)
    started = operator_client.post(reverse("admin:analytics_account_connect"),
                                   {"platform": platform, "instance": entry["instance_url"], "team": "brand"})
    assert started.status_code == 302
    landed = operator_client.get(reverse(CALLBACK), sign_in_on_sandbox(started.url, account=key))
    account = Account.objects.get(remote_id=entry["account_id"])
    assert landed.url == reverse("admin:analytics_account_change", args=[account.pk])
    assert account.access_token.reveal() == entry["access_token"]
    assert (account.platform, account.team) == (platform, "brand")
    assert SyncRun.objects.filter(account=account, kind=SyncKind.SYNC_POSTS, status=SyncStatus.QUEUED).exists()
    assert sync_account_posts(account).status == SyncStatus.OK
    assert account.posts.count() == sandbox.truth(key)["accounts"][key]["media_post_count"]


def test_a_handle_means_https_so_the_plain_http_sandbox_is_reported_unreachable(sandbox, operator_client):
    page = operator_client.post(reverse("admin:analytics_account_connect"),
                                {"platform": "mastodon", "instance": sandbox.account("bruno")["handle"]})
    assert page.status_code == 200
    assert "Could not register PostFlow Analytics on https://127.0.0.1" in page.content.decode()


def test_denying_on_the_instance_connects_nothing(sandbox, operator_client):
    started = operator_client.post(reverse("admin:analytics_account_connect"),
                                   {"platform": "mastodon", "instance": sandbox.mastodon_url})
    back = sign_in_on_sandbox(started.url, account="alice", decision="deny")
    landed = operator_client.get(reverse(CALLBACK), back)
    assert landed.url == reverse("admin:analytics_account_changelist")
    assert not Account.objects.exists()


def test_a_revoked_account_is_reconnected_with_its_history_intact(sandbox, operator_client):
    entry = sandbox.account("erin")
    account = factories.AccountFactory(
        instance=factories.InstanceFactory(base_url=entry["instance_url"]), platform="mastodon",
        remote_id=entry["account_id"], handle=entry["username"], access_token=entry["access_token"],
        status=AccountStatus.NEEDS_REAUTH)
    kept = factories.PostFactory(account=account)
    started = operator_client.post(reverse("admin:analytics_account_reconnect", args=[account.pk]))
    landed = operator_client.get(reverse(CALLBACK), sign_in_on_sandbox(started.url, account="erin"))
    assert landed.url == reverse("admin:analytics_account_change", args=[account.pk])
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE
    assert account.access_token.reveal() == sandbox.account("erin")["access_token"] != entry["access_token"]
    assert account.posts.filter(pk=kept.pk).exists() and Account.objects.count() == 1
    assert sync_account_posts(account).status == SyncStatus.OK


def test_the_demo_signs_in_each_account_through_the_autoapproving_sandbox(make_e2e_sandbox):
    from analytics.management.demo_sign_in import sign_in_sandbox_account

    sandbox = make_e2e_sandbox(autoapprove=True)
    user = factories.UserFactory(username="admin", is_superuser=True)
    for key in ("alice", "pia"):
        entry = sandbox.account(key)
        account = sign_in_sandbox_account(entry, user=user, team="Demo", callback_url=DEMO_CALLBACK)
        assert (account.remote_id, account.team) == (entry["account_id"], "Demo")
        assert account.access_token.reveal() == entry["access_token"]
