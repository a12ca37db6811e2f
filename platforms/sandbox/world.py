"""The sandbox world: generated from a seed, evolving with its clock, queried by the API and the controls.

State at clock time T holds exactly the events with time <= T. Development tool only: never imported
by production code.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from platforms.sandbox.activity import ActivityStream
from platforms.sandbox.clock import Clock
from platforms.sandbox.config import SandboxConfig
from platforms.sandbox.content import edited_version
from platforms.sandbox.generate import DAY, HOUR, Built, build_world
from platforms.sandbox.hostile import HostilePlan
from platforms.sandbox.ids import id_key
from platforms.sandbox.model import Account, Actor, Event, Instance, Kind, Platform, Status
from platforms.sandbox.quirks import quirks_of


class SandboxError(Exception):
    """A control request that cannot be carried out (unknown post or actor)."""


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks: the token's account (None for public endpoints) and the clock time of the request."""

    instance: Instance
    account: Account | None
    now: float


class World:
    def __init__(self, config: SandboxConfig) -> None:
        start = config.start if config.start is not None else float(int(time.time()))
        self.config = config
        self.clock = Clock(start, frozen=config.frozen, wall=config.wall_clock)
        self.lock = threading.RLock()
        self.built: dict[Platform, Built] = build_world(config, start)
        self.hostile = HostilePlan.build(config.hostile, self.built)
        self.quirks = quirks_of(config.quirks)  # of the Mastodon-like instance only
        self.streams = {
            platform: ActivityStream(built.engagement, seed=config.seed, start=start,
                                     per_minute=config.activity)
            for platform, built in self.built.items()
        }

    @property
    def instances(self) -> list[Instance]:
        return [built.instance for built in self.built.values()]

    def instance(self, platform: Platform) -> Instance:
        return self.built[platform].instance

    def observe(self) -> float:
        """The clock now, with the activity stream caught up to it; call under `lock`."""
        now = self.clock.now()
        for stream in self.streams.values():
            stream.catch_up(now)
        return now

    def account_by_token(self, instance: Instance, token: str) -> Account | None:
        return next((account for account in instance.accounts if account.token == token), None)

    def accounts(self) -> list[Account]:
        return [account for instance in self.instances for account in instance.accounts]

    # --- visibility -------------------------------------------------------------------------------

    def visible(self, status: Status, viewer: Viewer) -> bool:
        if status.deleted or status.created_at > viewer.now:
            return False
        if status.reblog_of is not None and not self.visible(status.reblog_of, viewer):
            return False
        if status.visibility in ("public", "unlisted"):
            return True
        # Followers-only and direct posts: only their author's own token sees them here.
        return viewer.account is not None and viewer.account.actor is status.author

    def find_status(self, viewer: Viewer, status_id: str) -> Status | None:
        status = viewer.instance.statuses.get(status_id)
        return status if status is not None and self.visible(status, viewer) else None

    def find_actor(self, instance: Instance, actor_id: str) -> Actor | None:
        return instance.actors_by_id.get(actor_id)

    def account_statuses(self, viewer: Viewer, account: Account) -> list[Status]:
        """Newest first."""
        shown = [status for status in account.statuses if self.visible(status, viewer)]
        return sorted(shown, key=lambda status: id_key(status.id), reverse=True)

    def likes(self, status: Status, now: float) -> list[Event]:
        return [event for event in status.likes if event.at <= now]

    def boosts(self, status: Status, now: float) -> list[Event]:
        return [event for event in status.boosts if event.at <= now]

    def replies(self, status: Status, viewer: Viewer) -> list[Status]:
        return [reply for reply in status.replies if self.visible(reply, viewer)]

    def descendants(self, status: Status, viewer: Viewer) -> list[Status]:
        """Depth first; a reply under a hidden (deleted or future) one is hidden with it."""
        shown: list[Status] = []
        for reply in sorted(self.replies(status, viewer), key=lambda s: s.created_at):
            shown.append(reply)
            shown.extend(self.descendants(reply, viewer))
        return shown

    def ancestors(self, status: Status, viewer: Viewer) -> list[Status]:
        chain: list[Status] = []
        parent = status.in_reply_to
        while parent is not None and self.visible(parent, viewer):
            chain.insert(0, parent)
            parent = parent.in_reply_to
        return chain

    def notifications(self, account: Account, viewer: Viewer, types: set[Kind]) -> list[Event]:
        """Newest first by notification id."""
        shown = [
            event for event in account.inbox
            if event.kind in types and event.at <= viewer.now and self._event_visible(event, viewer)
        ]
        return sorted(shown, key=lambda event: id_key(event.notification_id), reverse=True)

    def _event_visible(self, event: Event, viewer: Viewer) -> bool:
        shown = event.comment if event.comment is not None else event.target
        return self.visible(shown, viewer)

    # --- controls (tests and the demo) ------------------------------------------------------------

    def _locate(self, post_id: str) -> tuple[Built, Status]:
        for built in self.built.values():
            status = built.instance.statuses.get(post_id)
            if status is not None and not status.deleted:
                return built, status
        raise SandboxError(f"no post {post_id}")

    def _actor_for(self, built: Built, status: Status, actor_id: str | None, kind: Kind) -> Actor:
        if actor_id:
            actor = built.instance.actors_by_id.get(actor_id)
            if actor is None:
                raise SandboxError(f"no actor {actor_id} on the {built.instance.platform} instance")
            return actor
        taken = {event.actor for event in (status.likes if kind is Kind.LIKE else status.boosts)}
        return next(actor for actor in built.instance.actors if actor not in taken)

    def like_now(self, post_id: str, actor_id: str | None) -> Event | None:
        built, status = self._locate(post_id)
        actor = self._actor_for(built, status, actor_id, Kind.LIKE)
        return built.engagement.like(status, actor, self.observe())

    def boost_now(self, post_id: str, actor_id: str | None) -> Event | None:
        built, status = self._locate(post_id)
        actor = self._actor_for(built, status, actor_id, Kind.BOOST)
        return built.engagement.boost(status, actor, self.observe())

    def comment_now(self, post_id: str, actor_id: str | None) -> Event:
        built, status = self._locate(post_id)
        actor = self._actor_for(built, status, actor_id, Kind.COMMENT)
        return built.engagement.comment(status, actor, self.observe(), built.rng)

    def edit_now(self, post_id: str) -> Status:
        _, status = self._locate(post_id)
        now = self.observe()
        previous = status.version_at(now)
        status.versions.append(edited_version(previous, now, len(status.versions_at(now))))
        return status

    def swap_like_now(self, post_id: str) -> tuple[Event, Event]:
        """One fan unfavourites and another favourites: the count stays, the likers change.

        The undone favourite's notification goes too, as Mastodon deletes it; the new one notifies.
        """
        built, status = self._locate(post_id)
        now = self.observe()
        current = sorted(self.likes(status, now), key=lambda event: event.at)
        if not current:
            raise ValueError(f"post {post_id} has no favourite to undo")
        gone = current[0]
        taken = {event.actor for event in status.likes} | {event.actor for event in status.unliked}
        fresh = next((actor for actor in built.instance.actors if actor not in taken), None)
        if fresh is None:
            raise ValueError(f"no actor left to favourite post {post_id}")
        status.likes.remove(gone)
        status.unliked.append(gone)
        owner = built.engagement.owner_of(status)
        if owner is not None and gone in owner.inbox:
            owner.inbox.remove(gone)
        added = built.engagement.like(status, fresh, now)
        assert added is not None
        return gone, added

    def edit_old_now(self, account_key: str, min_age_days: float = 2.0) -> Status:
        """Edit the newest media post older than `min_age_days` (outside an incremental sync's overlap)."""
        now = self.observe()
        account = next((a for a in self.accounts() if a.key == account_key), None)
        if account is None:
            raise SandboxError(f"no account {account_key}")
        viewer = Viewer(self._instance_of(account), account, now)
        cutoff = now - min_age_days * DAY - HOUR
        old = [s for s in self.account_statuses(viewer, account)
               if s.media and s.reblog_of is None and s.in_reply_to is None and s.created_at <= cutoff]
        if not old:
            raise SandboxError(f"account {account_key} has no media post older than {min_age_days} days")
        return self.edit_now(old[0].id)

    def _instance_of(self, account: Account) -> Instance:
        return next(instance for instance in self.instances if account in instance.accounts)

    def delete_now(self, post_id: str) -> Status:
        _, status = self._locate(post_id)
        status.deleted = True
        return status

