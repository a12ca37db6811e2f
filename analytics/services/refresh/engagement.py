"""Refresh engagement: re-read counts, then fetch who liked/shared/commented only where counts moved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Max
from django.utils import timezone

from analytics.models import Account, EngagementSummary, Post, SyncKind, SyncRun, SyncTrigger
from analytics.services.refresh.backfill import backfill_snapshots_from_events
from analytics.services.refresh.engagers import EngagerBatch, fetch_engagers, store_engagers
from analytics.services.refresh.event_times import collect_event_times, store_late_event_times
from analytics.services.refresh.targets import due_posts, fetch_fresh_counts, tier_q
from analytics.services.runs.account_flow import run_for_account
from analytics.services.runs.recorder import RunRecorder, SyncResult
from analytics.services.storage.summaries import record_metrics
from analytics.services.sync.history import fetch_owed_histories
from analytics.services.sync.upserts import mark_deleted, upsert_post_page
from platforms.base import PlatformClient
from platforms.errors import RateLimited, RunBudgetExceeded

BATCH_POSTS = 50


@dataclass
class RefreshState:
    """What a run has left: a rate-limited run resumes only `pending`, re-reading engagers it owed."""

    pending: list[int] = field(default_factory=list)  # posts not done yet
    owed: set[int] = field(default_factory=set)  # posts whose engagers are due whatever their counts say
    posts_done: int = 0  # posts whose engagers were fetched and stored in this run

    def resume_params(self, params: dict) -> dict:
        """The rest, without `force`: the posts not done, and those of them owed a re-read named explicitly."""
        return {**params, "post_ids": list(self.pending), "force": False,
                "noted_post_ids": [pk for pk in self.pending if pk in self.owed]}


def refresh_account_engagement(account: Account, *, post_ids: Sequence[int] | None = None,
                               hours: int | None = None, max_posts: int | None = None, force: bool = False,
                               tiered: bool = False, noted_post_ids: Sequence[int] | None = None,
                               trigger: str = SyncTrigger.COMMAND, user=None,
                               run: SyncRun | None = None) -> SyncResult:
    """`noted_post_ids`: posts whose engagers are re-read even if their counts did not move (a resume names
    the posts its rate-limited predecessor owed a re-read: notified or forced)."""
    params = {"post_ids": list(post_ids) if post_ids else None, "hours": hours, "max_posts": max_posts,
              "force": force, "tiered": tiered}
    if noted_post_ids:
        params["noted_post_ids"] = list(noted_post_ids)
    recorder = RunRecorder.open(account=account, kind=SyncKind.REFRESH_ENGAGEMENT, trigger=trigger, user=user,
                                params=params, run=run)
    state = RefreshState(owed=set(noted_post_ids or ()))

    def work(client: PlatformClient) -> None:
        _refresh(account, client, recorder, state, post_ids=post_ids, hours=hours, max_posts=max_posts,
                 force=force, tiered=tiered)

    return run_for_account(account, recorder, work, success={"refreshed": True},
                           resume_params=lambda: state.resume_params(recorder.run.params),
                           made_progress=lambda: state.posts_done > 0)


def _refresh(account: Account, client: PlatformClient, recorder: RunRecorder, state: RefreshState,
             **options) -> None:
    event_times, noted_posts = collect_event_times(client, account, recorder)
    targets = due_posts(account, noted_remote_ids=noted_posts, **options)
    state.pending[:] = [post.pk for post in targets]
    state.owed |= {post.pk for post in targets if options["force"] or post.remote_id in noted_posts}
    recorder.progress(0, len(targets), force=True)
    fresh, gone = fetch_fresh_counts(client, account, targets, recorder)
    recorder.add("posts_deleted", mark_deleted(account, gone))
    written = upsert_post_page(account, list(fresh.values()))
    recorder.record_post_warnings(fresh.values())
    recorder.add("posts_updated", len(written.updated))
    # An edit seen here first must still bring its history (the sync would see no change in edited_at).
    fetch_owed_histories(client, account, recorder)
    metrics = {post.pk: fresh[post.remote_id].metrics for post in targets if post.remote_id in fresh}
    record_metrics(metrics)
    to_fetch, first_time = _needing_engagers(list(metrics), force=options["force"], noted_ids=state.owed)
    state.pending[:] = to_fetch
    _fetch_in_batches(client, account, recorder, to_fetch, event_times, state,
                      done_before=len(targets) - len(to_fetch))
    store_late_event_times(account, event_times)
    # A post seen for the first time gets its past timeline from the event times we just stored.
    backfill_snapshots_from_events(first_time)


def _needing_engagers(post_ids: list[int], *, force: bool,
                      noted_ids: set[int] = frozenset()) -> tuple[list[int], list[int]]:
    """Posts whose engagers are due, and those never fetched. Due: never fetched, counts moved since the last
    fetch, named by a favourite/reblog notification (a swapped like keeps the count), or due again by
    ENGAGER_REREAD_TIERS whatever the counts do (a swap whose notification we never saw)."""
    now = timezone.now()
    reread = tier_q(settings.POSTFLOW["ENGAGER_REREAD_TIERS"], now=now, fetched_field="engagers_fetched_at",
                    posted_field="post__posted_at")
    rows = (EngagementSummary.objects.filter(post_id__in=post_ids)
            .annotate(last_change=Max("post__snapshots__captured_at"),
                      reread_due=ExpressionWrapper(reread, output_field=BooleanField()))
            .values_list("post_id", "engagers_fetched_at", "last_change", "reread_due"))
    found = {post_id: (fetched, changed, bool(due)) for post_id, fetched, changed, due in rows}
    due, first_time = [], []
    for post_id in post_ids:
        fetched, changed, reread_due = found.get(post_id, (None, None, False))
        if fetched is None:
            first_time.append(post_id)
        if (force or fetched is None or (changed is not None and changed > fetched) or post_id in noted_ids
                or reread_due):
            due.append(post_id)
    return due, first_time


def _fetch_in_batches(client: PlatformClient, account: Account, recorder: RunRecorder, post_ids: list[int],
                      event_times, state: RefreshState, *, done_before: int) -> None:
    """50 posts a batch; a rate limit or a spent budget mid-batch stores the posts already fetched first."""
    rows = Post.objects.filter(pk__in=post_ids).values_list("pk", "remote_id", "summary__likes", "summary__shares")
    posts = {pk: remote_id for pk, remote_id, _, _ in rows}
    reported = {pk: (likes, shares) for pk, _, likes, shares in rows}
    ordered = [pk for pk in post_ids if pk in posts]
    for start in range(0, len(ordered), BATCH_POSTS):
        batch = EngagerBatch()
        try:
            for post_id in ordered[start:start + BATCH_POSTS]:
                likes, shares = reported[post_id]
                fetch_engagers(client, account, recorder, batch, post_id, posts[post_id],
                               expected_likes=likes, expected_shares=shares)
                recorder.heartbeat()
        except (RateLimited, RunBudgetExceeded):
            _store_batch(client, account, recorder, batch, event_times, state, posts)
            raise
        _store_batch(client, account, recorder, batch, event_times, state, posts)
        recorder.progress(done_before + start + len(ordered[start:start + BATCH_POSTS]))


def _store_batch(client: PlatformClient, account: Account, recorder: RunRecorder, batch: EngagerBatch,
                 event_times, state: RefreshState, remote_ids: dict[int, str]) -> None:
    """Store what the batch fetched; those posts (and the ones found gone) are done, the others stay pending."""
    recorder.add("posts_deleted", mark_deleted(account, batch.gone))
    added = store_engagers(account, batch, event_times, now=timezone.now())
    for counter, amount in added.items():
        recorder.add(counter, amount)
    recorder.http_requests = client.request_count
    gone = set(batch.gone)
    finished = set(batch.post_ids) | {pk for pk in state.pending if remote_ids.get(pk) in gone}
    state.posts_done += len(finished)
    state.pending[:] = [pk for pk in state.pending if pk not in finished]
