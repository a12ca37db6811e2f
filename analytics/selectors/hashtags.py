"""Trending hashtags: engagement of posts using each tag in a period against the period before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from analytics.models import Granularity, Hashtag, HashtagStats
from analytics.selectors.periods import Period, percent_change


@dataclass(frozen=True, slots=True)
class TrendingHashtag:
    hashtag_id: int
    name: str
    posts: int
    total_engagement: int
    previous_engagement: int

    @property
    def growth(self) -> float | None:
        """Percent change against the previous period; None when the tag is new in this period."""
        return percent_change(self.total_engagement, self.previous_engagement)

    @property
    def is_new(self) -> bool:
        return self.previous_engagement == 0 and self.total_engagement > 0


@dataclass(frozen=True, slots=True)
class HashtagSeries:
    name: str
    points: list[int]  # total engagement per day of the period


def _daily(platform: str | None):
    """Daily HashtagStats rows, of one platform or (summed by the callers) of all."""
    rows = HashtagStats.objects.filter(granularity=Granularity.DAY)
    return rows.filter(platform=platform) if platform else rows


def trending_hashtags(period: Period, *, limit: int = 10, platform: str | None = None) -> list[TrendingHashtag]:
    """Tags with the most engagement in the period, from daily HashtagStats (two queries).

    Engagement is attributed to the day the post was published, like the account roll-ups. The period is
    ranked first, grouped by tag id with the names looked up for the groups only; the previous period is
    then summed for the `limit` tags found. One query over both periods joined every daily row to its tag
    and read twice the rows: at 1M posts and 365 days 397 ms against 187 ms (docs/benchmarks.md).
    """
    name = Subquery(Hashtag.objects.filter(pk=OuterRef("hashtag_id")).values("name")[:1])
    top = list(
        _daily(platform).filter(period_start__gte=period.start_at, period_start__lt=period.end_at)
        .values("hashtag_id")
        .annotate(posts=Sum("posts_count"), total_engagement=Sum("total_engagement"))
        .filter(posts__gt=0)
        .annotate(name=name)
        .order_by("-total_engagement", "-posts", "name")[:limit]
    )
    previous = period.previous()
    before = dict(
        _daily(platform).filter(hashtag_id__in=[row["hashtag_id"] for row in top],
                                period_start__gte=previous.start_at, period_start__lt=previous.end_at)
        .values("hashtag_id").annotate(total=Sum("total_engagement")).values_list("hashtag_id", "total")
        .order_by()
    ) if top else {}
    return [TrendingHashtag(previous_engagement=before.get(row["hashtag_id"]) or 0, **row) for row in top]


def hashtag_series(period: Period, *, hashtag_ids: list[int], platform: str | None = None) -> list[HashtagSeries]:
    """Daily engagement of the given tags across the period, zeros included (one query)."""
    if not hashtag_ids:
        return []
    rows = (
        _daily(platform).filter(hashtag_id__in=hashtag_ids, period_start__gte=period.start_at,
                                period_start__lt=period.end_at)
        .annotate(day=TruncDate("period_start", tzinfo=timezone.get_current_timezone()))
        .values_list("hashtag__name", "day")
        .annotate(total=Sum("total_engagement"))
        .order_by()
    )
    found: dict[str, dict[date, int]] = {}
    for name, day, total in rows:
        found.setdefault(name, {})[day] = total
    days = period.dates()
    return [HashtagSeries(name=name, points=[by_day.get(day, 0) for day in days])
            for name, by_day in sorted(found.items())]
