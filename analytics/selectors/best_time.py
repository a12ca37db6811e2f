"""When to post: engagement per post by weekday and hour of publication, in the viewer's time zone.

A slot is recommended only from cells with at least POSTFLOW["BEST_TIME_MIN_POSTS"] posts (default 3), per
platform, so one lucky post never names the best slot. Each cell carries its post count, mean and median.
Grouped in SQL, never per post in Python: on PostgreSQL one read for both grids (GROUPING SETS), elsewhere
two queries (the grid, and the same grid per platform).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from analytics.models import Post
from analytics.selectors.aggregates import Median
from analytics.selectors.capabilities import platform_info
from analytics.selectors.periods import Period
from analytics.selectors.scope import scoped

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LEVELS = 5  # shading steps of a heatmap cell (0 = no posts)


def minimum_posts() -> int:
    return max(1, int(settings.POSTFLOW.get("BEST_TIME_MIN_POSTS", 3)))


@dataclass(frozen=True, slots=True)
class HeatCell:
    weekday: int  # 1 = Monday … 7 = Sunday
    hour: int
    posts: int
    total_engagement: int
    median: float | None = None  # median engagement of one post in the cell

    @property
    def weekday_label(self) -> str:
        return WEEKDAYS[self.weekday - 1]

    @property
    def average(self) -> float | None:
        return round(self.total_engagement / self.posts, 1) if self.posts else None


@dataclass(frozen=True, slots=True)
class PlatformBest:
    """One platform's recommendation: None when no cell reaches the minimum ("not enough posts yet")."""

    platform: str
    label: str
    posts: int
    best: HeatCell | None


@dataclass(frozen=True, slots=True)
class Heatmap:
    rows: list[tuple[str, list[HeatCell]]]  # (weekday label, 24 cells)
    best: HeatCell | None  # best cell of the whole grid among those meeting the minimum
    posts: int
    minimum: int = 3
    by_platform: tuple[PlatformBest, ...] = ()
    time_zone: str = ""
    top_average: float | None = None  # the highest mean of any cell, for shading when none meets the minimum

    def meets_minimum(self, cell: HeatCell) -> bool:
        return cell.posts >= self.minimum

    def level(self, cell: HeatCell) -> int:
        """0 for no posts, else 1…LEVELS relative to the recommended cell (or the highest mean if none)."""
        top = self.best.average if self.best else self.top_average
        if not cell.posts or not top:
            return 0
        return min(LEVELS, max(1, round((cell.average or 0) / top * LEVELS)))


def best_time_to_post(period: Period, *, platform: str | None = None,
                      accounts: Sequence[int] | None = None, minimum: int | None = None) -> Heatmap:
    """A weekday-by-hour grid of the period's live posts, with the best slot per platform."""
    minimum = minimum or minimum_posts()
    tz = timezone.get_current_timezone()
    posts = scoped(Post.objects.posted_between(period.start_at, period.end_at), platform=platform,
                   accounts=accounts, platform_field="platform")
    posts = posts.annotate(weekday=ExtractIsoWeekDay("posted_at", tzinfo=tz),
                           hour=ExtractHour("posted_at", tzinfo=tz),
                           engagement=Coalesce("summary__total_engagement", 0))
    found, per_platform = (_cells_in_one_pass if connection.vendor == "postgresql" else _cells_in_two)(posts)
    rows = []
    for weekday, label in enumerate(WEEKDAYS, start=1):
        rows.append((label, [found.get((weekday, hour), HeatCell(weekday, hour, 0, 0)) for hour in range(24)]))
    by_platform = tuple(
        PlatformBest(platform=name, label=platform_info(name).label, posts=sum(c.posts for c in cells),
                     best=_best(cells, minimum))
        for name, cells in sorted(per_platform.items())
    )
    return Heatmap(rows=rows, best=_best(found.values(), minimum), posts=sum(c.posts for c in found.values()),
                   minimum=minimum, by_platform=by_platform, time_zone=str(tz),
                   top_average=max((cell.average for cell in found.values() if cell.posts), default=None))


_MEASURES = {"posts": Count("pk"), "total_engagement": Coalesce(Sum("engagement"), 0), "median": Median("engagement")}


def _cells_in_two(posts) -> tuple[dict, dict]:
    """The grid, then the same grid per platform (two grouped queries: SQLite)."""
    found = {(row["weekday"], row["hour"]): HeatCell(**row)
             for row in posts.values("weekday", "hour").annotate(**_MEASURES).order_by()}
    per_platform: dict[str, list[HeatCell]] = {}
    for row in posts.values("platform", "weekday", "hour").annotate(**_MEASURES).order_by():
        per_platform.setdefault(row.pop("platform"), []).append(HeatCell(**row))
    return found, per_platform


# The posts' query is Django's, compiled with its own parameters; nothing else is formatted in.
_BOTH_GRIDS = ("SELECT platform, weekday, hour, GROUPING(platform), COUNT(*), COALESCE(SUM(engagement), 0), "
               "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY engagement) FROM ({posts}) AS post "
               "GROUP BY GROUPING SETS ((platform, weekday, hour), (weekday, hour))")


def _cells_in_one_pass(posts) -> tuple[dict, dict]:
    """Both grids from one read of the posts (PostgreSQL's GROUPING SETS): the medians of the whole grid
    cannot be summed from the platforms', so each grid is grouped, but the posts and their summaries are read
    and sorted once. At 1M posts, 30 days 0.43 -> 0.25 s, 365 days 1.93 -> 1.32 s, same cells (docs/benchmarks.md)."""
    sql, params = posts.values("platform", "weekday", "hour", "engagement").query.sql_with_params()
    found: dict = {}
    per_platform: dict[str, list[HeatCell]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_BOTH_GRIDS.format(posts=sql), params)
        for name, weekday, hour, whole_grid, count, engagement, median in cursor.fetchall():
            cell = HeatCell(int(weekday), int(hour), count, int(engagement), median)
            if whole_grid:
                found[(cell.weekday, cell.hour)] = cell
            else:
                per_platform.setdefault(name, []).append(cell)
    return found, per_platform


def _best(cells, minimum: int) -> HeatCell | None:
    """The highest mean among cells with at least `minimum` posts (ties: more posts, then the median)."""
    eligible = [cell for cell in cells if cell.posts >= minimum]
    return max(eligible, key=lambda cell: (cell.average, cell.posts, cell.median or 0), default=None)
