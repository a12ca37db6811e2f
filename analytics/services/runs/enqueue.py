"""Queue sync work for django-q2: one queued SyncRun per account, refused when the same work is pending.

Admin actions and schedules call these helpers; the queued SyncRun is the audit row the worker fills in.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_q.tasks import async_task

from analytics.models import Account, Post, SyncKind, SyncRun, SyncStatus, SyncTrigger

RUN_TASK = "analytics.tasks.run_sync_run"


@dataclass
class EnqueueResult:
    """What was queued and what was refused, with a message fit for the admin."""

    runs: list[SyncRun] = field(default_factory=list)
    task_ids: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    click: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def queued_count(self) -> int:
        return len(self.runs)

    @property
    def level(self) -> int:
        if self.runs and not self.refused:
            return messages.SUCCESS
        return messages.WARNING if self.runs else messages.ERROR

    @property
    def message(self) -> str:
        parts = []
        if self.runs:
            parts.append(ngettext("%(n)d job queued.", "%(n)d jobs queued.", len(self.runs)) % {"n": len(self.runs)})
        parts.extend(self.refused)
        return " ".join(parts) or _("Nothing to queue.")


class RateLimitExceeded(Exception):
    """A user asked for more refreshes per minute than ADMIN_REFRESH_PER_USER_PER_MINUTE allows."""


def check_user_rate_limit(user) -> None:
    """Per-user limit on manual clicks (one enqueue call, however many accounts it queues), so one impatient
    click-storm cannot exhaust the platforms' budgets while refreshing six accounts at once stays one click."""
    if user is None or getattr(user, "pk", None) is None:
        return
    limit = settings.POSTFLOW["ADMIN_REFRESH_PER_USER_PER_MINUTE"]
    since = timezone.now() - timedelta(minutes=1)
    recent = (SyncRun.objects.filter(triggered_by=user, created_at__gte=since)
              .values("params__click").distinct().count())
    if recent >= limit:
        raise RateLimitExceeded(
            _("You queued jobs %(n)d times in the last minute (limit %(limit)d). Try again in a minute.")
            % {"n": recent, "limit": limit}
        )


def _busy_account_ids(account_ids: Iterable[int], kind: str) -> set[int]:
    active = SyncRun.objects.active().filter(kind=kind, account_id__in=list(account_ids))
    return set(active.values_list("account_id", flat=True))


def _queue_run(account: Account, kind: str, trigger: str, user, params: dict, result: EnqueueResult,
               retry_of: SyncRun | None = None) -> None:
    if getattr(user, "pk", None):
        # Runs queued by one call share a click id: the per-user rate limit counts clicks, not jobs.
        params = {**params, "click": result.click}
    run = SyncRun.objects.create(
        account=account, kind=kind, trigger=trigger, triggered_by=user if getattr(user, "pk", None) else None,
        status=SyncStatus.QUEUED, params=params, retry_of=retry_of,
    )
    result.runs.append(run)

    def send() -> None:
        task_id = async_task(RUN_TASK, run.pk, task_name=f"{kind} {account.handle}"[:100], group=kind)
        SyncRun.objects.filter(pk=run.pk, task_id="").update(task_id=task_id or "")
        result.task_ids.append(task_id)

    # A worker must never see a run that is not committed yet.
    transaction.on_commit(send)


def _enqueue_per_account(accounts_with_params, *, kind: str, trigger: str, user, label: str) -> EnqueueResult:
    result = EnqueueResult()
    accounts_with_params = list(accounts_with_params)
    busy = _busy_account_ids((account.pk for account, _ in accounts_with_params), kind)
    for account, params in accounts_with_params:
        if account.pk in busy:
            result.refused.append(
                _("%(label)s for %(handle)s is already queued or running.") % {"label": label, "handle": account.handle}
            )
        elif not account.is_active:
            result.refused.append(_("%(handle)s is switched off.") % {"handle": account.handle})
        else:
            _queue_run(account, kind, trigger, user, params, result)
    return result


def enqueue_refresh(*, posts: Iterable[Post] | None = None, accounts: Iterable[Account] | None = None,
                    trigger: str = SyncTrigger.ADMIN, user=None, force: bool = False,
                    tiered: bool = False) -> EnqueueResult:
    """Queue 'Refresh engagement' for the given posts (grouped per account) or whole accounts.

    `tiered`: only posts due by age tier (the hourly schedule); otherwise every recent post is re-read.
    """
    check_user_rate_limit(user)
    work: list[tuple[Account, dict]] = []
    if posts is not None:
        by_account: dict[int, list[int]] = {}
        post_list = list(posts.select_related("account") if hasattr(posts, "select_related") else posts)
        accounts_by_id = {post.account_id: post.account for post in post_list}
        for post in post_list:
            by_account.setdefault(post.account_id, []).append(post.pk)
        work.extend((accounts_by_id[aid], {"post_ids": ids, "force": force}) for aid, ids in by_account.items())
    for account in accounts or ():
        work.append((account, {"force": force, "tiered": tiered}))
    return _enqueue_per_account(work, kind=SyncKind.REFRESH_ENGAGEMENT, trigger=trigger, user=user,
                                label=_("Refresh engagement"))


def enqueue_sync_posts(accounts: Iterable[Account], *, trigger: str = SyncTrigger.ADMIN, user=None,
                       full_rescan: bool = False) -> EnqueueResult:
    """Queue 'Sync posts now' for each account."""
    check_user_rate_limit(user)
    work = [(account, {"full_rescan": full_rescan}) for account in accounts]
    return _enqueue_per_account(work, kind=SyncKind.SYNC_POSTS, trigger=trigger, user=user, label=_("Post sync"))


def enqueue_retry(runs: Iterable[SyncRun], *, user=None) -> EnqueueResult:
    """Queue a new run with the same options for each failed or partial run."""
    check_user_rate_limit(user)
    result = EnqueueResult()
    runs = [run for run in runs]
    busy = {(aid, kind) for aid, kind in SyncRun.objects.active().values_list("account_id", "kind")}
    for run in runs:
        if run.status not in (SyncStatus.FAILED, SyncStatus.PARTIAL) or run.account is None:
            result.refused.append(_("Run %(id)d did not fail; nothing to retry.") % {"id": run.pk})
        elif (run.account_id, run.kind) in busy:
            result.refused.append(_("A %(kind)s run for %(handle)s is already queued or running.")
                                  % {"kind": run.get_kind_display(), "handle": run.account.handle})
        else:
            _queue_run(run.account, run.kind, SyncTrigger.RETRY, user, dict(run.params), result, retry_of=run)
            busy.add((run.account_id, run.kind))
    return result
