"""Content comparison: engagement per post and engagement rate by media type, caption length, number of
hashtags and posting hour, each group with its sample size.

Reads the roll-up's ContentHourStats (the usual case), else the period's live posts with their cached
summary (one grouped query); never the event tables. The rate is
the glossary's: per post, engagement ÷ followers of its own account on its publish day (the roll-up's
follower history, else the account's current followers) x 100, averaged over the group's posts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, F, FloatField, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractHour, Least, Length, NullIf, TruncDate
from django.utils import timezone

from analytics.models import AccountDailyStats, ContentFeature, ContentHourStats, MediaType, Post, PostHashtag
from analytics.selectors.periods import Period
from analytics.selectors.preferences import team_time_zone, zone
from analytics.selectors.scope import scoped

# Groups with fewer posts than this are flagged "small sample" on the page.
MIN_SAMPLE = 3
CAPTION_BUCKETS = ((0, 0, "No caption"), (1, 80, "1 to 80 characters"), (81, 200, "81 to 200 characters"),
                   (201, 500, "201 to 500 characters"), (501, None, "Over 500 characters"))
HASHTAG_BUCKETS = ((0, 0, "No hashtags"), (1, 2, "1 to 2 hashtags"), (3, 5, "3 to 5 hashtags"),
                   (6, None, "6 or more hashtags"))


@dataclass(frozen=True, slots=True)
class ContentGroup:
    key: str
    label: str
    posts: int
    total_engagement: int
    engagement_rate: float | None  # percent, mean of per-post rates over posts with known followers

    @property
    def engagement_per_post(self) -> float | None:
        return round(self.total_engagement / self.posts, 1) if self.posts else None

    @property
    def small_sample(self) -> bool:
        return self.posts < MIN_SAMPLE


@dataclass(frozen=True, slots=True)
class ContentComparison:
    media_types: list[ContentGroup]
    caption_lengths: list[ContentGroup]
    hashtag_counts: list[ContentGroup]
    hours: list[ContentGroup]

    @property
    def posts(self) -> int:
        return sum(group.posts for group in self.media_types)


def content_comparison(period: Period, *, platform: str | None = None,
                       accounts: Sequence[int] | None = None) -> ContentComparison:
    """The four comparisons of the period's live posts: from the roll-up's ContentHourStats when the period
    is whole UTC hours and no accounts are chosen (a few hundred rows a day, whatever the post count), else
    from the posts themselves."""
    tz = timezone.get_current_timezone()
    if not accounts and _whole_hours(period):
        return _from_hour_stats(period, platform, tz)
    posts = scoped(Post.objects.posted_between(period.start_at, period.end_at), platform=platform,
                   accounts=accounts, platform_field="platform")
    cells = list(
        with_content_features(posts).annotate(hour=ExtractHour("posted_at", tzinfo=tz))
        .values("media_type", "caption", "tags", "hour")
        .annotate(n=Count("pk"), engagement=Coalesce(Sum("summary__total_engagement"), 0),
                  rate_sum=Sum("post_rate"), rate_n=Count("post_rate"))
        .order_by()
    )
    return _compared(
        media=_summed(cells, lambda cell: cell["media_type"]),
        captions=_summed(cells, lambda cell: cell["caption"]),
        hashtags=_summed(cells, lambda cell: _bucket_of(cell["tags"], HASHTAG_BUCKETS)),
        hours=_summed(cells, lambda cell: cell["hour"]),
    )


def with_content_features(posts):
    """Each post's caption bucket (`caption`, an index of CAPTION_BUCKETS), hashtag count capped at the last
    bucket (`tags`) and engagement rate (`post_rate`), computed once per post for every comparison."""
    # AccountDailyStats days are the team's days (the roll-up runs in TIME_ZONE), whatever the viewer's zone.
    posts = posts.annotate(rollup_day=TruncDate("posted_at", tzinfo=zone(team_time_zone()))).annotate(
        post_rate=_post_rate())
    tag_count = Coalesce(Subquery(PostHashtag.objects.filter(post=OuterRef("pk")).order_by()
                                  .values("post").annotate(n=Count("pk")).values("n")), 0)
    return posts.annotate(caption_size=Length("caption_text")).annotate(
        caption=_bucket("caption_size", CAPTION_BUCKETS), tags=Least(tag_count, Value(HASHTAG_BUCKETS[-1][0])))


def _whole_hours(period: Period) -> bool:
    """Both ends on a whole UTC hour: true in every zone but those with half- or quarter-hour offsets."""
    return all(moment.utcoffset().total_seconds() % 3600 == 0 for moment in (period.start_at, period.end_at))


def _from_hour_stats(period: Period, platform: str | None, tz) -> ContentComparison:
    """Two grouped reads of the roll-up: every feature's buckets, and the posting hours (from the MEDIA rows,
    which count every post once) in the viewer's zone."""
    rows = ContentHourStats.objects.filter(hour__gte=period.start_at, hour__lt=period.end_at)
    if platform:
        rows = rows.filter(platform=platform)
    measures = {"n": Sum("posts"), "engagement": Sum("total_engagement"), "rate_sum": Sum("rate_sum"),
                "rate_n": Sum("rate_posts")}
    features: dict[str, dict] = {feature: {} for feature in ContentFeature.values}
    for row in rows.values("feature", "bucket").annotate(**measures).order_by():
        features[row.pop("feature")][row.pop("bucket")] = row
    hours = {row.pop("local_hour"): row for row in
             rows.filter(feature=ContentFeature.MEDIA).annotate(local_hour=ExtractHour("hour", tzinfo=tz))
             .values("local_hour").annotate(**measures).order_by()}
    hashtags: dict = {}
    for count, totals in features[ContentFeature.HASHTAGS].items():
        _add(hashtags.setdefault(_bucket_of(int(count), HASHTAG_BUCKETS), _empty()), totals)
    return _compared(media=features[ContentFeature.MEDIA],
                     captions={int(index): totals for index, totals in features[ContentFeature.CAPTION].items()},
                     hashtags=hashtags, hours=hours)


def _compared(*, media: dict, captions: dict, hashtags: dict, hours: dict) -> ContentComparison:
    media_labels = dict(MediaType.choices)
    groups = [_group(key, str(media_labels.get(key, key)), totals) for key, totals in media.items()]
    return ContentComparison(
        media_types=sorted(groups, key=lambda g: (-g.posts, g.key)),
        caption_lengths=_in_buckets(captions, CAPTION_BUCKETS),
        hashtag_counts=_in_buckets(hashtags, HASHTAG_BUCKETS),
        hours=[_group(str(hour), f"{hour:02d}:00", totals) for hour, totals in sorted(hours.items())],
    )


def _post_rate():
    """Engagement ÷ the followers of the post's account on its publish day, counted in the team's zone like
    the roll-up's days (else its current followers)."""
    day_followers = AccountDailyStats.objects.filter(
        account_id=OuterRef("account_id"), day=OuterRef("rollup_day")
    ).order_by().values("followers_count")[:1]  # no Meta ordering: it joined Account to sort one row
    followers = NullIf(Coalesce(Subquery(day_followers), F("account__followers_count")), Value(0))
    return Cast("summary__total_engagement", FloatField()) / Cast(followers, FloatField())


def _bucket(field: str, buckets) -> Case:
    """The index of the bucket an annotated size falls in (cheap: no subquery behind `field`)."""
    whens = [When(Q(**{f"{field}__gte": low}) & (Q(**{f"{field}__lte": high}) if high is not None else Q()),
                  then=Value(index))
             for index, (low, high, _label) in enumerate(buckets)]
    return Case(*whens, output_field=IntegerField())


def _bucket_of(size: int, buckets) -> int:
    return next(index for index, (low, high, _label) in enumerate(buckets)
                if size >= low and (high is None or size <= high))


def _summed(cells: list[dict], key_of) -> dict:
    """Cells summed by one dimension: posts, engagement, and the sum and count of known per-post rates."""
    totals: dict = {}
    for cell in cells:
        _add(totals.setdefault(key_of(cell), _empty()), cell)
    return totals


def _empty() -> dict:
    return {"n": 0, "engagement": 0, "rate_sum": 0.0, "rate_n": 0}


def _add(into: dict, cell: dict) -> None:
    into["n"] += cell["n"]
    into["engagement"] += cell["engagement"] or 0
    into["rate_sum"] += cell["rate_sum"] or 0.0
    into["rate_n"] += cell["rate_n"] or 0


def _in_buckets(totals: dict, buckets) -> list[ContentGroup]:
    return [_group(str(index), label, totals[index]) for index, (*_range, label) in enumerate(buckets)
            if index in totals]


def _group(key: str, label: str, totals: dict) -> ContentGroup:
    rate = totals["rate_sum"] / totals["rate_n"] if totals["rate_n"] else None
    return ContentGroup(key=key, label=label, posts=totals["n"], total_engagement=totals["engagement"],
                        engagement_rate=None if rate is None else round(rate * 100, 2))
