"""Engagement over time (roll-ups, zero-filled) and a post's timeline (snapshots, with velocity)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from analytics.models import AccountDailyStats
from analytics.selectors.timelines import engagement_over_time, engagement_timeline
from tests import factories
from tests.analytics.selectors.conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_engagement_over_time_has_one_point_per_day_with_zeros(week, mastodon, instagram):
    AccountDailyStats.objects.create(account=mastodon, day=week.start, posts_published=1, likes=3,
                                     total_engagement=3)
    AccountDailyStats.objects.create(account=instagram, day=week.start, posts_published=2, likes=4,
                                     total_engagement=5)

    points = engagement_over_time(week)

    assert [point.day for point in points] == week.dates()
    assert (points[0].posts_published, points[0].likes, points[0].total_engagement) == (3, 7, 8)
    assert all(point.total_engagement == 0 for point in points[1:])
    assert engagement_over_time(week, platform="instagram")[0].total_engagement == 5


def test_a_post_timeline_is_cumulative_per_hour_with_velocity(mastodon, today):
    post = factories.PostFactory(account=mastodon, posted_at=at(today, 1))
    base = at(today, 2)
    for minutes, total in ((5, 2), (40, 6), (65, 9), (190, 15)):
        factories.SnapshotFactory(post=post, captured_at=base + timedelta(minutes=minutes), likes=total,
                                  total_engagement=total)

    points = engagement_timeline(post, bucket="hour")

    assert [(p.at.hour, p.total_engagement, p.velocity) for p in points] == [(2, 6, 6), (3, 9, 3), (5, 15, 6)]
    assert engagement_timeline(post, bucket="day")[0].total_engagement == 15


def test_a_removal_is_shown_as_a_removal_not_a_negative_gain(mastodon, today):
    """Two likes and a comment, then one like removed and a comment added: gained 1, removed 1."""
    post = factories.PostFactory(account=mastodon, posted_at=at(today, 1))
    factories.SnapshotFactory(post=post, captured_at=at(today, 2), likes=2, comments=1, total_engagement=3)
    factories.SnapshotFactory(post=post, captured_at=at(today, 3), likes=1, comments=2, total_engagement=3)

    points = engagement_timeline(post, bucket="hour")

    assert [(p.gained, p.removed, p.velocity) for p in points] == [(3, 0, 3), (1, 1, 0)]


def test_a_post_timeline_is_one_query(mastodon, django_assert_num_queries):
    post = factories.PostFactory(account=mastodon)
    with django_assert_num_queries(1):
        engagement_timeline(post.pk)
