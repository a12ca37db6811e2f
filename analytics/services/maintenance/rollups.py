"""Roll-ups the dashboards read: AccountDailyStats and HashtagStats, rebuilt set-based for the days touched.

Engagement is attributed to the day the POST was published (in settings.TIME_ZONE), not to the day it
happened: a post's summary holds cumulative counts without event times for every platform, so this is
the only attribution that works everywhere and keeps a re-run idempotent. Today's account rows also
carry the account's current followers_count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncDay, TruncHour
from django.utils import timezone

from analytics.models import Account, AccountDailyStats, Granularity, HashtagStats, Post, PostHashtag

COUNTS = ("likes", "comments", "shares", "total_engagement")
BATCH = 500


@dataclass(frozen=True, slots=True)
class RollupResult:
    rows_written: int
    days: int


def days_touched_since(since: datetime) -> set[date]:
    """Local publication days of posts whose summary, first sight or deletion changed since `since`."""
    changed = Post.all_objects.filter(
        Q(summary__updated_at__gte=since) | Q(first_seen_at__gte=since) | Q(deleted_at__gte=since)
    )
    return set(_local_days(changed))


def rebuild_account_daily_stats(*, account_ids: Iterable[int] | None = None,
                                days: Iterable[date] | None = None,
                                changed_since: datetime | None = None) -> RollupResult:
    """Recompute AccountDailyStats for the given days (or those touched since `changed_since`; else all).

    Rows with no posts left in scope are zeroed, not deleted, so a re-run writes the same values.
    """
    day_set = _day_scope(days, changed_since)
    today = timezone.localdate()
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
        for row in posts.values("account_id", "day").annotate(posts_published=Count("pk"), **_summary_sums())
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
    fields = ["posts_published", *COUNTS, "updated_at"]
    _upsert(AccountDailyStats, past, unique=["account", "day"], fields=fields)
    _upsert(AccountDailyStats, current, unique=["account", "day"], fields=[*fields, "followers_count"])
    return RollupResult(rows_written=len(keys), days=len({day for _, day in keys}))


def rebuild_hashtag_stats(*, days: Iterable[date] | None = None, granularity: str = Granularity.DAY,
                          changed_since: datetime | None = None) -> RollupResult:
    """Recompute HashtagStats per day or hour for the given days (or those touched since `changed_since`)."""
    if granularity not in (Granularity.DAY, Granularity.HOUR):
        raise ValueError(f"Hashtag stats are kept per day or per hour, not {granularity!r}.")
    day_set = _day_scope(days, changed_since)
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


def _day_scope(days: Iterable[date] | None, changed_since: datetime | None) -> set[date] | None:
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
    values = totals or _zero(("posts_published", *COUNTS))
    return AccountDailyStats(account_id=account_id, day=day, followers_count=followers, **values)


def _upsert(model, rows: list, *, unique: list[str], fields: list[str]) -> None:
    if rows:
        model.objects.bulk_create(rows, batch_size=BATCH, update_conflicts=True, unique_fields=unique,
                                  update_fields=fields)
