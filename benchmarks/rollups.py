# ruff: noqa: S608 -- the statements are built from this module's constants and integers it computed.
"""The hourly roll-up after an hour of refreshes: 1 % of the posts changed, as the hourly refresh changes them
(the most recent posts, a third of them moved), and the same 1 % scattered over every day as the worst case.

Each case times the "which days changed" step beside the single-OR query it replaced, and the whole
incremental `rebuild_rollups()` beside the full rebuild measured in the same run (when the run rebuilt). The
hourly fan-rankings job, which ranks the preset periods whole whatever changed, is timed after each
incremental hour (its own run, as scheduled)."""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from analytics.models import Post, SyncKind, SyncRun, SyncStatus
from analytics.services.maintenance.flows import ROLLUP_OVERLAP, rank_top_fans, rebuild_rollups
from analytics.services.maintenance.rollups import days_touched_since
from benchmarks.measure import PeakRSS, Row, percentile

TARGET = "< 5 s at 1M"


def incremental_rows(repeat: int, *, full_rebuild_ms: float | None) -> list[Row]:
    _an_hour_passes()
    rebuild_rollups()  # settle: whatever the seed or an earlier step changed is rolled up first
    posts = Post.all_objects.count()
    changed = max(1, posts // 100)
    rows, fans_ms = [], []
    for case, mark in (("recent posts, a third moved", _mark_recent), ("scattered over every day", _mark_scattered)):
        steps, scans, totals, days, grown = [], [], [], 0, 0.0
        for attempt in range(max(1, repeat if case.startswith("recent") else 1)):
            _an_hour_passes()
            since = _last_rollup_start() - ROLLUP_OVERLAP
            mark(changed, attempt)
            started = time.perf_counter()
            days = len(days_touched_since(since))
            steps.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            _days_by_one_or(since)
            scans.append((time.perf_counter() - started) * 1000)
            with PeakRSS() as memory:
                started = time.perf_counter()
                rebuild_rollups()
                totals.append((time.perf_counter() - started) * 1000)
            grown = max(grown, memory.grown)
            started = time.perf_counter()
            rank_top_fans()
            fans_ms.append((time.perf_counter() - started) * 1000)
        rows.append(Row("roll-ups", f"which days changed, 1 % of posts ({case})", percentile(steps, 50),
                        percentile(steps, 95), None, f"one OR across the join: p95 {percentile(scans, 95):,.0f} ms",
                        note=f"{changed:,} posts, {days} days"))
        baseline = f"full rebuild: {full_rebuild_ms:,.0f} ms" if full_rebuild_ms else ""
        rows.append(Row("roll-ups", f"incremental hour, 1 % of posts ({case})", percentile(totals, 50),
                        percentile(totals, 95), None, baseline, TARGET,
                        note=f"{len(totals)} runs, {days} days rebuilt, +{grown:.0f} MB RSS"))
    rows.append(Row("roll-ups", "fan rankings job (7, 30, 90 days)", percentile(fans_ms, 50), percentile(fans_ms, 95),
                    None, note=f"{len(fans_ms)} runs, hourly after the roll-up; its own job"))
    return rows


def _last_rollup_start():
    run = SyncRun.objects.filter(kind=SyncKind.ROLLUP, status=SyncStatus.OK).order_by("-started_at").first()
    return run.started_at if run else timezone.now() - timedelta(hours=1)


def _an_hour_passes() -> None:
    """Age the marks of earlier attempts (or runs) by an hour, as the hourly cadence does: otherwise marks made
    less than ROLLUP_OVERLAP before the last run fall in the next run's window and it redoes their days too."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE analytics_engagementsummary SET updated_at = updated_at - interval '1 hour' "
                       "WHERE updated_at > now() - interval '1 hour'")


def _mark_recent(changed: int, attempt: int) -> None:
    """What an hourly refresh writes: the newest 3n posts were read, a third of them (n) moved (one more quote)."""
    _bump(f"SELECT id FROM analytics_post WHERE deleted_at IS NULL ORDER BY posted_at DESC LIMIT {changed * 3}",
          f"ranked.id % 3 = {attempt % 3}")


def _mark_scattered(changed: int, attempt: int) -> None:
    """The worst case for day ranges: the same number of posts, one in every hundred, across all days."""
    _bump("SELECT id FROM analytics_post WHERE deleted_at IS NULL", f"ranked.id % 100 = {attempt % 100}")


def _bump(candidates: str, pick: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            # quotes move, not likes: the seeded likes, shares and comments keep matching their event rows.
            "UPDATE analytics_engagementsummary s SET quotes = COALESCE(s.quotes, 0) + 1, "
            f"updated_at = now() FROM ({candidates}) ranked "
            f"WHERE s.post_id = ranked.id AND {pick}")


def _days_by_one_or(since) -> set:
    """The query this step replaced (same-run baseline): one OR over the summary join."""
    changed = Post.all_objects.filter(
        Q(summary__updated_at__gte=since) | Q(first_seen_at__gte=since) | Q(deleted_at__gte=since))
    day = TruncDate("posted_at", tzinfo=timezone.get_current_timezone())
    return set(changed.annotate(day=day).values_list("day", flat=True).distinct().order_by())
