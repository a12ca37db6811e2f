"""A rate-limited run ends `partial`; the rest is queued as a new run that starts after the reset time."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

from analytics.models import SyncRun, SyncStatus, SyncTrigger

RESUME_MARGIN = timedelta(seconds=5)


def schedule_resume(run: SyncRun, retry_at: datetime, *, params: dict | None = None) -> datetime:
    """Queue a follow-up run (same options, or `params`) as a one-off django-q2 schedule at `retry_at`."""
    resume_at = max(retry_at, timezone.now()) + RESUME_MARGIN
    follow_up = SyncRun.objects.create(
        account=run.account, kind=run.kind, trigger=SyncTrigger.RETRY, triggered_by=run.triggered_by,
        status=SyncStatus.QUEUED, params=params if params is not None else dict(run.params), retry_of=run,
    )

    def create_schedule() -> None:
        Schedule.objects.create(
            name=f"resume sync run {follow_up.pk}", func="analytics.tasks.run_sync_run", args=str(follow_up.pk),
            schedule_type=Schedule.ONCE, repeats=-1, next_run=resume_at,
        )

    transaction.on_commit(create_schedule)
    return resume_at
