"""A Mastodon-API server that is not Mastodon, over real HTTP: the sandbox imitating GoToSocial (ULID ids, no
rate-limit headers, unpaged likers) is connected, synced and refreshed, and the database equals its truth."""

from __future__ import annotations

import re

import pytest

from analytics.models import Actor, Comment, Instance, Post, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from platforms.sandbox import start_sandbox
from platforms.sandbox.quirks import GOTOSOCIAL
from tests.e2e.conftest import WORLD_START, connect_sandbox_accounts
from tests.e2e.truth import assert_matches_truth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


@pytest.fixture
def gts_sandbox(e2e_settings):
    handle = start_sandbox(seed=11, frozen=True, start=WORLD_START, activity=30.0, posts_per_account=12,
                           quirks="gotosocial")
    yield handle
    handle.stop()


def _sync_and_refresh(account) -> None:
    assert sync_account_posts(account).status == SyncStatus.OK
    assert refresh_account_engagement(account).status == SyncStatus.OK


def test_a_gotosocial_account_syncs_fully_and_equals_the_truth(gts_sandbox):
    accounts = connect_sandbox_accounts(gts_sandbox, keys={"alice", "bruno"})
    instance = Instance.objects.get(pk=accounts["alice"].instance_id)
    assert (instance.software, instance.software_version) == ("gotosocial", GOTOSOCIAL.version)
    for account in accounts.values():
        _sync_and_refresh(account)
    truth = gts_sandbox.truth()["accounts"]
    for key, account in accounts.items():
        assert_matches_truth(account, truth[key], versions=True)
        assert ULID.match(account.remote_id)

    remote_ids = list(Post.objects.values_list("remote_id", flat=True))
    remote_ids += list(Actor.objects.values_list("remote_id", flat=True))
    remote_ids += list(Comment.objects.values_list("remote_id", flat=True))
    assert remote_ids and all(ULID.match(remote_id) for remote_id in remote_ids)


def test_new_engagement_and_new_posts_after_the_first_sync_are_found_by_string_ids(gts_sandbox):
    accounts = connect_sandbox_accounts(gts_sandbox, keys={"alice"})
    alice = accounts["alice"]
    _sync_and_refresh(alice)
    gts_sandbox.advance(3 * 3600)  # new likes, boosts and comments
    post_id = gts_sandbox.truth(account="alice")["accounts"]["alice"]["media_posts"][0]["id"]
    gts_sandbox.like(post_id)
    _sync_and_refresh(alice)
    assert_matches_truth(alice, gts_sandbox.truth()["accounts"]["alice"], versions=True)
