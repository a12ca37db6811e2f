"""Bulk writes of who engaged: actors, likes, shares and comments for a batch of posts.

Every function issues a fixed number of statements per batch, whatever the number of likes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from datetime import datetime

from django.db import models
from django.utils import timezone

from analytics.models import Actor, Comment, Like, Share
from analytics.services.storage.bulk_sql import insert_ignoring_conflicts, upsert_changed
from analytics.services.storage.sanitize import public_url, sanitize_html
from platforms.base import EventKind, RemoteActor, RemoteComment

BATCH_SIZE = 2000
ACTOR_PROFILE = ["handle", "display_name", "url", "avatar_url"]
ACTOR_COLUMNS = ("instance", "remote_id", *ACTOR_PROFILE, "first_seen_at", "updated_at")
EVENT_COLUMNS = ("post", "actor", "occurred_at", "time_is_estimate", "first_seen_at")
EventTimes = Mapping[tuple[str, str, str], datetime]  # (kind, post remote id, actor remote id) -> time


def upsert_actors(instance_id: int, actors: Iterable[RemoteActor]) -> dict[str, int]:
    """Insert new audience members, refresh changed names; returns remote id -> pk.

    The stored ones are read first (their ids are needed anyway) and only new or changed rows are written: in a
    refresh most likers are known, and upserting every one of them cost more than inserting the likes.
    """
    unique = {actor.remote_id[:255]: actor for actor in actors}
    if not unique:
        return {}
    stored = {remote_id: (pk, profile) for pk, remote_id, *profile in
              Actor.objects.filter(instance_id=instance_id, remote_id__any=list(unique))
              .values_list("id", "remote_id", *ACTOR_PROFILE)}
    ids = {remote_id: pk for remote_id, (pk, _) in stored.items()}
    now = timezone.now()
    rows = []
    for remote_id, actor in unique.items():
        profile = [actor.handle[:255] or remote_id, actor.display_name[:255], public_url(actor.url),
                   public_url(actor.avatar_url)]
        known = stored.get(remote_id)
        if known is None or known[1] != profile:
            rows.append((instance_id, remote_id, *profile, now, now))
    if rows:
        upsert_changed(Actor, ACTOR_COLUMNS, rows, conflict=["instance", "remote_id"],
                       update=ACTOR_PROFILE, touch=["updated_at"])
        ids.update(Actor.objects.filter(instance_id=instance_id, remote_id__any=[row[1] for row in rows])
                   .values_list("remote_id", "id"))
    return ids


def upsert_events(model: type[Like] | type[Share], kind: EventKind, engagers: Mapping[int, Sequence[RemoteActor]],
                  *, post_remote_ids: Mapping[int, str], actor_ids: Mapping[str, int], event_times: EventTimes,
                  now: datetime | None = None, incomplete: Set[int] = frozenset()) -> int:
    """Sync the engager lists of some posts: add new rows, fix estimated times, mark the undone.

    `engagers` maps post pk -> everyone who currently likes (or shares) it. Posts in `incomplete` had a list
    that stopped early or held a malformed item: nobody is marked undone for them. Returns the rows added.
    """
    if not engagers:
        return 0
    now = now or timezone.now()
    existing: dict[tuple[int, int], tuple[int, bool, datetime | None]] = {
        (post_id, actor_id): (pk, estimate, removed)
        for pk, post_id, actor_id, estimate, removed in model.objects.filter(post_id__in=list(engagers))
        .values_list("id", "post_id", "actor_id", "time_is_estimate", "removed_at")
    }
    new_rows, time_fixes, revived, seen = [], [], [], set()
    for post_id, actors in engagers.items():
        for actor in actors:
            actor_id = actor_ids[actor.remote_id]
            key = (post_id, actor_id)
            if key in seen:
                continue
            seen.add(key)
            real_time = event_times.get((kind.value, post_remote_ids[post_id], actor.remote_id))
            current = existing.get(key)
            if current is None:
                new_rows.append((post_id, actor_id, real_time or now, real_time is None, now))
                continue
            pk, estimate, removed = current
            if estimate and real_time is not None:
                time_fixes.append(model(pk=pk, occurred_at=real_time, time_is_estimate=False))
            if removed is not None:
                revived.append(pk)
    added = insert_ignoring_conflicts(model, EVENT_COLUMNS, new_rows, conflict=["post", "actor"])
    model.objects.bulk_update(time_fixes, ["occurred_at", "time_is_estimate"], batch_size=BATCH_SIZE)
    if revived:
        model.objects.filter(pk__in=revived).update(removed_at=None)
    undone = [pk for key, (pk, _, removed) in existing.items()
              if key not in seen and removed is None and key[0] not in incomplete]
    if undone:
        model.objects.filter(pk__in=undone).update(removed_at=now)
    return added


def apply_event_times(model: type[Like] | type[Share], kind: EventKind, *, post_ids_by_remote: Mapping[str, int],
                      actor_ids: Mapping[str, int], event_times: EventTimes) -> int:
    """Give real times to stored events that only had a first-seen estimate (notifications arrive later)."""
    wanted = {}
    for (event_kind, post_remote_id, actor_remote_id), when in event_times.items():
        if event_kind != kind.value or post_remote_id not in post_ids_by_remote or actor_remote_id not in actor_ids:
            continue
        wanted[(post_ids_by_remote[post_remote_id], actor_ids[actor_remote_id])] = when
    if not wanted:
        return 0
    rows = model.objects.filter(post_id__in={p for p, _ in wanted}, actor_id__in={a for _, a in wanted},
                                time_is_estimate=True).values_list("id", "post_id", "actor_id")
    fixes = [model(pk=pk, occurred_at=wanted[(post_id, actor_id)], time_is_estimate=False)
             for pk, post_id, actor_id in rows if (post_id, actor_id) in wanted]
    model.objects.bulk_update(fixes, ["occurred_at", "time_is_estimate"], batch_size=BATCH_SIZE)
    return len(fixes)


def upsert_comments(threads: Mapping[int, Sequence[RemoteComment]], *, actor_ids: Mapping[str, int],
                    complete: Mapping[int, bool]) -> int:
    """Write the comment threads of some posts and link replies to parents; returns comments added."""
    if not threads:
        return 0
    before = set(Comment.objects.filter(post_id__in=list(threads)).values_list("post_id", "remote_id"))
    rows, seen = [], set()
    for post_id, comments in threads.items():
        for c in comments:
            if (post_id, c.remote_id) in seen:
                continue
            seen.add((post_id, c.remote_id))
            rows.append(Comment(
                post_id=post_id, remote_id=c.remote_id[:255], actor_id=actor_ids[c.author.remote_id],
                in_reply_to_remote_id=(c.in_reply_to_id or "")[:255], content_html=sanitize_html(c.content_html),
                content_text=c.content_text, created_at=c.created_at, like_count=c.like_count, hidden=c.hidden,
                deleted_at=None,
            ))
    Comment.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["post", "remote_id"], batch_size=BATCH_SIZE,
        update_fields=["actor", "in_reply_to_remote_id", "content_html", "content_text", "like_count", "hidden",
                       "deleted_at"],
    )
    _link_parents(list(threads))
    gone = [key for key in before if key not in seen and complete.get(key[0], False)]
    if gone:
        _mark_comments_deleted(gone)
    return len(seen - before)


def _link_parents(post_ids: list[int]) -> None:
    stored = list(Comment.objects.filter(post_id__in=post_ids).values_list("id", "post_id", "remote_id",
                                                                            "in_reply_to_remote_id", "parent_id"))
    by_remote = {(post_id, remote_id): pk for pk, post_id, remote_id, _, _ in stored}
    fixes = []
    for pk, post_id, _, parent_remote, parent_id in stored:
        wanted = by_remote.get((post_id, parent_remote)) if parent_remote else None
        if wanted != parent_id:
            fixes.append(Comment(pk=pk, parent_id=wanted))
    Comment.objects.bulk_update(fixes, ["parent"], batch_size=BATCH_SIZE)


def _mark_comments_deleted(keys: list[tuple[int, str]]) -> None:
    condition = models.Q()
    for post_id, remote_id in keys:
        condition |= models.Q(post_id=post_id, remote_id=remote_id)
    Comment.objects.filter(condition, deleted_at__isnull=True).update(deleted_at=timezone.now())
