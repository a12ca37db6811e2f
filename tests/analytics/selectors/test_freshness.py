"""Freshness: the last roll-up and the oldest refresh in scope, stale past twice their schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from analytics.models import SyncKind, SyncStatus
from analytics.selectors.freshness import dashboard_freshness, schedule_interval
from tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)


def _rollup(finished_at):
    return factories.SyncRunFactory(account=None, kind=SyncKind.ROLLUP, status=SyncStatus.OK,
                                    started_at=finished_at - timedelta(minutes=1), finished_at=finished_at)


def test_the_schedule_interval_comes_from_the_cron():
    assert schedule_interval("7 * * * *", now=NOW) == timedelta(hours=1)
    assert schedule_interval("30 3 * * *", now=NOW) == timedelta(days=1)


def test_ages_come_from_the_last_rollup_and_the_oldest_refresh_in_scope(mastodon, instagram):
    _rollup(NOW - timedelta(minutes=200))
    _rollup(NOW - timedelta(minutes=12))
    mastodon.last_refreshed_at = NOW - timedelta(minutes=30)
    mastodon.save()
    instagram.last_refreshed_at = NOW - timedelta(minutes=150)
    instagram.save()

    everything = dashboard_freshness(now=NOW)
    mastodon_only = dashboard_freshness(platform="mastodon", now=NOW)

    assert (everything.rollup.age_minutes, everything.rollup.stale) == (12, False)
    assert (everything.refresh.age_minutes, everything.refresh.stale) == (150, True)  # > 2 x hourly schedule
    assert (mastodon_only.refresh.age_minutes, mastodon_only.refresh.stale) == (30, False)


def test_an_account_never_refreshed_or_no_rollup_is_flagged(mastodon):
    freshness = dashboard_freshness(now=NOW)
    assert freshness.rollup.at is None and freshness.rollup.stale
    assert freshness.refresh.at is None and freshness.refresh.stale and freshness.never_refreshed == 1


def test_freshness_is_one_query(mastodon, django_assert_num_queries):
    with django_assert_num_queries(1):
        dashboard_freshness(now=NOW)
