"""Smaller run-lifecycle fixes: the clamped incremental `since`, rate limits that count clicks, an admin job
that waits for a busy account instead of ending skipped, and parser warnings recorded on the run."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule

from analytics import tasks
from analytics.models import Account, Post, SyncRun, SyncStatus
from analytics.services.runs.enqueue import RateLimitExceeded, enqueue_refresh
from analytics.services.runs.lease import acquire_lease
from analytics.services.sync.posts import sync_account_posts
from platforms.base import RemotePost
from platforms.mastodon.client import MastodonClient
from tests import factories
from tests.analytics.services.fake_mastodon import FakePost

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_a_post_dated_9999_does_not_stop_incremental_sync(fake, account):
    sync_account_posts(account)
    Post.all_objects.filter(pk=Post.objects.first().pk).update(posted_at=datetime(9999, 1, 1, tzinfo=UTC))
    fake.posts.append(FakePost(remote_id="brand-new", posted_at=datetime.now(UTC)))
    sync_account_posts(account)
    assert Post.objects.filter(remote_id="brand-new").exists()


def test_the_per_user_limit_counts_clicks_not_jobs(settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "ADMIN_REFRESH_PER_USER_PER_MINUTE": 2}
    user = factories.UserFactory()
    six = [factories.AccountFactory() for _ in range(6)]
    assert enqueue_refresh(accounts=six, user=user).queued_count == 6
    SyncRun.objects.all().delete()
    enqueue_refresh(accounts=six[:1], user=user)
    enqueue_refresh(accounts=six[1:2], user=user)
    with pytest.raises(RateLimitExceeded, match="2 times"):
        enqueue_refresh(accounts=six[2:3], user=user)


def test_an_admin_refresh_waits_for_a_busy_account_instead_of_ending_skipped(fake, account,
                                                                              django_capture_on_commit_callbacks):
    user = factories.UserFactory()
    run = enqueue_refresh(accounts=[account], user=user).runs[0]
    assert acquire_lease(account.pk, "the-hourly-job")
    with django_capture_on_commit_callbacks(execute=True):
        message = tasks.run_sync_run(run.pk)
    run.refresh_from_db()
    assert run.status == SyncStatus.QUEUED and "starts again at" in message
    schedule = Schedule.objects.get(name=f"resume sync run {run.pk}")
    assert schedule.next_run > timezone.now() + timedelta(seconds=30)
    Account.objects.filter(pk=account.pk).update(lease_owner="", lease_expires_at=None)  # the hourly job ends
    assert tasks.run_sync_run(run.pk).startswith("ok")
    assert not Schedule.objects.exists()


def test_the_wait_for_a_busy_account_is_bounded(fake, account, settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "LEASE_WAIT_MAX": 2}
    run = enqueue_refresh(accounts=[account], user=factories.UserFactory()).runs[0]
    acquire_lease(account.pk, "the-hourly-job")
    for _ in range(3):
        tasks.run_sync_run(run.pk)
    run.refresh_from_db()
    assert run.status == SyncStatus.SKIPPED and "2 waits" in run.error_message


def test_a_scheduled_refresh_that_finds_the_account_busy_skips(fake, account):
    run = enqueue_refresh(accounts=[account], trigger="schedule").runs[0]
    acquire_lease(account.pk, "a-manual-job")
    tasks.run_sync_run(run.pk)
    assert SyncRun.objects.get(pk=run.pk).status == SyncStatus.SKIPPED


def test_parser_warnings_make_the_run_partial_with_the_reason(fake, account, monkeypatch):
    original = MastodonClient._parse_page

    def warned(post: RemotePost) -> RemotePost:
        return replace(post, warnings=("favourites_count -5 stored as unknown",))

    def with_warning(self, response):
        page = original(self, response)
        posts = [warned(p) if p.remote_id == fake.posts[0].remote_id else p for p in page.posts]
        return replace(page, posts=tuple(posts))

    monkeypatch.setattr(MastodonClient, "_parse_page", with_warning)
    result = sync_account_posts(account)
    assert result.status == SyncStatus.PARTIAL
    assert f"{fake.posts[0].remote_id}: stored as unknown: favourites_count -5" in result.message
