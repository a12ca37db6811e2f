"""Connect, sync, refresh; the world moves on; refresh again: the database equals the sandbox's truth."""

from __future__ import annotations

import pytest

from analytics.models import Like, Post, SyncRun, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from tests.e2e.conftest import connect_sandbox_accounts
from tests.e2e.truth import assert_matches_truth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db, pytest.mark.smoke]


def _sync_and_refresh(accounts) -> None:
    for account in accounts.values():
        assert sync_account_posts(account).status == SyncStatus.OK
        assert refresh_account_engagement(account).status == SyncStatus.OK


def test_full_cycle_matches_the_sandbox_truth_and_follows_the_world(sandbox):
    accounts = connect_sandbox_accounts(sandbox, keys={"alice", "dana", "pia"})
    _sync_and_refresh(accounts)
    truth = sandbox.truth()["accounts"]
    for key, account in accounts.items():
        assert_matches_truth(account, truth[key], comments_complete=account.platform == "mastodon")

    likes_before = Like.objects.count()
    sandbox.advance(3 * 3600)  # three hours of new likes, boosts and comments
    _sync_and_refresh(accounts)
    truth = sandbox.truth()["accounts"]
    for key, account in accounts.items():
        assert_matches_truth(account, truth[key], comments_complete=account.platform == "mastodon")
    assert Like.objects.count() > likes_before


def test_a_second_run_adds_nothing(sandbox):
    accounts = connect_sandbox_accounts(sandbox, keys={"bruno"})
    _sync_and_refresh(accounts)
    counts = (Post.objects.count(), Like.objects.count())
    _sync_and_refresh(accounts)
    assert (Post.objects.count(), Like.objects.count()) == counts
    last = SyncRun.objects.order_by("-pk").first()
    assert (last.likes_added, last.comments_added, last.shares_added) == (0, 0, 0)


def test_a_like_made_now_appears_after_the_next_refresh_with_its_real_time(sandbox):
    accounts = connect_sandbox_accounts(sandbox, keys={"alice"})
    _sync_and_refresh(accounts)
    post_id = sandbox.truth(account="alice")["accounts"]["alice"]["media_posts"][0]["id"]
    event = sandbox.like(post_id)
    refresh_account_engagement(accounts["alice"], tiered=True)
    like = Like.objects.get(post__remote_id=post_id, actor__remote_id=event["actor_id"])
    assert like.time_is_estimate is False
    assert int(like.occurred_at.timestamp()) == int(event["at"])


def test_text_ids_are_stored_as_text(sandbox):
    accounts = connect_sandbox_accounts(sandbox, keys={"dana"})
    _sync_and_refresh(accounts)
    remote_ids = list(Post.objects.filter(account=accounts["dana"]).values_list("remote_id", flat=True))
    assert remote_ids and not any(rid.isdigit() for rid in remote_ids)


def test_revoked_token_cannot_connect(sandbox):
    from analytics.services.accounts.connect import connect_account
    from platforms.errors import AuthError

    erin = next(entry for entry in sandbox.accounts() if entry["revoked"])
    with pytest.raises(AuthError):
        connect_account(platform=erin["platform"], instance_url=erin["instance_url"], token=erin["access_token"])
