"""Snapshot retention: all for 7 days, the last of each hour up to 30 days, the last of each day after."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from analytics.models import Granularity, MetricSnapshot
from analytics.services.maintenance.retention import downsample_snapshots, retention_cutoffs
from tests import factories

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 6, 30, 12, 30))


@pytest.fixture
def post():
    return factories.PostFactory(posted_at=NOW - timedelta(days=60))


def _snap(post, at, likes=1):
    return factories.SnapshotFactory(post=post, captured_at=at, likes=likes, total_engagement=likes)


def _kept(post):
    return list(MetricSnapshot.objects.filter(post=post).order_by("captured_at")
                .values_list("captured_at", "granularity"))


def test_cutoffs_are_floored_to_the_hour_and_to_local_midnight(settings):
    cutoffs = retention_cutoffs(now=NOW)
    assert cutoffs.keep_all_from == timezone.make_aware(datetime(2026, 6, 23, 12, 0))
    assert cutoffs.hourly_from == timezone.make_aware(datetime(2026, 5, 31, 0, 0))


@pytest.mark.smoke
def test_recent_snapshots_are_all_kept(post):
    keep_all_from = retention_cutoffs(now=NOW).keep_all_from
    for minutes in (0, 10, 20):
        _snap(post, keep_all_from + timedelta(minutes=minutes))

    result = downsample_snapshots(now=NOW)

    assert result.deleted == 0
    assert [g for _, g in _kept(post)] == [Granularity.RAW] * 3


def test_the_hourly_tier_keeps_the_last_snapshot_of_each_hour(post):
    keep_all_from = retention_cutoffs(now=NOW).keep_all_from
    hour = keep_all_from - timedelta(hours=1)  # the last hour of the hourly tier
    for minutes, likes in ((5, 1), (35, 2), (55, 3)):
        _snap(post, hour + timedelta(minutes=minutes), likes)
    _snap(post, keep_all_from, 9)  # first moment of the keep-all tier

    result = downsample_snapshots(now=NOW)

    assert result.deleted_hourly_tier == 2
    assert _kept(post) == [(hour + timedelta(minutes=55), Granularity.HOUR), (keep_all_from, Granularity.RAW)]
    assert MetricSnapshot.objects.get(post=post, captured_at=hour + timedelta(minutes=55)).likes == 3


def test_the_daily_tier_keeps_the_last_snapshot_of_each_day(post):
    hourly_from = retention_cutoffs(now=NOW).hourly_from
    day_before = hourly_from - timedelta(days=1)
    for hours in (1, 5, 23):
        _snap(post, day_before + timedelta(hours=hours))
    _snap(post, hourly_from)  # first moment of the hourly tier

    result = downsample_snapshots(now=NOW)

    assert result.deleted_daily_tier == 2
    assert _kept(post) == [(day_before + timedelta(hours=23), Granularity.DAY), (hourly_from, Granularity.HOUR)]


def test_downsampling_is_idempotent(post):
    for hours in range(0, 24 * 45, 7):
        _snap(post, NOW - timedelta(hours=hours))
    downsample_snapshots(now=NOW)
    kept = _kept(post)

    again = downsample_snapshots(now=NOW)

    assert (again.deleted, again.marked_hourly, again.marked_daily) == (0, 0, 0)
    assert _kept(post) == kept


def test_an_hourly_snapshot_ageing_into_the_daily_tier_is_thinned_next_run(post):
    hourly_from = retention_cutoffs(now=NOW).hourly_from
    for hours in (2, 10, 20):
        _snap(post, hourly_from + timedelta(hours=hours))
    downsample_snapshots(now=NOW)
    assert len(_kept(post)) == 3

    downsample_snapshots(now=NOW + timedelta(days=1))

    assert _kept(post) == [(hourly_from + timedelta(hours=20), Granularity.DAY)]


def test_buckets_are_per_post(post):
    other = factories.PostFactory(posted_at=NOW - timedelta(days=60))
    at = retention_cutoffs(now=NOW).hourly_from - timedelta(hours=5)
    _snap(post, at)
    _snap(other, at)

    downsample_snapshots(now=NOW)

    assert len(_kept(post)) == len(_kept(other)) == 1
