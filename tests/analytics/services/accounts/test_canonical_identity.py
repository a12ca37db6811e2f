"""Identity follows the server's canonical name, not the URL typed: an alias finds the same account, links to the
canonical host are followed, and a link anywhere else ends the run partial with the reason."""

from __future__ import annotations

import re

import pytest
import responses

from analytics.models import Account, AccountStatus, Instance, Post, SyncRun, SyncStatus
from analytics.services.accounts.clients import client_for
from analytics.services.accounts.connect import connect_account
from analytics.services.sync.posts import sync_account_posts
from platforms.base import RemoteInstance
from platforms.mastodon.client import MastodonClient
from tests.analytics.services.fake_mastodon import BASE, OWN_ID, FakeMastodon, make_world

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

ALIAS = "https://alias.test"


@pytest.fixture
def world(pauses):
    """The fake server answers on its own name and on an alias; its links always name itself (BASE)."""
    fake = FakeMastodon(make_world(5))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake.register(mock)
        mock.add_callback(responses.GET, re.compile(rf"{ALIAS}/api/v[12]/.*"), fake._route)
        yield fake


@pytest.fixture
def names_itself(monkeypatch):
    monkeypatch.setattr(MastodonClient, "detect_instance", lambda self: RemoteInstance(
        software="mastodon", version="4.3.0", domain="social.test", canonical_url=BASE))


@pytest.mark.parametrize("first, second", [(BASE, ALIAS), (ALIAS, BASE)])
def test_connecting_again_through_an_alias_updates_the_same_account(world, names_itself, first, second):
    connect_account(platform="mastodon", instance_url=first, token="tok-1")
    connect_account(platform="mastodon", instance_url=second, token="tok-2")
    account = Account.objects.get()
    assert account.remote_id == OWN_ID and account.access_token.reveal() == "tok-2"
    instance = Instance.objects.get()
    assert (instance.canonical_url, instance.account_domain, instance.software) == (BASE, "social.test", "mastodon")


def test_client_follows_links_to_the_canonical_host_and_uses_the_servers_domain(world):
    instance = Instance.objects.create(base_url=ALIAS, canonical_url=BASE, account_domain="social.test",
                                       platform="mastodon")
    account = Account.objects.create(instance=instance, platform="mastodon", remote_id=OWN_ID, handle="brand",
                                     access_token="tok")
    client = client_for(account)
    assert (client.canonical_url, client.account_domain) == (BASE, "social.test")
    result = sync_account_posts(account)
    assert result.status == SyncStatus.OK, result.message
    assert Post.objects.count() == 5


def test_a_refused_link_ends_the_sync_partial_with_the_reason(world):
    instance = Instance.objects.create(base_url=ALIAS, platform="mastodon")  # the canonical name is unknown
    account = Account.objects.create(instance=instance, platform="mastodon", remote_id=OWN_ID, handle="brand",
                                     access_token="tok")
    result = sync_account_posts(account)
    run = SyncRun.objects.get(pk=result.run_id)
    assert run.status == SyncStatus.PARTIAL
    assert "Incomplete listing" in run.error_message and "RefusedLink" in run.error_message
    assert Post.objects.count() == 2  # the first page is kept
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE
