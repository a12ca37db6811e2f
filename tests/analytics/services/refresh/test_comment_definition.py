"""Comments mean one thing: the whole thread, replies to replies included; the platform's count kept beside."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from analytics.models import EngagementSummary, MetricSnapshot, Post
from analytics.selectors.timelines import engagement_timeline
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from tests.analytics.services.fake_mastodon import FakeMastodon, FakePost

pytestmark = pytest.mark.django_db


@pytest.fixture
def threaded(pauses):
    """One post with 3 comments: two direct replies and a reply to a reply; Mastodon reports 2."""
    post = FakePost(remote_id="900", posted_at=datetime.now(UTC) - timedelta(hours=3),
                    comments=[("c1", "ann", None), ("c2", "bob", None), ("c3", "brand", "c1")], replies_count=2)
    import responses
    world = FakeMastodon([post])
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        world.register(mock)
        yield world


def test_the_summary_counts_the_whole_thread_and_keeps_the_platforms_count(threaded, account):
    sync_account_posts(account)
    refresh_account_engagement(account)

    summary = EngagementSummary.objects.get()
    assert (summary.comments, summary.platform_comments, summary.known_comments) == (3, 2, 3)
    assert summary.total_engagement == 3  # no likes, no shares: the thread's comments


def test_a_later_refresh_keeps_the_thread_count(threaded, account):
    sync_account_posts(account)
    refresh_account_engagement(account)
    refresh_account_engagement(account, force=True)

    summary = EngagementSummary.objects.get()
    assert (summary.comments, summary.platform_comments) == (3, 2)


def test_the_cumulative_timeline_never_falls_below_the_thread(threaded, account):
    """The backfill counts 3 comments from their times; the first measured snapshot must not say 2."""
    sync_account_posts(account)
    refresh_account_engagement(account)

    post = Post.objects.get()
    comments = list(MetricSnapshot.objects.filter(post=post).order_by("captured_at")
                    .values_list("comments", flat=True))
    assert comments and comments[-1] == 3
    assert comments == sorted(comments)
    assert all(point.removed == 0 for point in engagement_timeline(post))
