"""Roll-ups the dashboards read: AccountDailyStats, DailyTopPost and HashtagStats, rebuilt for the days touched.

On PostgreSQL each day range is one set-based statement (rollup_sql.py); elsewhere (the SQLite demo) the
same rows come from ORM aggregates upserted in batches.

Engagement is attributed to the day the POST was published (in settings.TIME_ZONE), not to the day it
happened: a post's summary holds cumulative counts without event times for every platform, so this is
the only attribution that works everywhere and keeps a re-run idempotent. Today's account rows also
carry the account's current followers_count.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Count, F, Sum, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate, TruncDay, TruncHour
from django.utils import timezone

from analytics.models import (
    Account,
    AccountDailyStats,
    DailyTopPost,
    EngagementSummary,
    Granularity,
    HashtagStats,
    Post,
    PostHashtag,
)
from analytics.services.maintenance import rollup_sql

COUNTS = ("likes", "comments", "shares", "total_engagement")
BATCH = 500
# Bumped in the shared cache (seen by every web worker and qcluster process) by every rebuild, so cached
# dashboard figures are recomputed even when no audited roll-up run was recorded.
GENERATION_KEY = "rollups:generation"


def rollup_generation() -> int:
    return caches["shared"].get(GENERATION_KEY, 0)


def _bump_generation() -> None:
    shared = caches["shared"]
    try:
        shared.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        shared.set(GENERATION_KEY, 1, timeout=None)


@dataclass(frozen=True, slots=True)
class RollupResult:
    rows_written: int
    days: int


def days_touched_since(since: datetime) -> set[date]:
    """Local publication days of posts whose summary, first sight or deletion changed since `since`."""
    return set(changed_days_query(since))


def changed_days_query(since: datetime):
    """Three reads, each through its own index (summary_by_updated_at, post_by_first_seen_at,
    post_by_deleted_at), united in SQL: one OR across the join made PostgreSQL scan both whole tables."""
    tz = timezone.get_current_timezone()

    def days(rows, posted_at: str):
        return rows.annotate(day=TruncDate(posted_at, tzinfo=tz)).values_list("day", flat=True).order_by()

    by_summary = days(EngagementSummary.objects.filter(updated_at__gte=since), "post__posted_at")
    first_seen = days(Post.all_objects.filter(first_seen_at__gte=since), "posted_at")
    deleted = days(Post.all_objects.filter(deleted_at__gte=since), "posted_at")
    return by_summary.union(first_seen, deleted)


def bumps_generation(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            _bump_generation()

    return wrapper


@bumps_generation
def rebuild_account_daily_stats(*, account_ids: Iterable[int] | None = None,
                                days: Iterable[date] | None = None,
                                changed_since: datetime | None = None) -> RollupResult:
    """Recompute AccountDailyStats for the given days (or those touched since `changed_since`; else all).

    Rows with no posts left in scope are zeroed, not deleted, so a re-run writes the same values. The
    top-post candidates (DailyTopPost) of the same days are replaced too.
    """
    day_set = day_scope(days, changed_since)
    today = timezone.localdate()
    if connection.vendor == "postgresql":
        return _account_days_sql(day_set, account_ids, today)
    _rebuild_top_posts_orm(day_set, account_ids)
    accounts = Account.objects.all()
    if account_ids is not None:
        accounts = accounts.filter(pk__in=list(account_ids))
    posts = Post.objects.filter(account__in=accounts)
    existing = AccountDailyStats.objects.filter(account__in=accounts)
    if day_set is not None:
        posts = posts.filter(**_within(day_set, "posted_at"))
        posts = posts.annotate(day=_trunc_date()).filter(day__in=day_set)
        existing = existing.filter(day__in=day_set)
    else:
        posts = posts.annotate(day=_trunc_date())
    totals = {
        (row.pop("account_id"), row.pop("day")): row
        for row in posts.values("account_id", "day").annotate(posts_published=Count("pk"), **_summary_sums(),
                                                              views=Sum("summary__views"), reach=Sum("summary__reach"))
        .order_by()
    }
    keys = set(totals) | set(existing.values_list("account_id", "day"))
    followers = {}
    if day_set is None or today in day_set:
        followers = dict(accounts.values_list("pk", "followers_count"))
        keys |= {(account_id, today) for account_id in followers}
    past = [_daily_row(key, totals.get(key)) for key in keys if key[1] != today]
    current = [_daily_row(key, totals.get(key), followers=followers.get(key[0]))
               for key in keys if key[1] == today]
    fields = ["posts_published", *COUNTS, "views", "reach", "updated_at"]
    _upsert(AccountDailyStats, past, unique=["account", "day"], fields=fields)
    _upsert(AccountDailyStats, current, unique=["account", "day"], fields=[*fields, "followers_count"])
    return RollupResult(rows_written=len(keys), days=len({day for _, day in keys}))


@bumps_generation
def rebuild_hashtag_stats(*, days: Iterable[date] | None = None, granularity: str = Granularity.DAY,
                          changed_since: datetime | None = None) -> RollupResult:
    """Recompute HashtagStats per day or hour for the given days (or those touched since `changed_since`)."""
    if granularity not in (Granularity.DAY, Granularity.HOUR):
        raise ValueError(f"Hashtag stats are kept per day or per hour, not {granularity!r}.")
    day_set = day_scope(days, changed_since)
    if granularity == Granularity.HOUR:
        day_set = _recent_hours_only(day_set)
    if connection.vendor == "postgresql":
        stamp = timezone.now()
        runs = rebuild_runs(day_set)
        rollup_sql.upsert_hashtag_periods(runs, granularity=granularity, stamp=stamp)
        if day_set is None:  # a full rebuild also zeroes rows outside the posts' span
            HashtagStats.objects.filter(granularity=granularity, updated_at__lt=stamp).update(
                posts_count=0, **_zero(COUNTS), updated_at=stamp)
        return _written(HashtagStats.objects.filter(granularity=granularity, updated_at=stamp), "period_start")
    tz = timezone.get_current_timezone()
    trunc = (TruncDay if granularity == Granularity.DAY else TruncHour)("post__posted_at", tzinfo=tz)
    links = PostHashtag.objects.filter(post__deleted_at__isnull=True).annotate(period_start=trunc)
    existing = HashtagStats.objects.filter(granularity=granularity)
    if day_set is not None:
        links = links.filter(**_within(day_set, "post__posted_at"))
        links = links.annotate(day=TruncDate("post__posted_at", tzinfo=tz)).filter(day__in=day_set)
        existing = existing.filter(**_within(day_set, "period_start"))
        existing = existing.annotate(day=TruncDate("period_start", tzinfo=tz)).filter(day__in=day_set)
    totals = {
        (row.pop("hashtag_id"), row.pop("platform"), row.pop("period_start")): row
        for row in links.values("hashtag_id", "period_start", platform=F("post__account__platform"))
        .annotate(posts_count=Count("post_id", distinct=True), **_summary_sums("post__summary__"))
        .order_by()
    }
    keys = set(totals) | set(existing.values_list("hashtag_id", "platform", "period_start"))
    rows = [
        HashtagStats(hashtag_id=hashtag_id, platform=platform, granularity=granularity, period_start=start,
                     **(totals.get((hashtag_id, platform, start)) or _zero(("posts_count", *COUNTS))))
        for hashtag_id, platform, start in keys
    ]
    _upsert(HashtagStats, rows, unique=["hashtag", "platform", "granularity", "period_start"],
            fields=["posts_count", *COUNTS, "updated_at"])
    touched = {timezone.localtime(start, tz).date() for _, _, start in keys}
    return RollupResult(rows_written=len(rows), days=len(touched))


def _account_days_sql(day_set: set[date] | None, account_ids: Iterable[int] | None,
                      today: date) -> RollupResult:
    stamp = timezone.now()
    ids = list(account_ids) if account_ids is not None else None
    runs = rebuild_runs(day_set)
    rollup_sql.upsert_account_days(runs, account_ids=ids, stamp=stamp)
    scope = AccountDailyStats.objects.all() if ids is None else AccountDailyStats.objects.filter(account_id__in=ids)
    if day_set is None:  # a full rebuild also zeroes rows outside the posts' span
        scope.filter(updated_at__lt=stamp).update(posts_published=0, **_zero(COUNTS), views=None, reach=None,
                                                  updated_at=stamp)
    platforms = None
    if ids is not None:
        platforms = sorted(set(Account.objects.filter(pk__in=ids).values_list("platform", flat=True)))
    rollup_sql.replace_top_posts(runs, platforms=platforms, stamp=stamp)
    if day_set is None or today in day_set:
        accounts = Account.objects.all() if ids is None else Account.objects.filter(pk__in=ids)
        current = [AccountDailyStats(account_id=pk, day=today, followers_count=followers)
                   for pk, followers in accounts.values_list("pk", "followers_count")]
        AccountDailyStats.objects.bulk_create(current, batch_size=BATCH, update_conflicts=True,
                                              unique_fields=["account", "day"],
                                              update_fields=["followers_count", "updated_at"])
    return _written(scope.filter(updated_at__gte=stamp), "day")


def _recent_hours_only(day_set: set[date] | None) -> set[date]:
    """Hourly rows cover the last HASHTAG_HOURLY_DAYS local days; a full rebuild drops older ones."""
    first = timezone.localdate() - timedelta(days=settings.POSTFLOW["HASHTAG_HOURLY_DAYS"] - 1)
    if day_set is None:
        HashtagStats.objects.filter(granularity=Granularity.HOUR, period_start__lt=_midnight(first)).delete()
        return {first + timedelta(days=n) for n in range((timezone.localdate() - first).days + 1)}
    return {day for day in day_set if day >= first}


def rebuild_runs(day_set: set[date] | None) -> list[tuple[date, date]]:
    if day_set is None:
        return rollup_sql.day_runs(rollup_sql.all_post_days(), chunk_days=rollup_sql.FULL_CHUNK_DAYS)
    if len(day_set) > rollup_sql.FULL_CHUNK_DAYS:
        # Changes scattered over many days (a full sync, 1 % of posts spread over two years): month-sized
        # index reads cost more than the full rebuild's few whole-table statements (42 s against 27 s at 1M,
        # docs/benchmarks.md), so redo the whole span in full-size chunks; untouched days come out the same.
        first, last = min(day_set), max(day_set)
        span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return rollup_sql.day_runs(span, chunk_days=rollup_sql.FULL_CHUNK_DAYS)
    return rollup_sql.day_runs(day_set)


def _written(rows, day_field: str) -> RollupResult:
    if day_field == "day":
        found = rows.aggregate(rows=Count("pk"), days=Count("day", distinct=True))
    else:
        found = rows.aggregate(rows=Count("pk"), days=Count(TruncDate(day_field), distinct=True))
    return RollupResult(rows_written=found["rows"], days=found["days"])


def _rebuild_top_posts_orm(day_set: set[date] | None, account_ids: Iterable[int] | None) -> None:
    """DailyTopPost through the ORM (the SQLite demo): rank each day's posts per platform in Python."""
    existing = DailyTopPost.objects.all()
    posts = Post.objects.annotate(day=_trunc_date())
    if account_ids is not None:
        platforms = set(Account.objects.filter(pk__in=list(account_ids)).values_list("platform", flat=True))
        existing, posts = existing.filter(platform__in=platforms), posts.filter(platform__in=platforms)
    if day_set is not None:
        existing = existing.filter(day__in=day_set)
        posts = posts.filter(**_within(day_set, "posted_at")).filter(day__in=day_set)
    ranked = posts.annotate(rank=Window(RowNumber(), partition_by=[F("day"), F("platform")], order_by=[
        F("summary__total_engagement").desc(nulls_last=True), F("pk").desc()]))
    rows = [DailyTopPost(day=row["day"], platform=row["platform"], post_id=row["pk"],
                         total_engagement=row["summary__total_engagement"])
            for row in ranked.filter(rank__lte=DailyTopPost.PER_DAY)
            .values("day", "platform", "pk", "summary__total_engagement")]
    existing.delete()
    DailyTopPost.objects.bulk_create(rows, batch_size=BATCH)


def day_scope(days: Iterable[date] | None, changed_since: datetime | None) -> set[date] | None:
    """None means every day; an empty set means nothing to do."""
    if days is not None:
        return set(days)
    if changed_since is not None:
        return days_touched_since(changed_since) | {timezone.localdate()}
    return None


def _within(day_set: set[date], field: str) -> dict:
    """A range on `field` around the days, so the database can use its index before the exact day test."""
    if not day_set:
        return {"pk__in": []}
    end = max(day_set) + timedelta(days=1)
    return {f"{field}__gte": _midnight(min(day_set)), f"{field}__lt": _midnight(end)}


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _trunc_date() -> TruncDate:
    return TruncDate("posted_at", tzinfo=timezone.get_current_timezone())


def _local_days(posts) -> Iterable[date]:
    return posts.annotate(day=_trunc_date()).values_list("day", flat=True).distinct().order_by()


def _summary_sums(prefix: str = "summary__") -> dict:
    return {name: Coalesce(Sum(f"{prefix}{name}"), 0) for name in COUNTS}


def _zero(names: Iterable[str]) -> dict:
    return dict.fromkeys(names, 0)


def _daily_row(key: tuple[int, date], totals: dict | None, *,
               followers: int | None = None) -> AccountDailyStats:
    account_id, day = key
    values = totals or {**_zero(("posts_published", *COUNTS)), "views": None, "reach": None}
    return AccountDailyStats(account_id=account_id, day=day, followers_count=followers, **values)


def _upsert(model, rows: list, *, unique: list[str], fields: list[str]) -> None:
    if rows:
        model.objects.bulk_create(rows, batch_size=BATCH, update_conflicts=True, unique_fields=unique,
                                  update_fields=fields)
