"""Fetch who liked, shared and commented for a batch of posts, then store the batch in bulk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from analytics.models import Account, Like, Share
from analytics.services.runs.recorder import RunRecorder
from analytics.services.storage.engagement import EventTimes, upsert_actors, upsert_comments, upsert_events
from analytics.services.storage.summaries import refresh_known_counts
from platforms.base import Capability, EventKind, PlatformClient, RemoteActor, RemoteComment
from platforms.errors import BadPayload, NotFound, TransientError


@dataclass
class EngagerBatch:
    """What was fetched for up to BATCH_POSTS posts; a post that failed is left out and retried next time."""

    remote_ids: dict[int, str] = field(default_factory=dict)
    likers: dict[int, list[RemoteActor]] = field(default_factory=dict)
    sharers: dict[int, list[RemoteActor]] = field(default_factory=dict)
    comments: dict[int, list[RemoteComment]] = field(default_factory=dict)
    comments_complete: dict[int, bool] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)
    incomplete: set[tuple[str, int]] = field(default_factory=set)  # ("likers", post id): add, never remove

    @property
    def post_ids(self) -> list[int]:
        return list(self.remote_ids)


def fetch_engagers(client: PlatformClient, account: Account, recorder: RunRecorder, batch: EngagerBatch,
                   post_id: int, remote_id: str, *, expected_likes: int | None = None,
                   expected_shares: int | None = None) -> None:
    """Everything one post needs, or nothing: a half-fetched post would look like undone likes.

    The platform's own counts bound the listings, so a list that loops forever stops (incomplete) near them.
    """
    try:
        likers = (client.get_likers(remote_id, expected=expected_likes)
                  if client.supports(Capability.LIKERS) else None)
        sharers = (client.get_sharers(remote_id, expected=expected_shares)
                   if client.supports(Capability.SHARERS) else None)
        thread = client.get_comments(remote_id) if client.supports(Capability.COMMENTS) else None
    except NotFound:
        batch.gone.append(remote_id)
        return
    except (BadPayload, TransientError) as exc:
        recorder.record_error(f"engagement: {exc}", remote_id=remote_id)
        return
    batch.remote_ids[post_id] = remote_id
    listings = (("likers", likers, batch.likers, expected_likes), ("sharers", sharers, batch.sharers, expected_shares))
    for kind, listing, target, expected in listings:
        if listing is None:
            continue
        overrun = not listing.complete and expected is not None and len(listing.actors) > expected
        # An incomplete list adds what it holds but removes nobody; one that ran past the post's own count
        # (a looping listing) is junk: nothing of it is stored.
        target[post_id] = [] if overrun else list(listing.actors)
        if not listing.complete:
            batch.incomplete.add((kind, post_id))
            recorder.record_error(f"{kind} list incomplete{' and ignored' if overrun else ''}: "
                                  f"{'; '.join(listing.problems)}", remote_id=remote_id)
    if thread is not None:
        batch.comments[post_id] = list(thread.comments)
        batch.comments_complete[post_id] = thread.complete


def store_engagers(account: Account, batch: EngagerBatch, event_times: EventTimes, *,
                   now: datetime) -> dict[str, int]:
    """Actors once for the batch, then likes, shares and comments: a fixed number of statements."""
    if not batch.remote_ids:
        return {}
    actors = [a for group in (*batch.likers.values(), *batch.sharers.values()) for a in group]
    actors += [c.author for thread in batch.comments.values() for c in thread]
    actor_ids = upsert_actors(account.instance_id, actors)
    common = {"post_remote_ids": batch.remote_ids, "actor_ids": actor_ids, "event_times": event_times, "now": now}
    added = {
        "likes_added": upsert_events(Like, EventKind.LIKE, batch.likers, **common,
                                     incomplete={p for kind, p in batch.incomplete if kind == "likers"}),
        "shares_added": upsert_events(Share, EventKind.SHARE, batch.sharers, **common,
                                      incomplete={p for kind, p in batch.incomplete if kind == "sharers"}),
        "comments_added": upsert_comments(batch.comments, actor_ids=actor_ids, complete=batch.comments_complete),
    }
    refresh_known_counts(batch.post_ids, engagers_fetched=True, comments_fetched=bool(batch.comments), now=now)
    return added
