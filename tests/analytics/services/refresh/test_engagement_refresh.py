"""Refresh engagement: who liked/shared/commented, only re-fetched where counts moved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from analytics.models import Actor, Comment, EngagementSummary, Like, MetricSnapshot, Post, Share, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from tests.analytics.services.fake_mastodon import FakePost, make_world

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]
LIKERS = r"^/api/v1/statuses/([^/]+)/favourited_by$"


@pytest.fixture
def synced(fake, account):
    sync_account_posts(account)
    return account


def _expected_likes(fake) -> int:
    return sum(len(p.likers) for p in fake.live_posts())


def test_first_refresh_stores_every_liker_sharer_and_comment(fake, synced):
    result = refresh_account_engagement(synced)
    assert result.status == SyncStatus.OK
    assert Like.objects.count() == _expected_likes(fake)
    assert Share.objects.count() == sum(len(p.sharers) for p in fake.posts)
    assert Comment.objects.count() == sum(len(p.comments) for p in fake.posts)
    assert result.counts["likes_added"] == Like.objects.count()


def test_likers_are_read_across_every_page_of_the_link_header(fake, synced):
    fake.posts[0].likers = [f"many{n}" for n in range(7)]  # 4 pages of 2, the last one empty
    refresh_account_engagement(synced)
    post = Post.objects.get(remote_id=fake.posts[0].remote_id)
    assert Like.objects.filter(post=post).count() == 7


def test_comment_replies_keep_their_thread(fake, synced):
    refresh_account_engagement(synced)
    reply = Comment.objects.get(remote_id="c0b")
    assert reply.parent.remote_id == "c0a"
    assert Comment.objects.get(remote_id="c0a").parent is None


def test_times_without_notifications_are_first_seen_estimates(fake, synced):
    refresh_account_engagement(synced)
    assert Like.objects.filter(time_is_estimate=False).count() == 0


def test_notification_times_replace_estimates(fake, synced):
    post = fake.posts[1]
    liked_at = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    fake.notify_favourite(post, post.likers[0], liked_at)
    refresh_account_engagement(synced)
    like = Like.objects.get(actor__remote_id=f"fan-{post.likers[0]}")
    assert like.time_is_estimate is False
    assert like.occurred_at == liked_at


def test_second_refresh_without_changes_fetches_no_engagers(fake, synced):
    refresh_account_engagement(synced)
    calls_before = fake.calls.get(LIKERS, 0)
    result = refresh_account_engagement(synced)
    assert fake.calls.get(LIKERS, 0) == calls_before
    assert result.counts["likes_added"] == 0


def test_only_the_post_whose_counts_changed_is_refetched(fake, synced):
    refresh_account_engagement(synced)
    fake.calls.clear()
    fake.posts[3].likers.append("newfan")
    result = refresh_account_engagement(synced)
    assert fake.calls.get(LIKERS) == 3  # only the changed post: 4 likers, 2 a page, then an empty page
    assert result.counts["likes_added"] == 1
    assert Like.objects.filter(actor__remote_id="fan-newfan").count() == 1


def test_force_refetches_everything(fake, synced):
    refresh_account_engagement(synced)
    fake.calls.clear()
    refresh_account_engagement(synced, force=True)
    assert fake.calls.get(LIKERS) >= len(fake.posts)


def test_rerun_creates_no_duplicates(fake, synced):
    refresh_account_engagement(synced, force=True)
    counts = (Like.objects.count(), Share.objects.count(), Comment.objects.count(), Actor.objects.count())
    refresh_account_engagement(synced, force=True)
    assert (Like.objects.count(), Share.objects.count(), Comment.objects.count(), Actor.objects.count()) == counts


def test_an_undone_like_is_marked_removed_not_deleted(fake, synced):
    refresh_account_engagement(synced)
    gone = fake.posts[3].likers.pop()
    refresh_account_engagement(synced)
    like = Like.objects.get(actor__remote_id=f"fan-{gone}")
    assert like.removed_at is not None
    summary = EngagementSummary.objects.get(post__remote_id=fake.posts[3].remote_id)
    assert summary.known_likers == len(fake.posts[3].likers)


def test_a_snapshot_is_written_only_when_counts_move(fake, synced):
    refresh_account_engagement(synced)
    first = MetricSnapshot.objects.count()
    refresh_account_engagement(synced)
    assert MetricSnapshot.objects.count() == first
    fake.posts[0].sharers.append("late")
    refresh_account_engagement(synced)
    assert MetricSnapshot.objects.count() == first + 1


def test_summary_counts_and_rate_follow_the_platform(fake, synced):
    refresh_account_engagement(synced)
    post = fake.posts[3]
    summary = EngagementSummary.objects.get(post__remote_id=post.remote_id)
    assert summary.likes == len(post.likers)
    assert summary.total_engagement == len(post.likers) + len(post.sharers) + len(post.comments)
    assert summary.engagement_rate == pytest.approx(summary.total_engagement / 1000)
    assert summary.engagers_fetched_at is not None
    assert summary.insights_fetched_at is None, "Mastodon reports no insights"


def test_a_post_gone_on_the_platform_is_soft_deleted(fake, synced):
    target = Post.objects.get(remote_id=fake.posts[2].remote_id)
    fake.deleted.add(target.remote_id)
    result = refresh_account_engagement(synced, post_ids=[target.pk])
    assert result.counts["posts_deleted"] == 1
    assert Post.all_objects.get(pk=target.pk).deleted_at is not None


def test_one_failing_post_does_not_stop_the_others(fake, synced):
    bad = fake.posts[1].remote_id
    fake.status_override[rf"/statuses/{bad}/favourited_by"] = 500
    result = refresh_account_engagement(synced)
    assert result.status == SyncStatus.PARTIAL
    assert bad in result.message
    others = sum(len(p.likers) for p in fake.posts if p.remote_id != bad)
    assert Like.objects.count() == others
    # the failed post is retried on the next refresh
    fake.status_override.clear()
    refresh_account_engagement(synced)
    assert Like.objects.count() == _expected_likes(fake)


def test_rate_limit_ends_partial_and_queues_the_rest(fake, synced, settings, django_capture_on_commit_callbacks):
    from django_q.models import Schedule

    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "max_pause": 0.0}
    fake.status_override[r"favourited_by"] = 429
    with django_capture_on_commit_callbacks(execute=True):
        result = refresh_account_engagement(synced)
    assert result.status == SyncStatus.PARTIAL
    assert "Rate limited" in result.message
    assert Schedule.objects.filter(func="analytics.tasks.run_sync_run").count() == 1


def test_refresh_of_100_posts_uses_a_bounded_number_of_queries(pauses, account, django_assert_max_num_queries):
    import responses

    from tests.analytics.services.fake_mastodon import FakeMastodon

    world = FakeMastodon(make_world(100, start=datetime.now(UTC) - timedelta(minutes=5)), page_size=40)
    for post in world.posts:
        post.likers = [f"fan{post.remote_id}-{k}" for k in range(6)]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        world.register(mock)
        sync_account_posts(account)
        with django_assert_max_num_queries(80):
            refresh_account_engagement(account)
    assert Like.objects.count() == 600


def _refresh_statements(likers_per_post: int) -> int:
    """SQL statements of one refresh of 20 fresh posts with `likers_per_post` likers each, on a fresh account."""
    import responses
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics.models import Account, Instance
    from tests.analytics.services.fake_mastodon import BASE, OWN_ID, FakeMastodon

    Account.objects.all().delete()  # cascades to posts, events and runs
    Instance.objects.all().delete()
    Actor.objects.all().delete()
    instance = Instance.objects.create(base_url=BASE, platform="mastodon")
    account = Account.objects.create(instance=instance, platform="mastodon", remote_id=OWN_ID, handle="brand",
                                     access_token="test-token-123", followers_count=1000)
    world = FakeMastodon([FakePost(remote_id=f"p{n}", posted_at=datetime.now(UTC) - timedelta(hours=n + 1),
                                   likers=[f"f{n}-{k}" for k in range(likers_per_post)]) for n in range(20)],
                         page_size=40)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        world.register(mock)
        sync_account_posts(account)
        with CaptureQueriesContext(connection) as queries:
            refresh_account_engagement(account)
    assert Like.objects.count() == 20 * likers_per_post
    return len(queries)


def test_query_count_does_not_grow_with_likes(pauses):
    """docs/benchmarks.md: the statement count for 20 posts is the same with 1 or 8 likers per post."""
    one, eight = _refresh_statements(1), _refresh_statements(8)
    assert one == eight, (one, eight)
    assert one <= 60, one


def test_tiered_refresh_rereads_recent_posts_hourly_and_old_ones_daily(fake, synced):
    from analytics.services.refresh.targets import due_posts

    now = timezone.now()
    recent = Post.objects.get(remote_id=fake.posts[0].remote_id)
    old = Post.objects.get(remote_id=fake.posts[1].remote_id)
    Post.all_objects.filter(pk=old.pk).update(posted_at=now - timedelta(days=10))
    EngagementSummary.objects.filter(post__in=[recent, old]).update(counts_fetched_at=now - timedelta(minutes=55))
    EngagementSummary.objects.exclude(post__in=[recent, old]).update(counts_fetched_at=now)
    due = {post.pk for post in due_posts(synced, tiered=True)}
    assert recent.pk in due, "read 55 minutes ago, hourly tier: due (a slow last run must not skip a slot)"
    assert old.pk not in due, "10 days old: daily tier, read 55 minutes ago, not due"
    assert old.pk in {post.pk for post in due_posts(synced, tiered=True, noted_remote_ids={old.remote_id})}
