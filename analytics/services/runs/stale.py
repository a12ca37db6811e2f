"""The stale-run sweep: runs whose worker stopped (no heartbeat for a lease) or whose task never arrived (queued
past the bound) are failed with the reason, so they stop blocking new work and show in the admin within
minutes. Scheduled every couple of minutes (analytics/schedules.py); see docs/operations.md for the numbers."""

from __future__ import annotations

import logging

from django.utils import timezone

from analytics.models import SyncRun, SyncStatus
from analytics.models.sync_runs import stale_queued_q, stale_running_q

logger = logging.getLogger(__name__)

ABANDONED_RUNNING = "Abandoned: no heartbeat from its worker since {since} (worker stopped or timed out)."
ABANDONED_QUEUED = "Abandoned: queued at {since} and never started (task lost or no worker running)."
# A re-delivered task recognises a run the sweep closed by this prefix.
ABANDONED_PREFIX = "Abandoned:"


def fail_abandoned_runs() -> int:
    """Fail every stale run; returns how many. One UPDATE per stale run (there are few)."""
    now = timezone.now()
    closed = 0
    stale = (SyncRun.objects.filter(stale_running_q(now) | stale_queued_q(now))
             .values_list("pk", "status", "heartbeat_at", "created_at"))
    for pk, status, heartbeat_at, created_at in stale:
        if status == SyncStatus.RUNNING:
            message = ABANDONED_RUNNING.format(since=f"{heartbeat_at or created_at:%Y-%m-%d %H:%M:%S %Z}")
        else:
            message = ABANDONED_QUEUED.format(since=f"{created_at:%Y-%m-%d %H:%M:%S %Z}")
        # Conditional on the status, so a run that just finished is left as it is.
        closed += SyncRun.objects.filter(pk=pk, status=status).update(
            status=SyncStatus.FAILED, finished_at=now, error_message=message)
    if closed:
        logger.warning("stale-run sweep failed %d abandoned runs", closed)
    return closed
