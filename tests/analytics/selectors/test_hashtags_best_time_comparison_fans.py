"""Trending hashtags, the best-time heatmap, platform comparison and top fans on hand-made data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from analytics.models import AccountDailyStats, Granularity, HashtagStats
from analytics.selectors.audience import top_fans
from analytics.selectors.best_time import best_time_to_post
from analytics.selectors.comparison import account_breakdown, platform_comparison
from analytics.selectors.hashtags import hashtag_series, trending_hashtags
from analytics.selectors.periods import local_midnight
from tests import factories
from tests.analytics.selectors.conftest import at, make_post

pytestmark = pytest.mark.django_db


def _tag_stats(tag, day, posts, total):
    HashtagStats.objects.create(hashtag=tag, granularity=Granularity.DAY, period_start=local_midnight(day),
                                posts_count=posts, total_engagement=total)


@pytest.mark.smoke
def test_trending_hashtags_rank_by_engagement_with_growth(week):
    sunset, sea, old = (factories.HashtagFactory(name=n) for n in ("sunset", "sea", "old"))
    _tag_stats(sunset, week.start, 2, 30)
    _tag_stats(sunset, week.previous().end, 1, 10)
    _tag_stats(sea, week.end, 1, 40)
    _tag_stats(old, week.previous().start, 3, 99)

    trending = trending_hashtags(week)

    assert [(t.name, t.total_engagement, t.previous_engagement) for t in trending] == [
        ("sea", 40, 0), ("sunset", 30, 10)]
    assert trending[0].is_new and trending[0].growth is None
    assert trending[1].growth == 200.0
    series = hashtag_series(week, hashtag_ids=[sunset.pk])
    assert series[0].points == [30, 0, 0, 0, 0, 0, 0]


def test_best_time_groups_posts_by_local_weekday_and_hour(week, mastodon):
    monday = week.start - timezone.timedelta(days=week.start.weekday())
    if monday < week.start:
        monday += timezone.timedelta(days=7)
    make_post(mastodon, at(monday, 9), likes=10)
    make_post(mastodon, at(monday, 9) + timezone.timedelta(minutes=30), likes=20)
    make_post(mastodon, at(monday, 18), likes=3)

    heatmap = best_time_to_post(week, minimum=1)

    monday_cells = heatmap.rows[0][1]
    assert (monday_cells[9].posts, monday_cells[9].average) == (2, 15.0)
    assert monday_cells[18].average == 3.0
    assert heatmap.best == monday_cells[9]
    assert heatmap.level(monday_cells[9]) == 5 and heatmap.level(monday_cells[18]) == 1
    assert heatmap.level(monday_cells[0]) == 0


def test_best_time_respects_the_time_zone(week, mastodon, settings):
    settings.TIME_ZONE = "Asia/Tokyo"  # UTC+9, no daylight saving
    timezone.activate("Asia/Tokyo")
    try:
        make_post(mastodon, at(week.end, 23), likes=1)
        cells = [cell for _, row in best_time_to_post(week).rows for cell in row if cell.posts]
        assert [cell.hour for cell in cells] == [23]
    finally:
        timezone.deactivate()


@pytest.mark.smoke
def test_platform_comparison_shows_na_for_what_a_platform_cannot_report(week, mastodon, instagram):
    AccountDailyStats.objects.create(account=mastodon, day=week.start, posts_published=2, likes=10,
                                     total_engagement=10)
    AccountDailyStats.objects.create(account=instagram, day=week.start, posts_published=1, likes=30,
                                     total_engagement=30, views=500, reach=300)  # views and reach: roll-up only

    rows = {row.key: row for row in platform_comparison(week)}

    assert (rows["mastodon"].posts, rows["mastodon"].engagement_per_post, rows["mastodon"].share_of_total) == (
        2, 5.0, 25.0)
    assert rows["mastodon"].views is None and rows["mastodon"].reports_likers
    assert (rows["instagram"].views, rows["instagram"].reach) == (500, 300)
    assert not rows["instagram"].reports_likers
    assert rows["instagram"].engagement_rate == 7.5  # 30 per post / 400 followers
    assert "pixelfed" not in rows  # no account connected


def test_a_platforms_rate_lies_between_its_accounts_rates(week, mastodon):
    big = factories.AccountFactory(instance=mastodon.instance, followers_count=400)
    AccountDailyStats.objects.create(account=mastodon, day=week.start, posts_published=1, likes=3,
                                     total_engagement=3)  # 3 % of 100
    AccountDailyStats.objects.create(account=big, day=week.start, posts_published=3, likes=12,
                                     total_engagement=12)  # 1 % of 400

    by_account = sorted(row.engagement_rate for row in account_breakdown(week))
    platform = platform_comparison(week)[0]

    assert by_account == [1.0, 3.0]
    assert platform.engagement_rate == 1.5  # (3 % + 3 x 1 %) / 4 posts, not 15 / 4 / 500 = 0.75 %


def test_account_breakdown_lists_each_account(week, mastodon, instagram):
    AccountDailyStats.objects.create(account=instagram, day=week.end, posts_published=1, total_engagement=4)

    rows = account_breakdown(week)

    assert [(row.label, row.total_engagement) for row in rows] == [(instagram.handle, 4), (mastodon.handle, 0)]


def test_top_fans_rank_actors_across_the_periods_posts(week, mastodon):
    first, second = make_post(mastodon, at(week.start)), make_post(mastodon, at(week.end))
    superfan, casual = factories.ActorFactory(handle="superfan"), factories.ActorFactory(handle="casual")
    for post in (first, second):
        factories.LikeFactory(post=post, actor=superfan)
    factories.ShareFactory(post=first, actor=superfan)
    factories.CommentFactory(post=second, actor=casual)
    factories.LikeFactory(post=first, actor=casual, removed_at=timezone.now())  # undone: not counted

    fans = top_fans(week)

    assert [(f.handle, f.likes, f.shares, f.comments, f.total) for f in fans] == [
        ("superfan", 2, 1, 0, 3), ("casual", 0, 0, 1, 1)]
