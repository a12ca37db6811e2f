"""django-q2 task functions: thin, idempotent wrappers that take ids and call one service."""

from __future__ import annotations

import logging

from analytics.models import Account, AccountStatus, SyncKind, SyncRun, SyncStatus, SyncTrigger
from analytics.services.maintenance import flows as maintenance
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.runs.enqueue import enqueue_refresh, enqueue_sync_posts
from analytics.services.runs.recorder import RunRecorder
from analytics.services.sync.posts import sync_account_posts

logger = logging.getLogger(__name__)


def run_sync_run(run_id: int) -> str:
    """Execute a queued SyncRun; a re-delivered task finds the run already taken and does nothing."""
    taken = SyncRun.objects.filter(pk=run_id, status=SyncStatus.QUEUED).update(status=SyncStatus.RUNNING)
    if not taken:
        return f"run {run_id} is not queued any more; nothing to do"
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
            tiered=bool(options.get("tiered")), trigger=run.trigger, user=run.triggered_by, run=run)
    else:
        return RunRecorder(run).finish(SyncStatus.FAILED, error=f"unknown kind {run.kind!r}").message
    return f"{result.status}: {result.message}"


def refresh_engagement_for_all_accounts() -> str:
    """Hourly: one queued refresh per account; an account whose last refresh still runs is skipped."""
    return enqueue_refresh(accounts=Account.objects.syncable(), trigger=SyncTrigger.SCHEDULE, user=None,
                           tiered=True).message


def sync_posts_for_all_accounts() -> str:
    """Daily: one queued post sync per account."""
    return enqueue_sync_posts(Account.objects.syncable(), trigger=SyncTrigger.SCHEDULE, user=None).message


def rebuild_rollups() -> str:
    """Hourly: account daily stats and hashtag stats for the days that changed."""
    return maintenance.rebuild_rollups(trigger=SyncTrigger.SCHEDULE).message


def apply_retention() -> str:
    """Nightly: downsample snapshots and close runs abandoned by a dead worker."""
    return maintenance.apply_retention(trigger=SyncTrigger.SCHEDULE).message


def evaluate_alerts() -> str:
    """Every 15 minutes: check the alert rules; each (rule, subject) alerts once."""
    from analytics.services.alerts.evaluate import evaluate_alerts as evaluate

    return evaluate().message


def send_due_reports() -> str:
    """Every 5 minutes: send each report whose slot has come, once per slot; retry failed sends."""
    from analytics.services.reports.send import send_due_reports as send

    return send().message
