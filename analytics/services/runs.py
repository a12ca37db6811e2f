"""The SyncRun lifecycle and the per-account lease that keeps two workers off the same account."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from analytics.models import Account, SyncRun, SyncStatus

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


def lease_owner_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire_lease(account_id: int, owner: str) -> bool:
    """One conditional UPDATE: atomic on PostgreSQL and SQLite, so exactly one contender wins."""
    now = timezone.now()
    expires = now + timedelta(seconds=settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"])
    free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now) | Q(lease_owner=owner)
    return Account.objects.filter(free, pk=account_id).update(lease_owner=owner, lease_expires_at=expires) == 1


def renew_lease(account_id: int, owner: str) -> None:
    expires = timezone.now() + timedelta(seconds=settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"])
    Account.objects.filter(pk=account_id, lease_owner=owner).update(lease_expires_at=expires)


def release_lease(account_id: int, owner: str) -> None:
    Account.objects.filter(pk=account_id, lease_owner=owner).update(lease_owner="", lease_expires_at=None)


@contextlib.contextmanager
def account_lease(account_id: int) -> Iterator[str | None]:
    """Yields the lease owner id, or None when another worker holds the account."""
    owner = lease_owner_id()
    if not acquire_lease(account_id, owner):
        yield None
        return
    try:
        yield owner
    finally:
        release_lease(account_id, owner)


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
                status=SyncStatus.RUNNING, started_at=now,
            )
        else:
            run.status, run.started_at = SyncStatus.RUNNING, now
            SyncRun.objects.filter(pk=run.pk).update(status=run.status, started_at=now)
        return cls(run)

    def add(self, counter: str, amount: int = 1) -> None:
        self.counts[counter] += amount

    def record_error(self, message: str, *, remote_id: str = "") -> None:
        logger.warning("sync run %s: %s", self.run.pk, message,
                       extra={"account_id": self.run.account_id, "remote_id": remote_id})
        self.errors.append(f"{remote_id}: {message}" if remote_id else message)
        if remote_id and not self.error_remote_id:
            self.error_remote_id = remote_id

    def progress(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        if total is not None:
            self._total = total
        listener = progress_listener.get()
        if listener is not None:
            listener(self.run, done, getattr(self, "_total", None))
        now = time.monotonic()
        if not force and now - self._last_progress < self.PROGRESS_EVERY_SECONDS:
            return
        self._last_progress = now
        fields = {"progress_done": done, "http_requests": self.http_requests, **self.counts}
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
