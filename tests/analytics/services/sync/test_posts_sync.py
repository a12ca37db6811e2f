"""Sync posts end to end against a fake Mastodon: pages, upserts, hashtags, edits, failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from analytics.models import (
    AccountStatus,
    EngagementSummary,
    Hashtag,
    Post,
    PostHashtag,
    PostVersion,
    SyncRun,
    SyncStatus,
)
from analytics.services.sync.posts import sync_account_posts
from tests.analytics.services.fake_mastodon import FakePost

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_sync_upserts_every_media_post_across_pages(fake, account):
    result = sync_account_posts(account)
    assert result.status == SyncStatus.OK
    assert Post.objects.filter(account=account).count() == 5
    assert fake.calls[r"^/api/v1/accounts/[^/]+/statuses$"] == 3  # 2 + 2 + 1 posts
    run = SyncRun.objects.get(pk=result.run_id)
    assert (run.posts_seen, run.posts_created, run.posts_updated) == (5, 5, 0)
    assert run.http_requests >= 4
    assert EngagementSummary.objects.count() == 5


def test_second_sync_with_same_data_changes_nothing(fake, account):
    sync_account_posts(account)
    before = list(Post.all_objects.values_list("id", "remote_id", "caption_html", "last_seen_at"))
    result = sync_account_posts(account, full_rescan=True)
    assert result.counts["posts_created"] == 0
    assert result.counts["posts_updated"] == 0
    assert list(Post.all_objects.values_list("id", "remote_id", "caption_html", "last_seen_at")) == before
    assert PostHashtag.objects.count() == 5


def test_hashtags_are_stored_once_and_linked(fake, account):
    sync_account_posts(account)
    assert list(Hashtag.objects.values_list("name", flat=True)) == ["sunset"]
    assert Hashtag.objects.get().posts.count() == 5


def test_posts_without_media_are_skipped_and_counted(fake, account):
    fake.posts.append(FakePost(remote_id="text-only", posted_at=datetime.now(UTC), media=0))
    result = sync_account_posts(account)
    assert not Post.all_objects.filter(remote_id="text-only").exists()
    assert result.counts["posts_skipped"] == 1


def test_malformed_status_is_recorded_and_the_rest_of_the_page_is_kept(fake, account):
    fake.posts[1].malformed = True
    result = sync_account_posts(account)
    run = SyncRun.objects.get(pk=result.run_id)
    assert run.status == SyncStatus.PARTIAL
    assert fake.posts[1].remote_id in run.error_message
    assert Post.objects.count() == 4


def test_caption_html_is_sanitised_before_storage(fake, account):
    fake.posts[0].caption = '<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:evil()">x</a></p>'
    sync_account_posts(account)
    stored = Post.objects.get(remote_id=fake.posts[0].remote_id).caption_html
    assert "script" not in stored and "onclick" not in stored and "javascript:" not in stored


def test_an_edit_updates_the_post_and_stores_its_history(fake, account):
    sync_account_posts(account)
    fake.posts[0].caption = "<p>Edited caption</p>"
    fake.posts[0].edited_at = datetime.now(UTC)
    result = sync_account_posts(account)
    post = Post.objects.get(remote_id=fake.posts[0].remote_id)
    assert result.counts["posts_updated"] == 1
    assert post.edited_at is not None
    assert list(PostVersion.objects.filter(post=post).values_list("caption_text", flat=True)) == [
        "first version", "Edited caption"]


def test_full_rescan_soft_deletes_posts_the_platform_reports_gone(fake, account):
    sync_account_posts(account)
    gone = fake.posts[2].remote_id
    fake.deleted.add(gone)
    result = sync_account_posts(account, full_rescan=True)
    assert result.counts["posts_deleted"] == 1
    assert not Post.objects.filter(remote_id=gone).exists()
    assert Post.all_objects.get(remote_id=gone).deleted_at is not None


def test_revoked_token_fails_the_run_and_marks_the_account(fake, account):
    fake.status_override[r"verify_credentials"] = 401
    result = sync_account_posts(account)
    account.refresh_from_db()
    assert result.status == SyncStatus.FAILED
    assert account.status == AccountStatus.NEEDS_REAUTH
    assert "Authentication failed" in SyncRun.objects.get(pk=result.run_id).error_message
    assert not Post.objects.exists()


def test_server_errors_that_outlast_retries_fail_the_run_with_a_reason(fake, account, pauses):
    fake.status_override[r"/statuses$"] = 503
    result = sync_account_posts(account)
    account.refresh_from_db()
    assert result.status == SyncStatus.FAILED
    assert account.status == AccountStatus.FAILING
    assert pauses, "the policy should back off between attempts"


def test_max_posts_stops_early(fake, account):
    result = sync_account_posts(account, max_posts=2)
    assert Post.objects.count() == 2
    assert result.counts["posts_created"] == 2


def test_since_stops_at_older_posts(fake, account):
    since = datetime.now(UTC) - timedelta(hours=3, minutes=30)
    sync_account_posts(account, since=since)
    assert Post.objects.count() == 3  # posted 1, 2 and 3 hours ago


def test_sync_skips_when_another_worker_holds_the_account(fake, account):
    from analytics.services.runs.lease import acquire_lease

    assert acquire_lease(account.pk, "other-worker")
    result = sync_account_posts(account)
    assert result.status == SyncStatus.SKIPPED
    assert not Post.objects.exists()
