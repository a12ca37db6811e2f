"""Real engagement times from the platform's notifications (Mastodon); elsewhere times stay estimates."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from analytics.models import Account, Actor, Like, Post, Share
from analytics.services.runs.recorder import RunRecorder
from analytics.services.storage.engagement import EventTimes, apply_event_times
from platforms.base import Capability, EventKind, PlatformClient
from platforms.errors import AuthError, BadPayload, NotFound, TransientError

logger = logging.getLogger(__name__)
# How far back the first read of notifications goes; later reads start at the last refresh.
FIRST_LOOKBACK = timedelta(days=30)
OVERLAP = timedelta(minutes=10)


def collect_event_times(client: PlatformClient, account: Account,
                        recorder: RunRecorder) -> tuple[EventTimes, set[str]]:
    """(kind, post remote id, actor remote id) -> time, and the post ids that had new events."""
    if not client.supports(Capability.EVENT_TIMES):
        return {}, set()
    since = _read_notifications_since(account)
    times: dict[tuple[str, str, str], object] = {}
    try:
        for event in client.iter_engagement_events(since=since):
            key = (event.kind.value, event.post_remote_id, event.actor.remote_id)
            # Oldest wins: a like undone and redone keeps its first time.
            if key not in times or event.occurred_at < times[key]:
                times[key] = event.occurred_at
            recorder.heartbeat()  # a busy account's notifications can run to many pages
    except AuthError as exc:
        # A token without read:notifications still syncs; its times are first-seen estimates.
        recorder.record_error(f"notifications unavailable (times will be estimates): {exc}")
    except (BadPayload, NotFound, TransientError) as exc:
        recorder.record_error(f"notifications: {exc}")
    noted = {post_remote_id for _, post_remote_id, _ in times}
    return times, noted


def _read_notifications_since(account: Account):
    """Resume at the newest event time we hold, on the platform's own clock (ours may disagree with it)."""
    newest = [
        model.objects.filter(post__account=account, time_is_estimate=False).aggregate(newest=Max("occurred_at"))[
            "newest"]
        for model in (Like, Share)
    ]
    known = [moment for moment in newest if moment is not None]
    return max(known) - OVERLAP if known else timezone.now() - FIRST_LOOKBACK


def store_late_event_times(account: Account, event_times: EventTimes) -> int:
    """Events first seen without a time get the real one when a notification names them later."""
    if not event_times:
        return 0
    post_remote_ids = {post for _, post, _ in event_times}
    actor_remote_ids = {actor for _, _, actor in event_times}
    posts = dict(Post.all_objects.filter(account=account, remote_id__in=post_remote_ids)
                 .values_list("remote_id", "id"))
    actors = dict(Actor.objects.filter(instance_id=account.instance_id, remote_id__in=actor_remote_ids)
                  .values_list("remote_id", "id"))
    fixed = 0
    for model, kind in ((Like, EventKind.LIKE), (Share, EventKind.SHARE)):
        fixed += apply_event_times(model, kind, post_ids_by_remote=posts, actor_ids=actors, event_times=event_times)
    return fixed
