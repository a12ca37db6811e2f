"""Runs left queued or running by a worker that died are closed, so they stop blocking new work."""

from __future__ import annotations

from django.utils import timezone

from analytics.models import SyncRun, SyncStatus
from analytics.models.sync_runs import abandoned_after


def fail_abandoned_runs() -> int:
    cutoff = timezone.now() - abandoned_after()
    return SyncRun.objects.filter(status__in=[SyncStatus.QUEUED, SyncStatus.RUNNING], created_at__lt=cutoff).update(
        status=SyncStatus.FAILED, finished_at=timezone.now(),
        error_message="Abandoned: no worker finished this run (worker stopped or task lost).",
    )
