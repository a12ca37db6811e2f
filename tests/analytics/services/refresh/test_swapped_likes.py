"""A swapped like (one fan unlikes, another likes: the count stays) is seen: through the favourite notification
at once, or through the slower engager re-read of recent posts whatever the counts do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.models import EngagementSummary, Like, MetricSnapshot, Post
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.refresh.targets import due_posts
from analytics.services.sync.posts import sync_account_posts

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@pytest.fixture
def refreshed(fake, account):
    sync_account_posts(account)
    refresh_account_engagement(account)
    return account


def _swap(fake_post) -> tuple[str, str]:
    gone, new = fake_post.likers[0], "newcomer"
    fake_post.likers = [new, *fake_post.likers[1:]]
    return gone, new


def _live_likers(post_remote_id: str) -> set[str]:
    rows = Like.objects.filter(post__remote_id=post_remote_id, removed_at__isnull=True)
    return {remote_id.removeprefix("fan-") for remote_id in rows.values_list("actor__remote_id", flat=True)}


def test_a_swap_named_by_a_favourite_notification_is_read_at_once(fake, refreshed):
    post = fake.posts[1]  # one liker
    gone, new = _swap(post)
    fake.notify_favourite(post, new, timezone.now())
    refresh_account_engagement(refreshed, tiered=True)
    assert _live_likers(post.remote_id) == {new}
    assert Like.objects.get(post__remote_id=post.remote_id, actor__remote_id=f"fan-{gone}").removed_at is not None


def test_a_swap_without_a_notification_waits_for_the_daily_reread(fake, refreshed):
    post = fake.posts[1]
    gone, new = _swap(post)
    refresh_account_engagement(refreshed)
    assert _live_likers(post.remote_id) == {gone}, "same count, engagers read minutes ago: not re-read yet"
    EngagementSummary.objects.update(engagers_fetched_at=timezone.now() - timedelta(hours=25))
    refresh_account_engagement(refreshed)
    assert _live_likers(post.remote_id) == {new}


def test_engagers_of_posts_older_than_the_reread_tiers_follow_the_counts_only(fake, refreshed):
    post = fake.posts[1]
    post.posted_at = timezone.now() - timedelta(days=40)
    Post.all_objects.filter(remote_id=post.remote_id).update(posted_at=post.posted_at)
    gone, _ = _swap(post)
    EngagementSummary.objects.update(engagers_fetched_at=timezone.now() - timedelta(days=20))
    snapshots = MetricSnapshot.objects.filter(post__remote_id=post.remote_id)
    assert snapshots.count() == 1
    snapshots.update(captured_at=timezone.now() - timedelta(days=21))  # the counts last moved before that
    refresh_account_engagement(refreshed)
    assert _live_likers(post.remote_id) == {gone}  # the residual window documented in docs/architecture.md


def test_due_posts_is_one_query(fake, refreshed, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        due_posts(refreshed, tiered=True, noted_remote_ids={"x"})

