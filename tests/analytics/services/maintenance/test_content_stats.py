"""ContentHourStats: the roll-up the Content page reads gives what the posts give, for any period of whole
hours, after incremental runs, and never leaves half an hour of a neighbouring day behind."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.models import Account, AccountDailyStats, ContentFeature, ContentHourStats, PostHashtag
from analytics.selectors.content import content_comparison
from analytics.selectors.periods import Period
from analytics.services.maintenance.content_stats import rebuild_content_stats
from analytics.services.maintenance.flows import rebuild_rollups
from tests import factories
from tests.analytics.selectors.conftest import make_post

pytestmark = pytest.mark.django_db
MEDIA = ("image", "video", "carousel")


def _world(mastodon, instagram, *, days: int = 20, seed: int = 7) -> list:
    """Posts at every minute of the clock over `days` days, with captions of every bucket, 0-7 hashtags and
    followers known on some days only."""
    chance = random.Random(seed)
    tags = [factories.HashtagFactory(name=f"t{n}") for n in range(8)]
    today = timezone.localdate()
    posts = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        for account in (mastodon, instagram):
            if offset % 3:
                AccountDailyStats.objects.create(account=account, day=day, followers_count=50 + offset)
            for _ in range(3):
                moment = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
                    minutes=chance.randrange(24 * 60))
                post = make_post(account, moment, likes=chance.randrange(30), shares=chance.randrange(5))
                post.media_type = chance.choice(MEDIA)
                post.caption_text = "x" * chance.choice((0, 10, 120, 300, 700))
                post.save(update_fields=["media_type", "caption_text"])
                for tag in chance.sample(tags, chance.randrange(8)):
                    PostHashtag.objects.create(post=post, hashtag=tag)
                posts.append(post)
    return posts


def _from_posts(period, **scope):
    """The live computation: choosing every account makes the selector read the posts."""
    return content_comparison(period, accounts=list(Account.objects.values_list("pk", flat=True)), **scope)


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_the_roll_up_gives_what_the_posts_give_for_every_period_platform_and_zone(mastodon, instagram, zone):
    _world(mastodon, instagram)
    rebuild_rollups(full=True)
    with timezone.override(zone):
        for days in (1, 7, 30):
            period = Period.last(days)
            for platform in (None, "mastodon", "instagram"):
                assert content_comparison(period, platform=platform) == _from_posts(period, platform=platform)


def test_the_usual_case_reads_only_the_roll_up(mastodon, instagram):
    _world(mastodon, instagram, days=3)
    rebuild_content_stats()
    with CaptureQueriesContext(connection) as queries:
        found = content_comparison(Period.last(7))
    assert found.posts == 18
    assert len(queries) == 2
    assert not any('"analytics_post"' in query["sql"] for query in queries)


def test_a_zone_with_half_hour_offsets_reads_the_posts(mastodon, instagram):
    _world(mastodon, instagram, days=3)
    rebuild_content_stats()
    with timezone.override("Asia/Kolkata"), CaptureQueriesContext(connection) as queries:
        found = content_comparison(Period.last(7))
        assert found == _from_posts(Period.last(7))
    assert any('"analytics_post"' in query["sql"] for query in queries)


def test_an_incremental_run_catches_changes_deletions_and_new_posts(mastodon, instagram):
    posts = _world(mastodon, instagram)
    rebuild_rollups(full=True)
    untouched = set(ContentHourStats.objects.filter(hour__lt=timezone.now() - timedelta(days=10))
                    .values_list("hour", "platform", "feature", "bucket", "posts"))
    changed, deleted = posts[0], posts[1]
    changed.summary.likes = changed.summary.total_engagement = 999
    changed.summary.save()
    deleted.deleted_at = timezone.now()
    deleted.save(update_fields=["deleted_at"])
    make_post(mastodon, timezone.now() - timedelta(minutes=5), likes=4)

    rebuild_rollups()

    for days in (1, 7, 30):
        assert content_comparison(Period.last(days)) == _from_posts(Period.last(days))
    assert untouched <= set(ContentHourStats.objects.values_list("hour", "platform", "feature", "bucket", "posts"))


def test_a_rerun_writes_the_same_rows_and_no_duplicates(mastodon, instagram):
    _world(mastodon, instagram, days=5)
    rebuild_content_stats()
    first = sorted(ContentHourStats.objects.values_list("hour", "platform", "feature", "bucket", "posts",
                                                        "total_engagement", "rate_posts"))
    rebuild_content_stats()
    rebuild_content_stats(days=[timezone.localdate()])
    again = sorted(ContentHourStats.objects.values_list("hour", "platform", "feature", "bucket", "posts",
                                                        "total_engagement", "rate_posts"))
    assert again == first
    media = ContentHourStats.objects.filter(feature=ContentFeature.MEDIA)
    assert sum(media.values_list("posts", flat=True)) == 30  # each post counted once per feature


def test_a_day_rebuilt_alone_keeps_the_neighbouring_days_half_hour(mastodon, settings):
    settings.TIME_ZONE = "Asia/Kolkata"  # the team's days start at 18:30 UTC
    with timezone.override("Asia/Kolkata"):
        late = timezone.make_aware(datetime(2026, 11, 20, 23, 45))  # 18:15 UTC
        early = timezone.make_aware(datetime(2026, 11, 21, 0, 15))  # 18:45 UTC: the same UTC hour
        make_post(mastodon, late, likes=1)
        make_post(mastodon, early, likes=2)
        rebuild_content_stats()
        rebuild_content_stats(days=[date(2026, 11, 21)])
    row = ContentHourStats.objects.get(feature=ContentFeature.MEDIA)
    assert (row.hour.hour, row.posts, row.total_engagement) == (18, 2, 3)


def test_the_first_roll_up_after_the_upgrade_fills_every_day(mastodon, instagram):
    _world(mastodon, instagram, days=40)
    rebuild_rollups(full=True)
    ContentHourStats.objects.all().delete()  # as after migration 0021 on a database with posts
    rebuild_rollups()  # an incremental run
    assert content_comparison(Period.last(90)) == _from_posts(Period.last(90))
