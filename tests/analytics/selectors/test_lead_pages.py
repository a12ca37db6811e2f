"""Audience growth, top fans per account, content comparison and decay on hand-built data with known answers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from analytics.models import Account, AccountDailyStats, PostHashtag
from analytics.selectors.audience import fan_rankings
from analytics.selectors.content import content_comparison
from analytics.selectors.decay import post_decay
from analytics.selectors.growth import audience_growth
from analytics.services.maintenance.content_stats import rebuild_content_stats
from analytics.services.maintenance.decay import rebuild_post_decay
from tests import factories
from tests.analytics.selectors.conftest import at, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["roll-up", "posts"])
def compare_content(request):
    """The content comparison read both ways: from the roll-up's hour rows (no accounts chosen), and from
    the posts (every account chosen, which the roll-up cannot serve): the same known answers."""

    def compare(period):
        if request.param == "roll-up":
            rebuild_content_stats()
            return content_comparison(period)
        return content_comparison(period, accounts=list(Account.objects.values_list("pk", flat=True)))

    return compare


def test_growth_reads_followers_per_day_and_says_from_when_history_is_known(week, mastodon, instagram):
    AccountDailyStats.objects.create(account=mastodon, day=week.start - timedelta(days=3), followers_count=90)
    AccountDailyStats.objects.create(account=mastodon, day=week.start, followers_count=100)
    AccountDailyStats.objects.create(account=mastodon, day=week.start + timedelta(days=2))  # no followers: a gap
    AccountDailyStats.objects.create(account=mastodon, day=week.end, followers_count=125)
    AccountDailyStats.objects.create(account=instagram, day=week.end, followers_count=400)

    growth = audience_growth(week)

    by_handle = {row.handle: row for row in growth.accounts}
    fed = by_handle[mastodon.handle]
    assert fed.series == [100, None, None, None, None, None, 125]
    assert (fed.first, fed.last, fed.net_change, fed.growth_percent) == (100, 125, 25, 25.0)
    assert fed.known_since == week.start - timedelta(days=3)
    assert by_handle[instagram.handle].net_change == 0
    assert growth.known_since == week.start - timedelta(days=3)


def test_growth_from_a_near_empty_audience_says_new_not_a_huge_percentage(week, mastodon):
    AccountDailyStats.objects.create(account=mastodon, day=week.start, followers_count=1)
    AccountDailyStats.objects.create(account=mastodon, day=week.end, followers_count=142)

    row = audience_growth(week).accounts[0]

    assert row.net_change == 141 and row.growth_percent is None and row.is_new


def test_fans_rank_overall_and_per_account_with_last_engagement(week, mastodon, instagram):
    shared = factories.ActorFactory(handle="both")
    loyal = factories.ActorFactory(handle="loyal")
    fed_post, gram_post = make_post(mastodon, at(week.start)), make_post(instagram, at(week.end))
    factories.LikeFactory(post=fed_post, actor=shared, occurred_at=at(week.start, 13))
    factories.CommentFactory(post=gram_post, actor=shared, created_at=at(week.end, 15))
    factories.LikeFactory(post=fed_post, actor=loyal, occurred_at=at(week.start, 14))
    factories.ShareFactory(post=fed_post, actor=loyal, occurred_at=at(week.start, 16))
    factories.CommentFactory(post=fed_post, actor=loyal, created_at=at(week.start, 18))

    rankings = fan_rankings(week)

    assert [(f.handle, f.likes, f.shares, f.comments, f.last_engaged_at) for f in rankings.overall] == [
        ("loyal", 1, 1, 1, at(week.start, 18)), ("both", 1, 0, 1, at(week.end, 15))]
    sections = {section.handle: section.fans for section in rankings.per_account}
    assert [(f.handle, f.total, f.last_engaged_at) for f in sections[mastodon.handle]] == [
        ("loyal", 3, at(week.start, 18)), ("both", 1, at(week.start, 13))]
    assert [(f.handle, f.comments) for f in sections[instagram.handle]] == [("both", 1)]


def test_fans_are_cut_at_both_limits_with_ties_by_actor_and_only_the_scope_counts(week, mastodon, instagram):
    fans = [factories.ActorFactory(handle=f"fan{n}") for n in range(4)]  # created in order: ids ascend
    post, other = make_post(mastodon, at(week.start, 10)), make_post(mastodon, at(week.start, 11))
    gone = make_post(mastodon, at(week.start, 12))
    gone.deleted_at = gone.posted_at
    gone.save()
    for fan, likes in zip(fans, (1, 2, 2, 3), strict=True):
        for target in (post, other)[:min(likes, 2)]:
            factories.LikeFactory(post=target, actor=fan)
        if likes == 3:
            factories.ShareFactory(post=post, actor=fan)
    for fan in fans:
        factories.LikeFactory(post=gone, actor=fan)  # a deleted post's likes count for nobody
    factories.CommentFactory(post=make_post(instagram, at(week.start, 10)), actor=fans[0])

    rankings = fan_rankings(week, limit=3, per_account=2)

    assert [(f.handle, f.total) for f in rankings.overall] == [("fan3", 3), ("fan0", 2), ("fan1", 2)]
    sections = {section.handle: section.fans for section in rankings.per_account}
    assert [(f.handle, f.total) for f in sections[mastodon.handle]] == [("fan3", 3), ("fan1", 2)]
    assert [(f.handle, f.comments) for f in sections[instagram.handle]] == [("fan0", 1)]
    only_mastodon = fan_rankings(week, platform="mastodon", limit=1, per_account=1)
    assert [(f.handle, f.total) for f in only_mastodon.overall] == [("fan3", 3)]
    assert [section.handle for section in only_mastodon.per_account] == [mastodon.handle]
    assert fan_rankings(week, accounts=[instagram.pk]).overall[0].handle == "fan0"


def test_content_groups_posts_with_sample_size_and_own_account_rate(week, mastodon, instagram, compare_content):
    AccountDailyStats.objects.create(account=mastodon, day=week.start, followers_count=50)
    video = make_post(mastodon, at(week.start, 9), likes=10)  # 10 / 50 followers that day = 20 %
    video.media_type, video.caption_text = "video", "x" * 120
    video.save()
    image = make_post(instagram, at(week.end, 9), likes=4)  # 4 / 400 current followers = 1 %
    image.media_type, image.caption_text = "image", ""
    image.save()
    for name in ("a", "b", "c"):
        PostHashtag.objects.create(post=image, hashtag=factories.HashtagFactory(name=name))

    content = compare_content(week)

    assert [(g.key, g.posts, g.engagement_per_post, g.engagement_rate, g.small_sample)
            for g in sorted(content.media_types, key=lambda g: g.key)] == [
        ("image", 1, 4.0, 1.0, True), ("video", 1, 10.0, 20.0, True)]
    assert [(g.label, g.posts) for g in content.caption_lengths] == [
        ("No caption", 1), ("81 to 200 characters", 1)]
    assert [(g.label, g.total_engagement) for g in content.hashtag_counts] == [
        ("No hashtags", 10), ("3 to 5 hashtags", 4)]
    assert [(g.label, g.posts) for g in content.hours] == [("09:00", 2)]


def _timed_likes(post, hours):
    for offset in hours:
        factories.LikeFactory(post=post, occurred_at=post.posted_at + timedelta(hours=offset),
                              time_is_estimate=False)


def test_decay_times_come_from_real_event_times_only(week, mastodon):
    post = make_post(mastodon, at(week.start, 8))
    _timed_likes(post, [1, 1, 2, 2, 3, 3, 4, 5, 10, 30])
    factories.LikeFactory(post=post, occurred_at=post.posted_at + timedelta(hours=200))  # estimate: left out
    factories.CommentFactory(post=post, created_at=post.posted_at + timedelta(hours=50), deleted_at=at(week.end))

    assert rebuild_post_decay() == 1
    decay = post.decay
    decay.refresh_from_db()

    assert (decay.timed_events, decay.estimated_events) == (10, 1)
    assert (decay.hours_to_half, decay.hours_to_ninety) == (3.0, 10.0)  # 5th and 9th of 10 events
    assert (decay.share_1h, decay.share_6h, decay.share_24h, decay.share_168h) == (0.2, 0.8, 0.9, 1.0)


def test_decay_page_data_are_medians_by_platform_and_media_type(week, mastodon, instagram):
    fast, slow, other = (make_post(mastodon, at(week.start, h)) for h in (8, 9, 10))
    _timed_likes(fast, [1] * 6)
    _timed_likes(slow, [3] * 6)
    _timed_likes(other, [11] * 6)
    sparse = make_post(instagram, at(week.start))
    _timed_likes(sparse, [1, 2])  # under the minimum of timed events: not in the medians
    rebuild_post_decay()

    overview = post_decay(week)

    assert [(g.platform, g.media_type, g.posts, g.median_hours_to_half) for g in overview.groups] == [
        ("mastodon", fast.media_type, 3, 3.0)]
    curve = overview.curves[0]
    assert curve.posts == 3 and curve.shares[:3] == [0.333, 0.667, 0.667]
    assert curve.shares[3] == 1.0


@pytest.mark.smoke
def test_content_hours_are_local_hours_on_a_dst_change_day(mastodon, compare_content):
    from datetime import date, datetime

    from django.utils import timezone

    from analytics.selectors.periods import Period

    with timezone.override("Europe/Berlin"):
        late = timezone.make_aware(datetime(2026, 3, 29, 23, 30))  # the day clocks went forward (UTC+2)
        make_post(mastodon, late, likes=3)
        make_post(mastodon, timezone.make_aware(datetime(2026, 3, 30, 0, 30)), likes=1)  # the next day

        content = compare_content(Period(date(2026, 3, 29), date(2026, 3, 29)))

    assert late.utcoffset().total_seconds() == 7200
    assert [(g.label, g.posts, g.total_engagement) for g in content.hours] == [("23:00", 1, 3)]


@pytest.mark.postgres_only
def test_decay_in_sql_agrees_with_the_python_definition(week, mastodon):
    from analytics.models import PostDecay
    from analytics.services.maintenance.decay import _figures_in_python

    posts = [make_post(mastodon, at(week.start, hour)) for hour in (6, 7, 8)]
    _timed_likes(posts[0], [0.2, 1, 1, 2.5, 3, 7, 13, 26, 49, 170, 171, 1 / 7])
    _timed_likes(posts[1], [5])
    factories.CommentFactory(post=posts[1], created_at=posts[1].posted_at - timedelta(minutes=5))  # skewed clock
    factories.LikeFactory(post=posts[2], occurred_at=posts[2].posted_at)  # estimate only
    posted = {post.pk: post.posted_at for post in posts}

    assert rebuild_post_decay() == 3  # the whole-table path: post id ranges
    assert rebuild_post_decay(post_ids=posted) == 3  # the changed-posts path: id arrays
    stored = {row.post_id: ((row.timed_events, row.hours_to_half, row.hours_to_ninety,
                             tuple(getattr(row, f"share_{mark}h") for mark in (1, 3, 6, 12, 24, 48, 168))),
                            row.estimated_events) for row in PostDecay.objects.all()}
    expected = {post_id: ((figures.timed_events, figures.hours_to_half, figures.hours_to_ninety, figures.shares),
                          estimated) for post_id, (figures, estimated) in _figures_in_python(posted).items()}
    assert stored == expected


def test_content_rate_reads_the_roll_ups_day_in_the_teams_zone_whatever_the_viewers(mastodon, settings,
                                                                                   compare_content):
    from datetime import date, datetime

    from django.utils import timezone

    from analytics.selectors.periods import Period

    settings.TIME_ZONE = "UTC"  # the team's zone: roll-up days are UTC days
    post_day = date(2026, 11, 20)
    AccountDailyStats.objects.create(account=mastodon, day=post_day, followers_count=50)  # current: 100
    make_post(mastodon, timezone.make_aware(datetime(2026, 11, 20, 12, 0), timezone.UTC), likes=10)

    with timezone.override("Pacific/Kiritimati"):  # UTC+14: the viewer's day is already 21 Nov
        content = compare_content(Period(date(2026, 11, 21), date(2026, 11, 21)))

    assert [(g.posts, g.engagement_rate) for g in content.media_types] == [(1, 20.0)]  # 10 / 50, not 10 / 100


@pytest.mark.postgres_only
def test_decay_in_one_read_equals_the_three_reads(week, mastodon, instagram):
    """PostgreSQL reads the medians, curves and estimated events at once (GROUPING SETS with FILTER); the three
    reads other databases make are the definition, including groups and platforms with too few timed events."""
    import random

    from analytics.models import PostDecay
    from analytics.selectors.decay import _in_one_read, _in_three_reads
    from analytics.selectors.scope import posted_in

    chance = random.Random(5)
    for offset in range(24):
        post = make_post((mastodon, instagram)[offset % 2], at(week.start + timedelta(days=offset % 7), offset % 24))
        post.media_type = ("image", "video", "carousel")[offset % 3]
        post.save(update_fields=["media_type"])
        _timed_likes(post, [chance.random() * 50 for _ in range(chance.choice((2, 5, 8)))])
        factories.LikeFactory(post=post, occurred_at=post.posted_at, time_is_estimate=True)
    rebuild_post_decay()
    rows = PostDecay.objects.filter(**posted_in(week, prefix="post__"))

    one, three = _in_one_read(rows), _in_three_reads(rows)

    assert (one.groups, one.estimated_events) == (three.groups, three.estimated_events)
    # averages of the same doubles summed in another order: equal up to the third decimal shown
    assert [(c.platform, c.posts) for c in one.curves] == [(c.platform, c.posts) for c in three.curves]
    for mine, theirs in zip(one.curves, three.curves, strict=True):
        assert mine.shares == pytest.approx(theirs.shares, abs=1.5e-3)  # one unit of the last decimal
    assert one.groups and one.curves and one.estimated_events == 24
