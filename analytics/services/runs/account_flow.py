"""One run against one account: hold its lease, build its client, and turn platform errors into the run's
outcome the same way for every flow (sync posts, refresh engagement)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from analytics.models import Account, SyncStatus, SyncTrigger
from analytics.services.accounts.clients import client_for
from analytics.services.accounts.health import note_account_failure, note_account_success
from analytics.services.runs.errors import is_transient_database_error, safe_error_text
from analytics.services.runs.lease import account_lease
from analytics.services.runs.recorder import RunRecorder, SyncResult
from analytics.services.runs.resume import requeue_while_busy, schedule_resume
from platforms.base import PlatformClient
from platforms.errors import AuthError, PlatformError, RateLimited, RefusedLink, RunBudgetExceeded

logger = logging.getLogger(__name__)


def run_for_account(account: Account, recorder: RunRecorder, work: Callable[[PlatformClient], None], *,
                    success: dict, resume_params: Callable[[], dict | None] = lambda: None,
                    partial_on_error: Callable[[], bool] = lambda: False,
                    made_progress: Callable[[], bool] | None = None) -> SyncResult:
    """`work(client)` does the flow; `success` is passed to note_account_success (synced= / refreshed=).

    AuthError: the account needs a new token, the run fails. RateLimited / RunBudgetExceeded: the run ends
    partial and the rest (`resume_params()`, or the same options) is queued for the reset time, later when
    `made_progress()` says this run stored nothing (exponential back-off), not at all past RESUME_CHAIN_MAX.
    Other platform errors: the account is marked failing; the run is partial when `partial_on_error()` says
    some work was done, else failed.
    RefusedLink: a listing stopped at a link to another host, so the run is partial with the reason (the account
    is not failing). A transient database conflict (deadlock, serialization failure): the run ends partial and
    the rest is queued like a pause, since a second try succeeds and the account is fine. Any other exception
    ends the run failed with its type and a message without secrets, releases the lease, and is re-raised for
    the caller (the task wrapper sanitises it for django-q2).
    """
    if made_progress is None:
        made_progress = lambda: recorder.stored_anything  # noqa: E731
    with account_lease(account.pk) as owner, crash_recorded(recorder):
        # crash_recorded also covers the handlers below (a database error while writing the outcome).
        if owner is None:
            return _wait_or_skip(recorder)
        recorder.lease_owner = owner
        client: PlatformClient | None = None
        try:
            client = client_for(account)
            _heartbeat_on_every_request(client, recorder)
            work(client)
        except AuthError as exc:
            note_account_failure(account, exc, needs_reauth=True)
            return _finish(recorder, client, SyncStatus.FAILED, f"Authentication failed: {exc}")
        except (RateLimited, RunBudgetExceeded) as exc:
            return _pause(recorder, client, exc, resume_params(), made_progress=made_progress())
        except RefusedLink as exc:
            return _finish(recorder, client, SyncStatus.PARTIAL,
                           f"Incomplete listing: {safe_error_text(exc)}")
        except PlatformError as exc:
            note_account_failure(account, exc)
            status = SyncStatus.PARTIAL if partial_on_error() else SyncStatus.FAILED
            return _finish(recorder, client, status, safe_error_text(exc))
        except DatabaseError as exc:
            if not is_transient_database_error(exc):
                raise
            logger.warning("run %s: %s; resuming", recorder.run.pk, safe_error_text(exc))
            return _pause(recorder, client, exc, resume_params(), made_progress=made_progress(),
                          reason="Database conflict with another worker")
        note_account_success(account, **success)
        return _finish(recorder, client, SyncStatus.PARTIAL if recorder.errors else SyncStatus.OK)


def _heartbeat_on_every_request(client: PlatformClient, recorder: RunRecorder) -> None:
    """The run's heartbeat (throttled) before each request: a listing of hundreds of pages inside one step still
    proves the worker alive, so the sweep's lease only has to cover one pause plus one request."""
    policy = getattr(client, "http", None)
    if policy is not None:
        policy.on_request = recorder.heartbeat


@contextlib.contextmanager
def crash_recorded(recorder: RunRecorder) -> Iterator[None]:
    """For flows without an account (roll-ups, retention): any exception ends the run failed, then propagates."""
    try:
        yield
    except Exception as exc:
        record_crash(recorder, exc)
        raise


def record_crash(recorder: RunRecorder, exc: Exception) -> None:
    """End the run failed for an unexpected exception; if even that fails (database down), the stale-run
    sweep closes it within minutes, and the original exception still propagates."""
    try:
        recorder.finish(SyncStatus.FAILED, error=f"Crashed: {safe_error_text(exc)}")
    except Exception:
        logger.exception("could not record the crash of sync run %s", recorder.run.pk)


def _wait_or_skip(recorder: RunRecorder) -> SyncResult:
    """A job someone queued by hand (admin, Retry) waits for the account; schedules and commands skip."""
    run = recorder.run
    if run.trigger in (SyncTrigger.ADMIN, SyncTrigger.RETRY):
        again_at = requeue_while_busy(run)
        if again_at is not None:
            message = (f"Another job is working on this account; this one starts again at "
                       f"{timezone.localtime(again_at):%Y-%m-%d %H:%M:%S %Z}.")
            return SyncResult(run_id=run.pk, status=SyncStatus.QUEUED, message=message, counts=dict(recorder.counts))
        return recorder.skip(f"Another job kept this account busy through {run.params.get('lease_waits', 0)} "
                             f"waits; the next scheduled run will cover it.")
    return recorder.skip("Another job is syncing this account right now.")


def _pause(recorder: RunRecorder, client: PlatformClient | None, exc: Exception, params: dict | None, *,
           made_progress: bool, reason: str = "") -> SyncResult:
    retry_at = getattr(exc, "retry_at", None) or timezone.now()
    reason = reason or ("Rate limited" if isinstance(exc, RateLimited) else "Run budget spent")
    resume_at = schedule_resume(recorder.run, retry_at, params=params, made_progress=made_progress)
    if resume_at is None:
        return _finish(recorder, client, SyncStatus.PARTIAL,
                       f"{reason}; gave up after {settings.POSTFLOW['RESUME_CHAIN_MAX']} resumes in a row. "
                       f"The next scheduled run continues.")
    backoff = "" if made_progress else " (no progress in this run: backing off)"
    return _finish(recorder, client, SyncStatus.PARTIAL,
                   f"{reason}; the rest resumes at {timezone.localtime(resume_at):%Y-%m-%d %H:%M:%S %Z}{backoff}",
                   resume_at=resume_at)


def _finish(recorder: RunRecorder, client: PlatformClient | None, status: str, error: str = "",
            resume_at=None) -> SyncResult:
    if client is not None:
        recorder.http_requests = client.request_count
    return recorder.finish(status, error=error, resume_at=resume_at)
