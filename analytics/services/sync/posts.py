"""Sync posts: page through an account's media posts and upsert each page in bulk."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from analytics.models import Account, Post, SyncKind, SyncRun, SyncTrigger
from analytics.services.accounts.clients import facebook_login_id
from analytics.services.accounts.health import refresh_token_if_due, update_account_profile
from analytics.services.accounts.software import recheck_server_software
from analytics.services.runs.account_flow import run_for_account
from analytics.services.runs.recorder import RunRecorder, SyncResult
from analytics.services.sync.history import fetch_owed_histories
from analytics.services.sync.upserts import mark_deleted, upsert_post_page
from platforms.base import PlatformClient
from platforms.errors import BadPayload, NotFound, TransientError

INCREMENTAL_OVERLAP = timedelta(days=2)


def sync_account_posts(account: Account, *, max_posts: int | None = None, since: datetime | None = None,
                       full_rescan: bool = False, trigger: str = SyncTrigger.COMMAND, user=None,
                       run: SyncRun | None = None) -> SyncResult:
    """Upsert the account's media posts, newest first; by default only what is new since the last sync."""
    params = {"max_posts": max_posts, "since": since.isoformat() if since else None, "full_rescan": full_rescan}
    recorder = RunRecorder.open(account=account, kind=SyncKind.SYNC_POSTS, trigger=trigger, user=user,
                                params=params, run=run)
    options = {"max_posts": max_posts, "since": since, "full_rescan": full_rescan}
    return run_for_account(account, recorder, lambda client: _sync(account, client, recorder, **options),
                           success={"synced": True}, partial_on_error=lambda: recorder.counts["posts_seen"] > 0)


def _default_since(account: Account, full_rescan: bool) -> datetime | None:
    if full_rescan:
        return None
    newest = Post.all_objects.filter(account=account).aggregate(newest=Max("posted_at"))["newest"]
    if newest is None:
        return None
    # A post dated in the future (9999, a wrong clock) must not hide every real new post: clamp to now.
    return min(newest, timezone.now()) - INCREMENTAL_OVERLAP


def _sync(account: Account, client: PlatformClient, recorder: RunRecorder, *, max_posts, since,
          full_rescan) -> None:
    recheck_server_software(account, client)
    update_account_profile(account, client.verify_credentials(account_id=facebook_login_id(account)))
    refresh_token_if_due(account, client)
    since = since or _default_since(account, full_rescan)
    seen = _page_through(account, client, recorder, max_posts=max_posts or settings.POSTFLOW["SYNC_MAX_POSTS"],
                         since=since)
    if full_rescan and since is None and max_posts is None:
        _soft_delete_vanished(account, client, recorder, seen)
    # New edits seen above, edits the refresh saw first, and fetches that failed before.
    fetch_owed_histories(client, account, recorder)


def _page_through(account: Account, client: PlatformClient, recorder: RunRecorder, *, max_posts: int,
                  since: datetime | None) -> set[str]:
    seen: set[str] = set()
    for page in client.iter_post_pages(account.remote_id, since=since, max_posts=max_posts):
        for bad in page.bad_items:
            recorder.record_error(str(bad), remote_id=getattr(bad, "remote_id", "") or "")
        recorder.add("posts_skipped", page.skipped_without_media + getattr(page, "skipped_reblogs", 0))
        written = upsert_post_page(account, page.posts)
        recorder.record_post_warnings(page.posts)
        recorder.add("posts_seen", len(page.posts))
        recorder.add("posts_created", len(written.created))
        recorder.add("posts_updated", len(written.updated))
        seen.update(p.remote_id for p in page.posts)
        recorder.http_requests = client.request_count
        recorder.progress(len(seen))
    return seen


def _soft_delete_vanished(account: Account, client: PlatformClient, recorder: RunRecorder, seen: set[str]) -> None:
    """Posts missing from a full listing are checked one by one: only a 404/410 deletes."""
    missing = Post.objects.filter(account=account).exclude(remote_id__in=seen).values_list("remote_id", flat=True)
    gone = []
    for remote_id in missing.iterator():
        try:
            client.get_post(remote_id)
        except NotFound:
            gone.append(remote_id)
        except (BadPayload, TransientError) as exc:
            recorder.record_error(f"checking a vanished post: {exc}", remote_id=remote_id)
    recorder.add("posts_deleted", mark_deleted(account, gone, at=timezone.now()))
