"""django-q2 task functions: thin, idempotent wrappers that take ids and call one service.

Every task re-raises a crash as a sanitised `RunCrashed` (`from None`): django-q2 stores the exception text
and traceback in its failure row, which staff can read, so the original (which may quote a database row with
token ciphertext) never reaches it. The SyncRun was already ended `failed` by the service.
"""

from __future__ import annotations

import functools
import logging

from django.utils import timezone
from django_q.tasks import async_task

from analytics.models import Account, AccountStatus, SyncKind, SyncRun, SyncStatus, SyncTrigger
from analytics.models.sync_runs import stale_running_q
from analytics.services.maintenance import flows as maintenance
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.runs.enqueue import enqueue_refresh, enqueue_sync_posts
from analytics.services.runs.errors import RunCrashed, safe_error_text
from analytics.services.runs.recorder import RunRecorder
from analytics.services.runs.resume import delete_resume_schedule
from analytics.services.runs.stale import ABANDONED_PREFIX, fail_abandoned_runs
from analytics.services.sync.posts import sync_account_posts

logger = logging.getLogger(__name__)
# Named, not imported: the dashboards build on analytics, not the other way round (admin_dashboards/warming.py).
WARM_DASHBOARDS_TASK = "admin_dashboards.warming.warm_dashboards"


def sanitised(task):
    """Any exception leaves the task as RunCrashed with a message without secrets or database row detail."""

    @functools.wraps(task)
    def wrapper(*args, **kwargs):
        try:
            return task(*args, **kwargs)
        except RunCrashed:
            raise
        except Exception as exc:
            text = safe_error_text(exc)
            logger.error("task %s crashed: %s", task.__name__, text)
            if task is _run_sync_run and args:
                _fail_if_unfinished(args[0], text)
            raise RunCrashed(text) from None

    return wrapper


def _fail_if_unfinished(run_id: int, text: str) -> None:
    """A crash before the service opened its recorder (or while it could not write) still ends the run."""
    try:
        SyncRun.objects.filter(pk=run_id, status__in=[SyncStatus.QUEUED, SyncStatus.RUNNING]).update(
            status=SyncStatus.FAILED, finished_at=timezone.now(), error_message=f"Crashed: {text}")
    except Exception:
        logger.exception("could not record the crash of sync run %s; the stale-run sweep will", run_id)


def _take(run_id: int) -> bool:
    """Take a queued run, or a running one whose worker went silent (a re-delivered task after a kill)."""
    now = timezone.now()
    fields = {"status": SyncStatus.RUNNING, "heartbeat_at": now}
    if SyncRun.objects.filter(pk=run_id, status=SyncStatus.QUEUED).update(**fields):
        return True
    return bool(SyncRun.objects.filter(stale_running_q(now), pk=run_id).update(**fields))


def _run_sync_run(run_id: int) -> str:
    if not _take(run_id):
        status, error = SyncRun.objects.filter(pk=run_id).values_list("status", "error_message").first() or ("", "")
        if status == SyncStatus.FAILED and error.startswith(ABANDONED_PREFIX):
            # Re-delivered after the sweep closed the run: loud, so the failure row says what happened.
            raise RunCrashed(f"run {run_id} was closed as abandoned before this delivery; retry it from the "
                             f"admin (Jobs → Sync runs) or wait for its schedule")
        return f"run {run_id} is {status or 'gone'}, not queued any more; nothing to do"
    delete_resume_schedule(run_id)
    run = SyncRun.objects.select_related("account__instance", "triggered_by").get(pk=run_id)
    account = run.account
    if account is None or not account.is_active or account.status == AccountStatus.NEEDS_REAUTH:
        reason = "account switched off" if account and not account.is_active else "account needs a new token"
        return RunRecorder(run).skip(reason).message
    options = dict(run.params or {})
    if run.kind == SyncKind.SYNC_POSTS:
        result = sync_account_posts(account, max_posts=options.get("max_posts"),
                                    full_rescan=bool(options.get("full_rescan")), trigger=run.trigger,
                                    user=run.triggered_by, run=run)
        if result.counts.get("posts_created"):
            # New posts get their engagement at once rather than at the next hourly refresh.
            enqueue_refresh(accounts=[account], trigger=run.trigger, user=None)
    elif run.kind == SyncKind.REFRESH_ENGAGEMENT:
        result = refresh_account_engagement(
            account, post_ids=options.get("post_ids"), hours=options.get("hours"),
            max_posts=options.get("max_posts"), force=bool(options.get("force")),
            tiered=bool(options.get("tiered")), noted_post_ids=options.get("noted_post_ids"),
            trigger=run.trigger, user=run.triggered_by, run=run)
    else:
        return RunRecorder(run).finish(SyncStatus.FAILED, error=f"unknown kind {run.kind!r}").message
    return f"{result.status}: {result.message}"


run_sync_run = sanitised(_run_sync_run)
run_sync_run.__doc__ = "Execute a queued SyncRun; a re-delivered task of a finished run does nothing."


@sanitised
def refresh_engagement_for_all_accounts() -> str:
    """Hourly: one queued refresh per account; an account whose last refresh still runs is skipped."""
    return enqueue_refresh(accounts=Account.objects.syncable(), trigger=SyncTrigger.SCHEDULE, user=None,
                           tiered=True).message


@sanitised
def sync_posts_for_all_accounts() -> str:
    """Daily: one queued post sync per account."""
    return enqueue_sync_posts(Account.objects.syncable(), trigger=SyncTrigger.SCHEDULE, user=None).message


@sanitised
def rebuild_rollups() -> str:
    """Hourly: account daily stats, hashtag stats and post decay for what changed; then the dashboards'
    warm-up, since every cached figure belonged to the roll-up before."""
    message = maintenance.rebuild_rollups(trigger=SyncTrigger.SCHEDULE).message
    _queue_warm_up()
    return message


@sanitised
def rank_top_fans() -> str:
    """Hourly, after the roll-up: the top fans of the 7, 30 and 90-day periods; then the warm-up (a
    ranking renews the dashboards' cache version like a roll-up)."""
    message = maintenance.rank_top_fans(trigger=SyncTrigger.SCHEDULE).message
    _queue_warm_up()
    return message


def _queue_warm_up() -> None:
    async_task(WARM_DASHBOARDS_TASK, task_name="warm dashboards", group="warm dashboards")


@sanitised
def apply_retention() -> str:
    """Nightly: downsample snapshots, close abandoned runs, delete old export files."""
    return maintenance.apply_retention(trigger=SyncTrigger.SCHEDULE).message


@sanitised
def sweep_stale_runs() -> str:
    """Every few minutes: fail runs whose worker went silent for a lease or whose task never arrived."""
    return f"{fail_abandoned_runs()} abandoned runs failed"


@sanitised
def evaluate_alerts() -> str:
    """Every 15 minutes: check the alert rules; each (rule, subject) alerts once."""
    from analytics.services.alerts.evaluate import evaluate_alerts as evaluate

    return evaluate().message


@sanitised
def send_due_reports() -> str:
    """Every 5 minutes: send each report whose slot has come, once per slot; retry failed sends."""
    from analytics.services.reports.send import send_due_reports as send

    return send().message
