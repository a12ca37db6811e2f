"""A rate-limited (or over-budget) run ends `partial`; the rest is queued as a new run that starts after the
reset time. A resume that made no progress waits exponentially longer, and the chain of resumes is capped
(RESUME_CHAIN_MAX): after that the run ends with a message and the next scheduled run carries on."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

from analytics.models import SyncRun, SyncStatus, SyncTrigger

RESUME_MARGIN = timedelta(seconds=5)
SCHEDULE_NAME = "resume sync run {run_id}"


def resume_delay(no_progress_streak: int) -> timedelta:
    """0 after a resume that made progress; then base, 2xbase, 4xbase… up to RESUME_BACKOFF_MAX_SECONDS."""
    if no_progress_streak <= 0:
        return timedelta(0)
    tunables = settings.POSTFLOW
    seconds = tunables["RESUME_BACKOFF_SECONDS"] * 2 ** min(no_progress_streak - 1, 20)
    return timedelta(seconds=min(seconds, tunables["RESUME_BACKOFF_MAX_SECONDS"]))


def schedule_resume(run: SyncRun, retry_at: datetime, *, params: dict | None = None,
                    made_progress: bool = True) -> datetime | None:
    """Queue a follow-up run (same options, or `params`) as a one-off django-q2 schedule, or None when the
    chain of resumes is spent. django-q2 deletes a ONCE schedule with negative `repeats` once it has run."""
    options = dict(params if params is not None else run.params)
    depth = int((run.params or {}).get("resume_depth", 0))
    if depth >= settings.POSTFLOW["RESUME_CHAIN_MAX"]:
        return None
    streak = 0 if made_progress else int((run.params or {}).get("no_progress_streak", 0)) + 1
    options.update(resume_depth=depth + 1, no_progress_streak=streak)
    resume_at = max(retry_at, timezone.now()) + RESUME_MARGIN + resume_delay(streak)
    follow_up = SyncRun.objects.create(
        account=run.account, kind=run.kind, trigger=SyncTrigger.RETRY, triggered_by=run.triggered_by,
        status=SyncStatus.QUEUED, params=options, retry_of=run,
    )

    def create_schedule() -> None:
        Schedule.objects.create(
            name=SCHEDULE_NAME.format(run_id=follow_up.pk), func="analytics.tasks.run_sync_run",
            args=str(follow_up.pk), schedule_type=Schedule.ONCE, repeats=-1, next_run=resume_at,
        )

    transaction.on_commit(create_schedule)
    return resume_at


def requeue_while_busy(run: SyncRun) -> datetime | None:
    """A queued run that finds its account leased by another job waits LEASE_WAIT_SECONDS and tries again, up
    to LEASE_WAIT_MAX times; it stays `queued` meanwhile (the user was told "queued"). None: give up."""
    tunables = settings.POSTFLOW
    waits = int((run.params or {}).get("lease_waits", 0))
    if waits >= tunables["LEASE_WAIT_MAX"]:
        return None
    again_at = timezone.now() + timedelta(seconds=tunables["LEASE_WAIT_SECONDS"])
    run.params = {**(run.params or {}), "lease_waits": waits + 1}
    run.status, run.started_at, run.heartbeat_at = SyncStatus.QUEUED, None, None
    SyncRun.objects.filter(pk=run.pk).update(status=run.status, started_at=None, heartbeat_at=None,
                                             params=run.params)

    def create_schedule() -> None:
        delete_resume_schedule(run.pk)
        Schedule.objects.create(
            name=SCHEDULE_NAME.format(run_id=run.pk), func="analytics.tasks.run_sync_run", args=str(run.pk),
            schedule_type=Schedule.ONCE, repeats=-1, next_run=again_at,
        )

    transaction.on_commit(create_schedule)
    return again_at


def delete_resume_schedule(run_id: int) -> None:
    """A follow-up started another way (Retry, a re-delivery) leaves no spent schedule behind."""
    Schedule.objects.filter(name=SCHEDULE_NAME.format(run_id=run_id), schedule_type=Schedule.ONCE).delete()
