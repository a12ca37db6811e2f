# ruff: noqa: S608 -- the table and feature names are constants; the posts query is Django's, with its params.
"""ContentHourStats, rebuilt by the roll-up job for the days touched: what the Content page sums.

One statement per run of days, on PostgreSQL and SQLite alike: Django compiles the posts' features
(analytics.selectors.content.with_content_features: caption bucket, hashtag count, engagement rate) grouped
per UTC hour, platform and feature values, and the database splits those cells into one row per feature
(`WITH cells AS (…) INSERT … SELECT … UNION ALL …`). A run covers whole UTC hours around its local days, so
a day rebuilt alone never leaves half an hour of another day's posts behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncHour

from analytics.models import ContentFeature, ContentHourStats, Post
from analytics.selectors.content import with_content_features
from analytics.selectors.periods import local_midnight
from analytics.services.maintenance.rollups import RollupResult, bumps_generation, day_scope, rebuild_runs

_COLUMNS = "hour, platform, feature, bucket, posts, total_engagement, rate_sum, rate_posts"
_SPLIT = " UNION ALL ".join(
    f"SELECT slot, platform, %s, CAST({column} AS TEXT), SUM(n), SUM(engagement), COALESCE(SUM(rate_sum), 0), "
    f"SUM(rate_n) FROM cells GROUP BY slot, platform, {column}"
    for column in ("media_type", "caption", "tags")
)
_FEATURES = [ContentFeature.MEDIA.value, ContentFeature.CAPTION.value, ContentFeature.HASHTAGS.value]


@bumps_generation
def rebuild_content_stats(*, days: Iterable[date] | None = None,
                          changed_since: datetime | None = None) -> RollupResult:
    """Recompute the rows of the given local days (or those touched since `changed_since`; else all)."""
    day_set = day_scope(days, changed_since)
    if day_set is None:
        ContentHourStats.objects.all().delete()
    written = 0
    for first, last in rebuild_runs(day_set):
        start, end = _hour_floor(local_midnight(first)), _hour_ceiling(local_midnight(last + timedelta(days=1)))
        with transaction.atomic():
            ContentHourStats.objects.filter(hour__gte=start, hour__lt=end).delete()
            written += _insert(start, end)
    return RollupResult(rows_written=written, days=len(day_set) if day_set is not None else 0)


def content_stats_present() -> bool:
    """False when posts exist but no rows do (the first roll-up after migration 0021): rebuild them all."""
    return ContentHourStats.objects.exists() or not Post.objects.exists()


def _insert(start: datetime, end: datetime) -> int:
    cells = (with_content_features(Post.objects.posted_between(start, end))
             .values("platform", "media_type", "caption", "tags", slot=TruncHour("posted_at", tzinfo=UTC))
             .annotate(n=Count("pk"), engagement=Coalesce(Sum("summary__total_engagement"), 0),
                       rate_sum=Sum("post_rate"), rate_n=Count("post_rate"))
             .order_by())
    sql, params = cells.query.sql_with_params()
    table = connection.ops.quote_name(ContentHourStats._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH cells AS ({sql}) INSERT INTO {table} ({_COLUMNS}) {_SPLIT}",
                       [*params, *_FEATURES])
        return cursor.rowcount


def _hour_floor(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _hour_ceiling(moment: datetime) -> datetime:
    floor = _hour_floor(moment)
    return floor if floor == moment else floor + timedelta(hours=1)
