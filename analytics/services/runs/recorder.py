"""The SyncRun lifecycle: open a run, count what it does, report progress and write its outcome."""

from __future__ import annotations

import contextvars
import logging
import time
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from analytics.models import Account, SyncRun, SyncStatus
from analytics.services.runs.lease import renew_lease

logger = logging.getLogger(__name__)

# Commands listen here to draw progress; tasks leave it unset.
progress_listener: contextvars.ContextVar = contextvars.ContextVar("progress_listener", default=None)

COUNTERS = ("posts_seen", "posts_created", "posts_updated", "posts_deleted", "posts_skipped",
            "likes_added", "shares_added", "comments_added")


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a service run did, for commands and tasks to print or return."""

    run_id: int
    status: str
    message: str
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.status in (SyncStatus.OK, SyncStatus.SKIPPED)


class RunRecorder:
    """Keeps a SyncRun's counters in memory and writes them in few statements (progress is throttled)."""

    PROGRESS_EVERY_SECONDS = 2.0

    def __init__(self, run: SyncRun) -> None:
        self.run = run
        self.counts = dict.fromkeys(COUNTERS, 0)
        self.errors: list[str] = []
        self.error_remote_id = ""
        self.http_requests = 0
        self.lease_owner: str | None = None
        self._last_progress = 0.0

    @classmethod
    def open(cls, *, account: Account | None, kind: str, trigger: str, user=None, params: dict | None = None,
             run: SyncRun | None = None) -> RunRecorder:
        """Start a queued run (from enqueue) or create a new one (schedules, commands)."""
        now = timezone.now()
        if run is None:
            run = SyncRun.objects.create(
                account=account, kind=kind, trigger=trigger, triggered_by=user, params=params or {},
                status=SyncStatus.RUNNING, started_at=now, heartbeat_at=now,
            )
        else:
            run.status, run.started_at, run.heartbeat_at = SyncStatus.RUNNING, now, now
            SyncRun.objects.filter(pk=run.pk).update(status=run.status, started_at=now, heartbeat_at=now)
        return cls(run)

    @property
    def stored_anything(self) -> bool:
        """Progress for the resume back-off: items done or rows written in this run."""
        return getattr(self, "_done", 0) > 0 or any(self.counts.values())

    def add(self, counter: str, amount: int = 1) -> None:
        self.counts[counter] += amount

    def record_error(self, message: str, *, remote_id: str = "") -> None:
        logger.warning("sync run %s: %s", self.run.pk, message,
                       extra={"account_id": self.run.account_id, "remote_id": remote_id})
        self.errors.append(f"{remote_id}: {message}" if remote_id else message)
        if remote_id and not self.error_remote_id:
            self.error_remote_id = remote_id

    def heartbeat(self) -> None:
        """Prove the run is alive between progress steps (throttled like progress)."""
        self.progress(getattr(self, "_done", 0))

    def record_post_warnings(self, remote_posts) -> None:
        """A value the parser had to store as unknown (e.g. a negative count) makes the run partial with why."""
        for remote in remote_posts:
            for warning in getattr(remote, "warnings", ()) or ():
                self.record_error(f"stored as unknown: {warning}", remote_id=remote.remote_id)

    def progress(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        self._done = done
        if total is not None:
            self._total = total
        listener = progress_listener.get()
        if listener is not None:
            listener(self.run, done, getattr(self, "_total", None))
        now = time.monotonic()
        if not force and now - self._last_progress < self.PROGRESS_EVERY_SECONDS:
            return
        self._last_progress = now
        # The heartbeat: the stale-run sweep fails a running run silent for a lease, so progress renews both.
        fields = {"progress_done": done, "http_requests": self.http_requests, "heartbeat_at": timezone.now(),
                  **self.counts}
        if total is not None:
            fields["progress_total"] = total
        SyncRun.objects.filter(pk=self.run.pk).update(**fields)
        if self.lease_owner and self.run.account_id:
            renew_lease(self.run.account_id, self.lease_owner)

    def finish(self, status: str, *, error: str = "", resume_at=None, details: dict | None = None) -> SyncResult:
        """Write the outcome; `details` (what a maintenance run did) are kept with the run's options."""
        messages = ([error] if error else []) + self.errors
        text = "\n".join(messages)[:10000]
        if details:
            self.run.params = {**(self.run.params or {}), "result": details}
            SyncRun.objects.filter(pk=self.run.pk).update(params=self.run.params)
        fields = {
            **self.counts, "status": status, "finished_at": timezone.now(), "http_requests": self.http_requests,
            "error_message": text, "error_remote_id": self.error_remote_id[:255], "resume_at": resume_at,
        }
        SyncRun.objects.filter(pk=self.run.pk).update(**fields)
        if status in (SyncStatus.OK, SyncStatus.PARTIAL):
            SyncRun.objects.filter(pk=self.run.pk, progress_total__isnull=False).update(
                progress_done=F("progress_total"))
        for key, value in fields.items():
            setattr(self.run, key, value)
        summary = ", ".join(f"{key.replace('_', ' ')} {value}"
                            for key, value in {**self.counts, **(details or {})}.items() if value)
        return SyncResult(run_id=self.run.pk, status=status, message=text or summary or "nothing to do",
                          counts=dict(self.counts))

    def skip(self, reason: str) -> SyncResult:
        return self.finish(SyncStatus.SKIPPED, error=reason)
