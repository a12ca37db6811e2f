"""One run against one account: hold its lease, build its client, and turn platform errors into the run's
outcome the same way for every flow (sync posts, refresh engagement)."""

from __future__ import annotations

from collections.abc import Callable

from analytics.models import Account, SyncStatus
from analytics.services.accounts.clients import client_for
from analytics.services.accounts.health import note_account_failure, note_account_success
from analytics.services.runs.lease import account_lease
from analytics.services.runs.recorder import RunRecorder, SyncResult
from analytics.services.runs.resume import schedule_resume
from platforms.base import PlatformClient
from platforms.errors import AuthError, PlatformError, RateLimited


def run_for_account(account: Account, recorder: RunRecorder, work: Callable[[PlatformClient], None], *,
                    success: dict, resume_params: Callable[[], dict | None] = lambda: None,
                    partial_on_error: Callable[[], bool] = lambda: False) -> SyncResult:
    """`work(client)` does the flow; `success` is passed to note_account_success (synced= / refreshed=).

    AuthError: the account needs a new token, the run fails. RateLimited: the run ends partial and the rest
    (`resume_params()`, or the same options) is queued for the reset time. Other platform errors: the account
    is marked failing; the run is partial when `partial_on_error()` says some work was done, else failed.
    """
    with account_lease(account.pk) as owner:
        if owner is None:
            return recorder.skip("Another job is syncing this account right now.")
        recorder.lease_owner = owner
        client: PlatformClient | None = None
        try:
            client = client_for(account)
            work(client)
        except AuthError as exc:
            note_account_failure(account, exc, needs_reauth=True)
            return _finish(recorder, client, SyncStatus.FAILED, f"Authentication failed: {exc}")
        except RateLimited as exc:
            resume_at = schedule_resume(recorder.run, exc.retry_at, params=resume_params())
            return _finish(recorder, client, SyncStatus.PARTIAL,
                           f"Rate limited; the rest resumes at {exc.retry_at:%H:%M:%S}", resume_at=resume_at)
        except PlatformError as exc:
            note_account_failure(account, exc)
            status = SyncStatus.PARTIAL if partial_on_error() else SyncStatus.FAILED
            return _finish(recorder, client, status, f"{type(exc).__name__}: {exc}")
        note_account_success(account, **success)
        return _finish(recorder, client, SyncStatus.PARTIAL if recorder.errors else SyncStatus.OK)


def _finish(recorder: RunRecorder, client: PlatformClient | None, status: str, error: str = "",
            resume_at=None) -> SyncResult:
    if client is not None:
        recorder.http_requests = client.request_count
    return recorder.finish(status, error=error, resume_at=resume_at)
