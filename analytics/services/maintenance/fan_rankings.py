"""The Top fans of the preset periods (FanRanking), ranked by the hourly fan-rankings job so that the page reads
them instead of grouping the period's likes, shares and comments per request
(analytics.selectors.audience.fan_rankings)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from analytics.models import FanRanking
from analytics.selectors.audience import OVERALL, PER_ACCOUNT, ranked_pairs
from analytics.selectors.periods import PRESET_DAYS, Period
from analytics.services.maintenance.rollups import bumps_generation

BATCH = 500
FAN_RANKINGS_LOCK = 0x46414E53  # "FANS": the advisory-lock class of this table's writers


@bumps_generation
def rebuild_fan_rankings(*, today: date | None = None) -> int:
    """Rank every preset period ending `today` (the local day in the current zone by default) and replace each
    window's rows. Returns the rows written.

    Each window is ranked whole, every run: its rankings move with every new engagement and with the day the
    window starts, so there is no cheaper "unchanged" test than the ranking itself (a few seconds at 1M posts).
    """
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone_name()
    return sum(_rebuild_window(Period.last(days, today=today), zone) for days in PRESET_DAYS)


def _rebuild_window(period: Period, zone: str) -> int:
    """One ranking statement, then the window's rows deleted and written in one transaction: a reader sees the
    old rankings or the new ones, never a mix."""
    rankings: dict[tuple[int | None, str], list[tuple]] = defaultdict(list)
    for owner, scope, *fan in ranked_pairs(period, limit=OVERALL, per_account=PER_ACCOUNT, per_platform=True):
        rankings[owner, scope].append(fan)
    now = timezone.now()
    rows = [
        FanRanking(window_days=period.days, period_end=period.end, time_zone=zone, platform=scope,
                   account_id=owner, place=place, actor_id=actor_id, likes=likes, shares=shares, comments=comments,
                   last_engaged_at=last_at, computed_at=now)
        for (owner, scope), fans in rankings.items()
        for place, (actor_id, likes, shares, comments, last_at) in enumerate(sorted(fans, key=_best_first), start=1)
    ]
    with transaction.atomic():
        _one_writer_per_window(period.days)
        FanRanking.objects.filter(window_days=period.days).delete()
        FanRanking.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _one_writer_per_window(days: int) -> None:
    """Two rankings at once (the schedule and a manual run) would each delete the old rows and then insert, the
    second into the first's new rows: a unique-constraint error. On PostgreSQL the second waits for the first's
    transaction (an advisory lock held until commit); SQLite lets one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [FAN_RANKINGS_LOCK, days])


def _best_first(fan: tuple) -> tuple:
    """The selector's order: total engagement, then the actor's id (as the ranking statement breaks ties)."""
    actor_id, likes, shares, comments, _last_at = fan
    return -(likes + shares + comments), actor_id
