"""Periods and headline KPIs with deltas, from AccountDailyStats."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics.models import AccountDailyStats
from analytics.selectors.kpis import dashboard_kpis
from analytics.selectors.periods import Period

pytestmark = pytest.mark.django_db


def _stats(account, day, posts, likes, comments=0, shares=0):
    AccountDailyStats.objects.create(account=account, day=day, posts_published=posts, likes=likes,
                                     comments=comments, shares=shares, total_engagement=likes + comments + shares)


@pytest.mark.smoke
def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    period = Period(start=date(2026, 3, 8), end=date(2026, 3, 14))
    assert period.previous() == Period(start=date(2026, 3, 1), end=date(2026, 3, 7))
    assert period.days == 7


@pytest.mark.smoke
def test_kpis_sum_the_period_and_compare_with_the_period_before(week, mastodon, instagram):
    _stats(mastodon, week.start, 2, 10, 4, 2)  # 16
    _stats(instagram, week.end, 1, 20, 4)  # 24
    _stats(mastodon, week.start - timedelta(days=1), 2, 10)  # previous period: 10
    _stats(mastodon, week.start - timedelta(days=30), 9, 900)  # outside both

    kpis = dashboard_kpis(week)

    assert (kpis.current.posts_published, kpis.current.likes, kpis.current.comments, kpis.current.shares,
            kpis.current.total_engagement) == (3, 30, 8, 2, 40)
    assert kpis.current.avg_engagement_per_post == pytest.approx(13.3)
    # mean per-post rate: (16 / 100 followers + 24 / 400 followers) / 3 posts x 100
    assert kpis.current.engagement_rate == pytest.approx(7.33)
    assert kpis.delta("total_engagement") == 300.0
    assert kpis.delta("posts_published") == 50.0
    assert kpis.accounts_connected == 2


def test_kpis_filter_by_platform_and_account(week, mastodon, instagram):
    _stats(mastodon, week.start, 1, 5)
    _stats(instagram, week.start, 1, 7)

    assert dashboard_kpis(week, platform="instagram").current.likes == 7
    assert dashboard_kpis(week, accounts=[mastodon.pk]).current.likes == 5
    assert dashboard_kpis(week, platform="instagram").current.followers == 400


def test_kpis_without_data_have_no_averages_nor_deltas(week, mastodon):
    kpis = dashboard_kpis(week)

    assert kpis.current.posts_published == 0
    assert kpis.current.avg_engagement_per_post is None
    assert kpis.current.engagement_rate is None
    assert kpis.delta("total_engagement") is None


def test_kpis_run_two_queries(week, mastodon, django_assert_num_queries):
    with django_assert_num_queries(2):
        dashboard_kpis(week)


@pytest.mark.smoke
def test_the_all_accounts_rate_lies_between_the_per_account_rates(week, mastodon, instagram):
    """Two audiences (100 and 400 followers): the aggregate is the mean per-post rate, not a sum of followers."""
    _stats(mastodon, week.start, 2, 6)  # 3 per post / 100 = 3 %
    _stats(instagram, week.start, 2, 8)  # 4 per post / 400 = 1 %

    rates = [dashboard_kpis(week, accounts=[account.pk]).current.engagement_rate for account in (mastodon, instagram)]
    overall = dashboard_kpis(week).current.engagement_rate

    assert rates == [3.0, 1.0]
    assert min(rates) <= overall <= max(rates)
    assert overall == 2.0  # (3 % + 3 % + 1 % + 1 %) / 4 posts


def test_the_rate_uses_the_followers_of_the_day_the_post_was_published(week, mastodon):
    AccountDailyStats.objects.create(account=mastodon, day=week.start, posts_published=1, likes=5,
                                     total_engagement=5, followers_count=50)  # 10 %
    AccountDailyStats.objects.create(account=mastodon, day=week.end, posts_published=1, likes=5,
                                     total_engagement=5, followers_count=250)  # 2 %

    assert dashboard_kpis(week).current.engagement_rate == 6.0
