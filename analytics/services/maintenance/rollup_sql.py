# ruff: noqa: S608 -- table and column names are this module's constants; every value is a query parameter.
"""Set-based roll-up statements for PostgreSQL: each day range is one INSERT … SELECT … GROUP BY … ON CONFLICT.

The database aggregates and writes; Python only walks the day ranges (runs of consecutive local days, at most
CHUNK_DAYS each for an incremental run, FULL_CHUNK_DAYS for a full rebuild, whose statements scan whole
tables anyway). A row in scope that the
upsert did not touch (its posts were deleted or moved) is zeroed afterwards: it still has the run's older
`updated_at`. Other databases (the SQLite demo) use the ORM path in rollups.py, which gives the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from analytics.models import DailyTopPost, Post

CHUNK_DAYS = 31  # incremental runs: a few days, read through the posted_at index
FULL_CHUNK_DAYS = 183  # a full rebuild: each statement hash-joins whole tables once, so few large chunks
COUNTS = ("likes", "comments", "shares", "total_engagement")
INSIGHTS = ("views", "reach")  # NULL when no post of the group reports them


def day_runs(days: Iterable[date], *, chunk_days: int = CHUNK_DAYS) -> list[tuple[date, date]]:
    """Sorted days as inclusive (first, last) runs of consecutive days, each at most `chunk_days` long."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][1] + timedelta(days=1) and (day - runs[-1][0]).days < chunk_days:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def all_post_days() -> list[date]:
    """Every local day from the first to the last publication (two index reads; through the ORM, so the
    SQLite demo's content roll-up can walk the same days)."""
    span = Post.all_objects.aggregate(first=Min("posted_at"), last=Max("posted_at"))
    first, last = span["first"], span["last"]
    if first is None:
        return []
    first, last = timezone.localdate(first), timezone.localdate(last)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _bounds(run: tuple[date, date]) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(run[0], time.min), tz)
    end = timezone.make_aware(datetime.combine(run[1] + timedelta(days=1), time.min), tz)
    return start, end


def _accounts_sql(account_ids: Sequence[int] | None, column: str) -> tuple[str, list]:
    if account_ids is None:
        return "", []
    return f" AND {column} = ANY(%s)", [list(account_ids)]


def upsert_account_days(runs: list[tuple[date, date]], *, account_ids: Sequence[int] | None,
                        stamp: datetime) -> None:
    """AccountDailyStats for every run, then zero the rows in scope that no live post backs any more."""
    tz = timezone.get_current_timezone_name()
    sums = ", ".join(f"COALESCE(SUM(s.{name}), 0)" for name in COUNTS) + ", SUM(s.views), SUM(s.reach)"
    updates = ", ".join(f"{name} = EXCLUDED.{name}"
                        for name in ("posts_published", *COUNTS, *INSIGHTS, "updated_at"))
    zeros = ", ".join(f"{name} = 0" for name in ("posts_published", *COUNTS)) + ", views = NULL, reach = NULL"
    for run in runs:
        start, end = _bounds(run)
        posts_filter, posts_params = _accounts_sql(account_ids, "p.account_id")
        rows_filter, rows_params = _accounts_sql(account_ids, "account_id")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO analytics_accountdailystats "
                f"(account_id, day, posts_published, {', '.join(COUNTS)}, views, reach, updated_at) "
                f"SELECT p.account_id, (p.posted_at AT TIME ZONE %s)::date, COUNT(*), {sums}, %s "
                f"FROM analytics_post p LEFT JOIN analytics_engagementsummary s ON s.post_id = p.id "
                f"WHERE p.deleted_at IS NULL AND p.posted_at >= %s AND p.posted_at < %s{posts_filter} "
                f"GROUP BY 1, 2 "
                f"ON CONFLICT (account_id, day) DO UPDATE SET {updates}",
                [tz, stamp, start, end, *posts_params],
            )
            cursor.execute(
                f"UPDATE analytics_accountdailystats SET {zeros}, updated_at = %s "
                f"WHERE day >= %s AND day <= %s AND updated_at < %s{rows_filter}",
                [stamp, run[0], run[1], stamp, *rows_params],
            )


def upsert_hashtag_periods(runs: list[tuple[date, date]], *, granularity: str, stamp: datetime) -> None:
    """HashtagStats per local day or hour for every run, then zero the rows in scope left without posts."""
    tz = timezone.get_current_timezone_name()
    unit = "day" if granularity == "day" else "hour"
    sums = ", ".join(f"COALESCE(SUM(s.{name}), 0)" for name in COUNTS)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in ("posts_count", *COUNTS, "updated_at"))
    zeros = ", ".join(f"{name} = 0" for name in ("posts_count", *COUNTS))
    for run in runs:
        start, end = _bounds(run)
        with transaction.atomic(), connection.cursor() as cursor:
            # A post is linked to a tag once (unique constraint), so COUNT(*) counts distinct posts.
            cursor.execute(
                f"INSERT INTO analytics_hashtagstats "
                f"(hashtag_id, platform, granularity, period_start, posts_count, {', '.join(COUNTS)}, updated_at) "
                f"SELECT l.hashtag_id, p.platform, %s, date_trunc(%s, p.posted_at AT TIME ZONE %s) AT TIME ZONE %s, "
                f"COUNT(*), {sums}, %s "
                f"FROM analytics_posthashtag l JOIN analytics_post p ON p.id = l.post_id "
                f"LEFT JOIN analytics_engagementsummary s ON s.post_id = p.id "
                f"WHERE p.deleted_at IS NULL AND p.posted_at >= %s AND p.posted_at < %s "
                f"GROUP BY 1, 2, 3, 4 "
                f"ON CONFLICT (hashtag_id, platform, granularity, period_start) DO UPDATE SET {updates}",
                [granularity, unit, tz, tz, stamp, start, end],
            )
            cursor.execute(
                f"UPDATE analytics_hashtagstats SET {zeros}, updated_at = %s "
                f"WHERE granularity = %s AND period_start >= %s AND period_start < %s AND updated_at < %s",
                [stamp, granularity, start, end, stamp],
            )


def replace_top_posts(runs: list[tuple[date, date]], *, platforms: Sequence[str] | None, stamp: datetime) -> None:
    """DailyTopPost: the best PER_DAY live posts by total engagement per local day and platform."""
    tz = timezone.get_current_timezone_name()
    for run in runs:
        start, end = _bounds(run)
        platform_filter = " AND platform = ANY(%s)" if platforms is not None else ""
        platform_params = [list(platforms)] if platforms is not None else []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM analytics_dailytoppost WHERE day >= %s AND day <= %s{platform_filter}",
                [run[0], run[1], *platform_params],
            )
            cursor.execute(
                f"INSERT INTO analytics_dailytoppost (day, platform, post_id, total_engagement, updated_at) "
                f"SELECT day, platform, id, total_engagement, %s FROM ("
                f" SELECT (p.posted_at AT TIME ZONE %s)::date AS day, p.platform, p.id, s.total_engagement,"
                f" row_number() OVER (PARTITION BY (p.posted_at AT TIME ZONE %s)::date, p.platform"
                f"  ORDER BY s.total_engagement DESC NULLS LAST, p.id DESC) AS rank"
                f" FROM analytics_post p LEFT JOIN analytics_engagementsummary s ON s.post_id = p.id"
                f" WHERE p.deleted_at IS NULL AND p.posted_at >= %s AND p.posted_at < %s"
                f"{platform_filter.replace('platform', 'p.platform')}"
                f") ranked WHERE rank <= %s",
                [stamp, tz, tz, start, end, *platform_params, DailyTopPost.PER_DAY],
            )
