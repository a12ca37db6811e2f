"""The scheduled jobs as the e2e tests run them: incremental post sync and the tiered engagement refresh,
never forced, with the product's clock moved forward by ageing what it stored."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db.models import F

from analytics.models import Account, EngagementSummary, MetricSnapshot, SyncRun, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts


def now_start() -> float:
    """A world that starts now, so the product's tiers (real time) see its posts at their real ages."""
    return float(int(time.time()))


def scheduled_round(accounts: dict[str, Account] | list[Account], *, sync_first: bool = True) -> list:
    """What the schedules run for each account: the daily incremental sync and the hourly tiered refresh."""
    results = []
    for account in (accounts.values() if isinstance(accounts, dict) else accounts):
        account.refresh_from_db()
        if sync_first:
            results.append(sync_account_posts(account))
        results.append(refresh_account_engagement(account, tiered=True))
    return results


def refresh_only(accounts) -> list:
    return [refresh_account_engagement(account, tiered=True) for account in
            (accounts.values() if isinstance(accounts, dict) else accounts)]


def sync_only(accounts) -> list:
    return [sync_account_posts(account) for account in
            (accounts.values() if isinstance(accounts, dict) else accounts)]


def hours_pass(hours: float) -> None:
    """Move the product's clock: what it fetched now looks `hours` old, so the tiers make it due again.

    A few extra seconds keep shifted snapshot times off the exact times of older ones.
    """
    delta = timedelta(hours=hours, seconds=7)
    EngagementSummary.objects.filter(counts_fetched_at__isnull=False).update(
        counts_fetched_at=F("counts_fetched_at") - delta)
    EngagementSummary.objects.filter(engagers_fetched_at__isnull=False).update(
        engagers_fetched_at=F("engagers_fetched_at") - delta)
    for snapshot in MetricSnapshot.objects.order_by("captured_at"):  # oldest first: no transient duplicate
        MetricSnapshot.objects.filter(pk=snapshot.pk).update(captured_at=snapshot.captured_at - delta)


def assert_runs_finished_with_reasons() -> None:
    """No run is left running; every run that is not ok says why."""
    running = list(SyncRun.objects.filter(status=SyncStatus.RUNNING).values_list("pk", "kind"))
    assert not running, f"runs left running: {running}\n{runs_summary()}"
    for run in SyncRun.objects.exclude(status__in=[SyncStatus.OK, SyncStatus.QUEUED, SyncStatus.SKIPPED]):
        assert run.error_message, f"run {run.pk} ({run.kind}) ended {run.status} without a reason"


def runs_summary() -> str:
    """Every run with its status and error, for assertion messages."""
    return "\n".join(f"run {run.pk} {run.kind} {run.status}: {run.error_message[:300]}"
                     for run in SyncRun.objects.order_by("pk"))


def run_statuses(kind: str | None = None) -> list[str]:
    runs = SyncRun.objects.exclude(kind="connect").order_by("pk")
    if kind:
        runs = runs.filter(kind=kind)
    return list(runs.values_list("status", flat=True))


class Overran(Exception):
    """A scheduled job ran past its bound (an endless list, a wait of 1e20 seconds)."""


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: a SIGALRM raises `Overran` in the test thread after `seconds`."""
    def expire(signum, frame):
        raise Overran(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
