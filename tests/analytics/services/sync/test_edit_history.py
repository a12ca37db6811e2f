"""Edits are never lost: whichever flow sees a new `edited_at` first fetches the history, and a history that
could not be fetched is owed and fetched by the next sync, refresh or `--full`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from analytics.models import Post, PostVersion, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

HISTORY = r"/history$"
HISTORY_ROUTE = r"^/api/v1/statuses/([^/]+)/history$"  # the fake's call counter key


def _versions(remote_id: str) -> int:
    return PostVersion.objects.filter(post__remote_id=remote_id).count()


def _edit(fake_post, caption: str) -> None:
    fake_post.caption, fake_post.edited_at = f"<p>{caption}</p>", datetime.now(UTC)


def test_an_edit_seen_first_by_the_refresh_keeps_every_version(fake, account):
    sync_account_posts(account)
    edited = fake.posts[1]
    _edit(edited, "second version")
    refresh_account_engagement(account)
    assert _versions(edited.remote_id) == 2
    sync_account_posts(account)  # the daily sync then finds nothing owed and adds nothing
    assert _versions(edited.remote_id) == 2
    assert fake.calls[HISTORY_ROUTE] == 1


def test_a_failed_history_fetch_is_retried_by_the_next_sync(fake, account):
    sync_account_posts(account)
    edited = fake.posts[0]
    _edit(edited, "edited")
    fake.status_override[HISTORY] = 500
    result = sync_account_posts(account)
    assert result.status == SyncStatus.PARTIAL and "retried next run" in result.message
    assert _versions(edited.remote_id) == 0
    fake.status_override.clear()
    sync_account_posts(account)
    assert _versions(edited.remote_id) == 2


def test_an_edit_to_an_old_post_gets_its_versions_from_a_full_sync(fake, account):
    old = fake.posts[4]
    old.posted_at = datetime.now(UTC) - timedelta(days=700)
    sync_account_posts(account, full_rescan=True)
    _edit(old, "edited two years later")
    fake.status_override[HISTORY] = 500
    refresh_account_engagement(account)  # the refresh stores the new caption and edited_at, history fails
    assert Post.objects.get(remote_id=old.remote_id).edited_at is not None
    fake.status_override.clear()
    sync_account_posts(account, full_rescan=True)
    assert _versions(old.remote_id) == 2
