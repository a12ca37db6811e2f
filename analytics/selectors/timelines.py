"""Engagement over time: per day across accounts (from roll-ups) and per post (from snapshots)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, Max, Sum
from django.db.models.functions import TruncDay, TruncHour, TruncWeek
from django.utils import timezone

from analytics.models import AccountDailyStats, MetricSnapshot, Post
from analytics.selectors.periods import Period
from analytics.selectors.scope import scoped, totals, untotal

BUCKETS = {"hour": TruncHour, "day": TruncDay}
COUNTS = ("posts_published", "likes", "comments", "shares", "total_engagement")
PARTS = ("likes", "comments", "shares")  # total_engagement is their sum


@dataclass(frozen=True, slots=True)
class DailyPoint:
    day: date
    posts_published: int
    likes: int
    comments: int
    shares: int
    total_engagement: int


@dataclass(frozen=True, slots=True)
class PostPoint:
    """A post's counts at the end of one bucket (cumulative) and the change since the previous bucket.

    A count falls only by a real removal (an unlike, an undone share, a deleted comment): `gained` and
    `removed` split the change per metric, so a removal is shown as one instead of a negative velocity.
    """

    at: datetime
    likes: int
    comments: int
    shares: int
    total_engagement: int
    views: int | None
    gained: int = 0  # likes, comments and shares added since the previous bucket
    removed: int = 0  # likes, comments and shares removed since the previous bucket

    @property
    def velocity(self) -> int:
        """Net change of total engagement since the previous bucket (gained - removed)."""
        return self.gained - self.removed


def engagement_over_time(period: Period, *, platform: str | None = None,
                         accounts: Sequence[int] | None = None, bucket: str = "day") -> list[DailyPoint]:
    """One point per day (or ISO week) of the period, zeros included, from AccountDailyStats (one query)."""
    if bucket not in ("day", "week"):
        raise ValueError(f"Unknown bucket {bucket!r}: use 'day' or 'week'.")
    rows = scoped(AccountDailyStats.objects, platform=platform, accounts=accounts).filter(
        day__gte=period.start, day__lte=period.end
    )
    key = TruncWeek("day") if bucket == "week" else F("day")
    grouped = rows.annotate(bucket=key).values("bucket").annotate(
        **totals(Sum, **{name: name for name in COUNTS})
    ).order_by()
    found = {_as_date(row.pop("bucket")): untotal(row) for row in grouped}
    days = period.dates()
    if bucket == "week":
        days = sorted({day - timedelta(days=day.weekday()) for day in days})
    empty = dict.fromkeys(COUNTS, 0)
    return [DailyPoint(day=day, **found.get(day, empty)) for day in days]


def engagement_timeline(post: Post | int, *, bucket: str = "hour") -> list[PostPoint]:
    """A post's cumulative counts per hour or day, from MetricSnapshot, with gains and removals (one query).

    A bucket's value is its highest count; retention keeps one snapshot per hour or day in older
    history, so the number of points is bounded by the post's age, not by how often we sampled.
    """
    if bucket not in BUCKETS:
        raise ValueError(f"Unknown bucket {bucket!r}: use 'hour' or 'day'.")
    post_id = getattr(post, "pk", post)
    trunc = BUCKETS[bucket]("captured_at", tzinfo=timezone.get_current_timezone())
    rows = (
        MetricSnapshot.objects.filter(post_id=post_id)
        .annotate(at=trunc)
        .values("at")
        .annotate(**totals(Max, **{name: name for name in ("likes", "comments", "shares", "total_engagement",
                                                              "views")}))
        .order_by("at")
    )
    points: list[PostPoint] = []
    before = dict.fromkeys(PARTS, 0)
    for row in map(untotal, rows):
        changes = [row[name] - before[name] for name in PARTS]
        points.append(PostPoint(**row, gained=sum(c for c in changes if c > 0),
                                removed=-sum(c for c in changes if c < 0)))
        before = {name: row[name] for name in PARTS}
    return points


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value
