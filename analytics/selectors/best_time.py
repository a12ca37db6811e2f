"""When to post: average engagement per post by weekday and hour of publication, in settings.TIME_ZONE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from analytics.models import Post
from analytics.selectors.periods import Period
from analytics.selectors.scope import scoped

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LEVELS = 5  # shading steps of a heatmap cell (0 = no posts)


@dataclass(frozen=True, slots=True)
class HeatCell:
    weekday: int  # 1 = Monday … 7 = Sunday
    hour: int
    posts: int
    total_engagement: int

    @property
    def weekday_label(self) -> str:
        return WEEKDAYS[self.weekday - 1]

    @property
    def average(self) -> float | None:
        return round(self.total_engagement / self.posts, 1) if self.posts else None


@dataclass(frozen=True, slots=True)
class Heatmap:
    rows: list[tuple[str, list[HeatCell]]]  # (weekday label, 24 cells)
    best: HeatCell | None
    posts: int

    def level(self, cell: HeatCell) -> int:
        """0 for no posts, else 1…LEVELS relative to the best average."""
        if not cell.posts or not self.best or not self.best.average:
            return 0
        return max(1, round((cell.average or 0) / self.best.average * LEVELS))


def best_time_to_post(period: Period, *, platform: str | None = None,
                      accounts: Sequence[int] | None = None) -> Heatmap:
    """A weekday-by-hour grid of the period's live posts, grouped in SQL (one query)."""
    tz = timezone.get_current_timezone()
    posts = scoped(Post.objects.posted_between(period.start_at, period.end_at), platform=platform,
                   accounts=accounts, platform_field="platform")
    grouped = (
        posts.annotate(weekday=ExtractIsoWeekDay("posted_at", tzinfo=tz),
                       hour=ExtractHour("posted_at", tzinfo=tz))
        .values("weekday", "hour")
        .annotate(posts=Count("pk"), total_engagement=Coalesce(Sum("summary__total_engagement"), 0))
        .order_by()
    )
    found = {(row["weekday"], row["hour"]): HeatCell(**row) for row in grouped}
    rows = []
    for weekday, label in enumerate(WEEKDAYS, start=1):
        cells = [found.get((weekday, hour), HeatCell(weekday, hour, 0, 0)) for hour in range(24)]
        rows.append((label, cells))
    with_posts = [cell for cell in found.values() if cell.posts]
    best = max(with_posts, key=lambda cell: (cell.average, cell.posts), default=None)
    return Heatmap(rows=rows, best=best, posts=sum(cell.posts for cell in with_posts))
