"""Backfill: hourly snapshots reconstructed from real event times, never over existing snapshots."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from analytics.models import Granularity, MetricSnapshot
from analytics.services.refresh.backfill import backfill_snapshots_from_events
from tests import factories

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 6, 30, 12, 30))


@pytest.fixture
def post():
    return factories.PostFactory(posted_at=NOW - timedelta(days=3))


def _series(post):
    return list(MetricSnapshot.objects.filter(post=post).order_by("captured_at")
                .values_list("captured_at", "likes", "shares", "comments", "total_engagement"))


@pytest.mark.smoke
def test_backfill_writes_running_totals_at_the_end_of_each_hour_with_events(post):
    hour = NOW.replace(minute=0) - timedelta(hours=10)
    factories.LikeFactory(post=post, occurred_at=hour + timedelta(minutes=5), time_is_estimate=False)
    factories.LikeFactory(post=post, occurred_at=hour + timedelta(minutes=50), time_is_estimate=False)
    factories.ShareFactory(post=post, occurred_at=hour + timedelta(hours=2), time_is_estimate=False)
    factories.CommentFactory(post=post, created_at=hour + timedelta(hours=2, minutes=1))

    result = backfill_snapshots_from_events([post.pk], now=NOW)

    assert result.snapshots_created == 2
    assert _series(post) == [(hour + timedelta(hours=1), 2, 0, 0, 2), (hour + timedelta(hours=3), 2, 1, 1, 4)]
    assert set(MetricSnapshot.objects.values_list("granularity", flat=True)) == {Granularity.HOUR}


def test_estimated_and_removed_events_are_left_out(post):
    factories.LikeFactory(post=post, occurred_at=NOW - timedelta(hours=5), time_is_estimate=True)
    factories.LikeFactory(post=post, occurred_at=NOW - timedelta(hours=5), time_is_estimate=False,
                          removed_at=NOW)
    factories.CommentFactory(post=post, created_at=NOW - timedelta(hours=4), deleted_at=NOW)

    assert backfill_snapshots_from_events([post.pk], now=NOW).snapshots_created == 0


def test_backfill_is_idempotent(post):
    factories.LikeFactory(post=post, occurred_at=NOW - timedelta(hours=5), time_is_estimate=False)
    backfill_snapshots_from_events([post.pk], now=NOW)
    series = _series(post)

    again = backfill_snapshots_from_events([post.pk], now=NOW)

    assert again.snapshots_created == 0
    assert _series(post) == series


def test_backfill_stops_before_the_first_measured_snapshot(post):
    factories.LikeFactory(post=post, occurred_at=NOW - timedelta(hours=20), time_is_estimate=False)
    factories.LikeFactory(post=post, occurred_at=NOW - timedelta(hours=2), time_is_estimate=False)
    measured = factories.SnapshotFactory(post=post, captured_at=NOW - timedelta(hours=10), likes=7)

    result = backfill_snapshots_from_events([post.pk], now=NOW)

    assert result.snapshots_created == 1
    assert MetricSnapshot.objects.get(pk=measured.pk).likes == 7
    assert MetricSnapshot.objects.filter(post=post, captured_at__lt=measured.captured_at).count() == 1


def test_backfill_is_capped_to_the_window_but_counts_older_events(post):
    old_post = factories.PostFactory(posted_at=NOW - timedelta(days=90))
    factories.LikeFactory(post=old_post, occurred_at=NOW - timedelta(days=60), time_is_estimate=False)
    factories.LikeFactory(post=old_post, occurred_at=NOW - timedelta(days=1), time_is_estimate=False)

    backfill_snapshots_from_events([old_post.pk], max_days=30, now=NOW)

    assert [likes for _, likes, *_ in _series(old_post)] == [2]
