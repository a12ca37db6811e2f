"""Hashtag stats are kept per platform, so the hashtag pages filter by platform from the roll-up alone,
and the all-platform figures (trending, alerts) are the sums of the platform rows."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.models import Granularity, HashtagStats, PostHashtag, SyncKind, SyncRun
from analytics.selectors.hashtags import hashtag_series, trending_hashtags
from analytics.selectors.periods import Period
from analytics.services.maintenance.flows import rebuild_rollups
from analytics.services.maintenance.rollups import rebuild_hashtag_stats
from tests import factories

pytestmark = pytest.mark.django_db


def _tagged(account, tag, when, likes):
    post = factories.PostFactory(account=account, posted_at=when)
    factories.SummaryFactory(post=post, likes=likes, comments=0, shares=0, total_engagement=likes)
    PostHashtag.objects.create(post=post, hashtag=tag)
    return post


@pytest.fixture
def two_platforms():
    """#sunset on Mastodon (10 likes) and Pixelfed (3 likes), #sea on Pixelfed only (7 likes), yesterday."""
    yesterday = timezone.localdate() - timedelta(days=1)
    noon = timezone.make_aware(datetime.combine(yesterday, datetime.min.time()) + timedelta(hours=12))
    mastodon = factories.AccountFactory(instance=factories.InstanceFactory(platform="mastodon"))
    pixelfed = factories.AccountFactory(instance=factories.InstanceFactory(platform="pixelfed"))
    sunset, sea = factories.HashtagFactory(name="sunset"), factories.HashtagFactory(name="sea")
    _tagged(mastodon, sunset, noon, 10)
    _tagged(pixelfed, sunset, noon, 3)
    _tagged(pixelfed, sea, noon, 7)
    return yesterday, sunset, sea


def test_the_roll_up_keeps_one_row_per_hashtag_platform_and_day(two_platforms):
    _, sunset, _ = two_platforms

    rebuild_hashtag_stats()
    rebuild_hashtag_stats()  # idempotent

    rows = HashtagStats.objects.filter(hashtag=sunset, granularity=Granularity.DAY)
    assert sorted(rows.values_list("platform", "posts_count", "total_engagement")) == [
        ("mastodon", 1, 10), ("pixelfed", 1, 3)]


def test_trending_and_series_filter_by_platform_and_sum_across_platforms(two_platforms):
    yesterday, sunset, _ = two_platforms
    rebuild_hashtag_stats()
    period = Period(start=yesterday, end=timezone.localdate())

    everywhere = {tag.name: tag.total_engagement for tag in trending_hashtags(period)}
    on_pixelfed = {tag.name: tag.total_engagement for tag in trending_hashtags(period, platform="pixelfed")}
    on_mastodon = {tag.name: tag.total_engagement for tag in trending_hashtags(period, platform="mastodon")}

    assert everywhere == {"sunset": 13, "sea": 7}
    assert on_pixelfed == {"sunset": 3, "sea": 7}
    assert on_mastodon == {"sunset": 10}
    series = hashtag_series(period, hashtag_ids=[sunset.pk])
    assert series[0].points[0] == 13
    assert hashtag_series(period, hashtag_ids=[sunset.pk], platform="pixelfed")[0].points[0] == 3


def test_the_hashtags_page_filters_by_platform(client, two_platforms):
    rebuild_hashtag_stats()
    client.force_login(factories.UserFactory(is_superuser=True))

    page = client.get(reverse("admin:admin_dashboards_hashtags"), {"platform": "mastodon", "period": "7"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "sunset" in html and "#sea" not in html and ">sea<" not in html


def test_an_emptied_stats_table_is_rebuilt_for_every_day_by_the_next_roll_up(two_platforms):
    rebuild_rollups()
    assert SyncRun.objects.filter(kind=SyncKind.ROLLUP).exists()
    HashtagStats.objects.all().delete()  # what migration 0010 does to split the rows by platform

    rebuild_rollups()  # incremental: nothing changed since the last run, yet the stats come back

    assert HashtagStats.objects.filter(granularity=Granularity.DAY).count() == 3
    assert HashtagStats.objects.filter(granularity=Granularity.HOUR).count() == 3


def test_the_hashtags_page_lists_every_platform_without_a_filter(client, two_platforms):
    rebuild_hashtag_stats()
    client.force_login(factories.UserFactory(is_superuser=True))

    html = client.get(reverse("admin:admin_dashboards_hashtags"), {"period": "7"}).content.decode()

    assert "sunset" in html and ("#sea" in html or ">sea<" in html)
