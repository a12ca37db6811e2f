"""Roll-ups: AccountDailyStats and HashtagStats are exact, incremental and idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from analytics.models import AccountDailyStats, DailyTopPost, Granularity, HashtagStats, PostHashtag
from analytics.services.maintenance.rollups import (
    days_touched_since,
    rebuild_account_daily_stats,
    rebuild_hashtag_stats,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


@pytest.fixture
def days():
    today = timezone.localdate()
    return today - timedelta(days=2), today - timedelta(days=1), today


@pytest.fixture
def account():
    return factories.AccountFactory(followers_count=500)


def _post(account, when, likes, comments, shares):
    post = factories.PostFactory(account=account, posted_at=when)
    factories.SummaryFactory(post=post, likes=likes, comments=comments, shares=shares,
                             total_engagement=likes + comments + shares)
    return post


def _row(account, day):
    return AccountDailyStats.objects.get(account=account, day=day)


@pytest.mark.smoke
def test_daily_stats_attribute_engagement_to_the_publication_day(account, days):
    two_days_ago, yesterday, _ = days
    _post(account, _at(two_days_ago, 9), 10, 2, 1)
    _post(account, _at(two_days_ago, 20), 5, 0, 0)
    _post(account, _at(yesterday), 1, 1, 1)

    rebuild_account_daily_stats()

    first = _row(account, two_days_ago)
    assert (first.posts_published, first.likes, first.comments, first.shares, first.total_engagement) == (
        2, 15, 2, 1, 18)
    assert _row(account, yesterday).total_engagement == 3


def test_daily_stats_keep_todays_followers_on_todays_row_only(account, days):
    two_days_ago, _, today = days
    _post(account, _at(two_days_ago), 1, 0, 0)

    rebuild_account_daily_stats()

    assert _row(account, today).followers_count == 500
    assert _row(account, today).posts_published == 0
    assert _row(account, two_days_ago).followers_count is None


def test_rebuilding_a_past_day_keeps_the_followers_it_recorded(account, days):
    two_days_ago, _, _ = days
    _post(account, _at(two_days_ago), 1, 0, 0)
    AccountDailyStats.objects.create(account=account, day=two_days_ago, followers_count=480)

    rebuild_account_daily_stats(days=[two_days_ago])

    assert _row(account, two_days_ago).followers_count == 480
    assert _row(account, two_days_ago).likes == 1


def test_daily_stats_are_idempotent(account, days):
    two_days_ago, yesterday, _ = days
    _post(account, _at(two_days_ago), 3, 2, 1)
    _post(account, _at(yesterday), 4, 0, 0)

    first = rebuild_account_daily_stats()
    snapshot = sorted(AccountDailyStats.objects.values_list("account_id", "day", "posts_published",
                                                            "total_engagement", "followers_count"))
    second = rebuild_account_daily_stats()

    assert first.rows_written == second.rows_written == 3
    assert sorted(AccountDailyStats.objects.values_list("account_id", "day", "posts_published",
                                                        "total_engagement", "followers_count")) == snapshot


def test_only_the_days_passed_in_are_rebuilt(account, days):
    two_days_ago, yesterday, _ = days
    _post(account, _at(two_days_ago), 3, 0, 0)
    post = _post(account, _at(yesterday), 4, 0, 0)
    rebuild_account_daily_stats()
    post.summary.likes = post.summary.total_engagement = 40
    post.summary.save()
    AccountDailyStats.objects.filter(day=two_days_ago).update(likes=999)

    result = rebuild_account_daily_stats(days=[yesterday])

    assert result.days == 1
    assert _row(account, yesterday).likes == 40
    assert _row(account, two_days_ago).likes == 999


def test_a_deleted_post_is_taken_out_of_its_day(account, days):
    two_days_ago, _, _ = days
    post = _post(account, _at(two_days_ago), 3, 0, 0)
    rebuild_account_daily_stats()
    post.deleted_at = timezone.now()
    post.save()

    rebuild_account_daily_stats(days=[two_days_ago])

    assert (_row(account, two_days_ago).posts_published, _row(account, two_days_ago).likes) == (0, 0)


def test_changed_since_finds_the_days_of_changed_posts(account, days):
    two_days_ago, yesterday, _ = days
    old = _post(account, _at(two_days_ago), 3, 0, 0)
    _post(account, _at(yesterday), 4, 0, 0)
    since = timezone.now() + timedelta(seconds=1)
    old.summary.updated_at = since + timedelta(seconds=1)
    old.summary.save()

    assert two_days_ago in days_touched_since(since)
    assert yesterday not in days_touched_since(since)
    result = rebuild_account_daily_stats(changed_since=since)
    assert result.days == 2  # the changed day and today
    assert not AccountDailyStats.objects.filter(day=yesterday).exists()


def test_account_ids_limit_the_rebuild(account, days):
    two_days_ago, _, _ = days
    other = factories.AccountFactory()
    _post(account, _at(two_days_ago), 1, 0, 0)
    _post(other, _at(two_days_ago), 1, 0, 0)

    rebuild_account_daily_stats(account_ids=[account.pk], days=[two_days_ago])

    assert AccountDailyStats.objects.filter(account=account).exists()
    assert not AccountDailyStats.objects.filter(account=other).exists()


@pytest.mark.smoke
def test_hashtag_stats_sum_the_posts_using_each_tag_per_day(account, days):
    two_days_ago, yesterday, _ = days
    sunset, sea = factories.HashtagFactory(name="sunset"), factories.HashtagFactory(name="sea")
    first = _post(account, _at(two_days_ago, 8), 10, 0, 0)
    second = _post(account, _at(two_days_ago, 18), 5, 1, 0)
    third = _post(account, _at(yesterday), 2, 0, 0)
    PostHashtag.objects.bulk_create([PostHashtag(post=first, hashtag=sunset), PostHashtag(post=second, hashtag=sunset),
                                     PostHashtag(post=second, hashtag=sea), PostHashtag(post=third, hashtag=sea)])

    rebuild_hashtag_stats()
    rebuild_hashtag_stats()

    day_rows = HashtagStats.objects.filter(granularity=Granularity.DAY)
    assert day_rows.count() == 3
    sunset_row = day_rows.get(hashtag=sunset)
    assert (sunset_row.posts_count, sunset_row.likes, sunset_row.total_engagement) == (2, 15, 16)
    assert timezone.localtime(sunset_row.period_start).date() == two_days_ago


def test_hourly_hashtag_stats_split_a_day_by_hour(account, days):
    two_days_ago, _, _ = days
    tag = factories.HashtagFactory(name="sunset")
    for hour in (8, 8, 18):
        PostHashtag.objects.create(post=_post(account, _at(two_days_ago, hour) + timedelta(minutes=hour),
                                              1, 0, 0), hashtag=tag)

    rebuild_hashtag_stats(days=[two_days_ago], granularity=Granularity.HOUR)

    counts = sorted(HashtagStats.objects.filter(granularity=Granularity.HOUR).values_list("posts_count", flat=True))
    assert counts == [1, 2]


def test_hashtag_stats_of_a_day_without_posts_left_are_zeroed(account, days):
    two_days_ago, _, _ = days
    tag = factories.HashtagFactory(name="sunset")
    post = _post(account, _at(two_days_ago), 1, 0, 0)
    PostHashtag.objects.create(post=post, hashtag=tag)
    rebuild_hashtag_stats()
    post.deleted_at = timezone.now()
    post.save()

    rebuild_hashtag_stats(days=[two_days_ago])

    row = HashtagStats.objects.get(hashtag=tag)
    assert (row.posts_count, row.total_engagement) == (0, 0)


@pytest.mark.smoke
def test_daily_top_posts_keep_the_best_live_posts_per_day_and_platform(account, days):
    two_days_ago, yesterday, _ = days
    posts = [_post(account, _at(two_days_ago, 1 + n), n, 0, 0) for n in range(12)]
    deleted = _post(account, _at(two_days_ago), 99, 0, 0)
    deleted.deleted_at = timezone.now()
    deleted.save()
    instagram = factories.AccountFactory(
        instance=factories.InstanceFactory(base_url="https://graph.instagram.com", platform="instagram"))
    other = _post(instagram, _at(two_days_ago), 1, 0, 0)
    later = _post(account, _at(yesterday), 1, 0, 0)

    rebuild_account_daily_stats()
    rebuild_account_daily_stats()  # idempotent

    kept = DailyTopPost.objects.filter(day=two_days_ago, platform=account.platform)
    assert sorted(kept.values_list("total_engagement", flat=True)) == list(range(2, 12))
    assert set(kept.values_list("post_id", flat=True)) == {post.pk for post in posts[2:]}
    assert DailyTopPost.objects.get(post=other).platform == "instagram"
    assert DailyTopPost.objects.get(post=later).day == yesterday

    posts[11].deleted_at = timezone.now()
    posts[11].save()
    rebuild_account_daily_stats(days=[two_days_ago])
    assert not DailyTopPost.objects.filter(post=posts[11]).exists()
    assert DailyTopPost.objects.filter(post=posts[1]).exists()
    assert DailyTopPost.objects.filter(post=later).exists()  # another day: untouched


def test_hourly_hashtag_stats_cover_only_the_recent_days(account, days, settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "HASHTAG_HOURLY_DAYS": 2}
    two_days_ago, yesterday, _ = days
    tag = factories.HashtagFactory(name="sunset")
    for day in (two_days_ago, yesterday):
        PostHashtag.objects.create(post=_post(account, _at(day), 1, 0, 0), hashtag=tag)
    HashtagStats.objects.create(hashtag=tag, granularity=Granularity.HOUR, period_start=_at(two_days_ago))

    rebuild_hashtag_stats(granularity=Granularity.HOUR)

    hours = HashtagStats.objects.filter(granularity=Granularity.HOUR)
    assert [timezone.localtime(row.period_start).date() for row in hours] == [yesterday]
    rebuild_hashtag_stats(granularity=Granularity.DAY)
    assert HashtagStats.objects.filter(granularity=Granularity.DAY).count() == 2


@pytest.mark.smoke
def test_daily_stats_sum_views_and_reach_and_keep_null_where_no_post_reports_them(account, days):
    two_days_ago, yesterday, _ = days
    for views in (100, 50):
        post = factories.PostFactory(account=account, posted_at=_at(two_days_ago))
        factories.SummaryFactory(post=post, views=views, reach=views // 2)
    factories.SummaryFactory(post=factories.PostFactory(account=account, posted_at=_at(yesterday)))

    rebuild_account_daily_stats()

    assert (_row(account, two_days_ago).views, _row(account, two_days_ago).reach) == (150, 75)
    assert (_row(account, yesterday).views, _row(account, yesterday).reach) == (None, None)
