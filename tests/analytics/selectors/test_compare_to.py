"""Compare to: previous period, same period last year or nothing; growth from a near-empty base reads "new"."""

from __future__ import annotations

from datetime import date

import pytest

from admin_dashboards.templatetags.dashboards import delta
from analytics.models import AccountDailyStats
from analytics.selectors.kpis import dashboard_kpis
from analytics.selectors.periods import NEW, Period, percent_change

pytestmark = pytest.mark.django_db


def test_same_period_last_year_is_the_same_days_a_year_earlier():
    assert Period(date(2024, 2, 29), date(2024, 3, 6)).last_year() == Period(date(2023, 2, 28), date(2023, 3, 6))


def test_kpis_compare_with_the_same_period_last_year(mastodon):
    period = Period(date(2026, 3, 1), date(2026, 3, 7))
    AccountDailyStats.objects.create(account=mastodon, day=date(2026, 3, 2), posts_published=30, total_engagement=300)
    AccountDailyStats.objects.create(account=mastodon, day=date(2026, 2, 25), posts_published=99)  # previous week
    AccountDailyStats.objects.create(account=mastodon, day=date(2025, 3, 3), posts_published=20, total_engagement=150)

    kpis = dashboard_kpis(period, against=period.last_year())

    assert kpis.previous.posts_published == 20
    assert kpis.delta("posts_published") == 50.0 and kpis.delta("total_engagement") == 100.0
    assert dashboard_kpis(period).previous.posts_published == 99  # the default stays the previous period


def test_compare_to_nothing_shows_no_delta(mastodon):
    period = Period(date(2026, 3, 1), date(2026, 3, 7))
    AccountDailyStats.objects.create(account=mastodon, day=date(2026, 3, 2), posts_published=3)

    kpis = dashboard_kpis(period, against=None)

    assert kpis.current.posts_published == 3 and kpis.delta("posts_published") is None


def test_a_count_growing_from_a_near_empty_base_reads_new(mastodon):
    period = Period(date(2026, 3, 8), date(2026, 3, 14))
    AccountDailyStats.objects.create(account=mastodon, day=date(2026, 3, 1), posts_published=1, total_engagement=1)
    AccountDailyStats.objects.create(account=mastodon, day=date(2026, 3, 9), posts_published=3,
                                     total_engagement=142)

    kpis = dashboard_kpis(period)

    assert kpis.delta("total_engagement") == NEW
    assert "new" in delta(kpis.delta("total_engagement")) and "14" not in delta(kpis.delta("total_engagement"))


def test_percent_change_keeps_ordinary_growth_and_falls():
    assert percent_change(3, 2, new_above=1000) == 50.0
    assert percent_change(1100, 100, new_above=1000) == 1000.0
    assert percent_change(5, 100, new_above=1000) == -95.0
    assert percent_change(3, 0, new_above=1000) == NEW
    assert percent_change(3, 0) is None  # without a near-empty rule, zero still means "nothing to compare"
