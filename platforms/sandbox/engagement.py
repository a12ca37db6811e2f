"""Adds likes, boosts and comments to an instance, with ids and notifications, the one way for all.

Used by world generation, by the evolving activity stream and by the /__sandbox__/ controls.
Development tool only.
"""

from __future__ import annotations

import random

from platforms.sandbox.content import comment_caption
from platforms.sandbox.ids import IdMinter
from platforms.sandbox.model import Account, Actor, Event, Instance, Kind, Status, Version


class Engagement:
    def __init__(self, instance: Instance, minter: IdMinter) -> None:
        self.instance = instance
        self.minter = minter

    def owner_of(self, status: Status) -> Account | None:
        return self.instance.account_of(status.root.author)

    def _new_id(self, status: Status, at: float) -> str:
        owner = self.owner_of(status)
        return self.minter.ulid(at) if owner is not None and owner.text_ids else self.minter.snowflake(at)

    def _record(self, event: Event) -> Event:
        owner = self.owner_of(event.target)
        if owner is not None and owner.actor is not event.actor:
            owner.inbox.append(event)
        return event

    def like(self, status: Status, actor: Actor, at: float) -> Event | None:
        """None when the actor already likes the status (one favourite per account)."""
        if any(event.actor is actor for event in status.likes):
            return None
        event = Event(Kind.LIKE, actor, status, at, self.minter.row(at), self.minter.row(at))
        status.likes.append(event)
        return self._record(event)

    def boost(self, status: Status, actor: Actor, at: float) -> Event | None:
        """None when already boosted or not boostable (followers-only and direct posts cannot be)."""
        if status.visibility not in ("public", "unlisted") or any(e.actor is actor for e in status.boosts):
            return None
        reblog_id = self.minter.snowflake(at)
        event = Event(Kind.BOOST, actor, status, at, reblog_id, self.minter.row(at))
        status.boosts.append(event)
        booster = self.instance.account_of(actor)
        if booster is not None:
            # A connected account's own boost is a status of its own timeline, with the original inside.
            reblog = Status(reblog_id, actor, at, [Version(at, "", "", ())], reblog_of=status)
            booster.statuses.append(reblog)
            self.instance.statuses[reblog_id] = reblog
        return self._record(event)

    def comment(self, parent: Status, actor: Actor, at: float, rng: random.Random) -> Event:
        answered = [who for who in (parent.author, parent.root.author) if who is not actor]
        caption = comment_caption(rng, answered)
        version = Version(at, caption.html, caption.text, ())
        reply = Status(self._new_id(parent, at), actor, at, [version], visibility="public",
                       language=caption.language, in_reply_to=parent, mentions=list(caption.mentions))
        parent.replies.append(reply)
        self.instance.statuses[reply.id] = reply
        event = Event(Kind.COMMENT, actor, parent, at, reply.id, self.minter.row(at), comment=reply)
        return self._record(event)


def thread_of(root: Status) -> list[Status]:
    """Every reply under a status, depth first, each level oldest first (Mastodon's context order)."""
    found: list[Status] = []
    for reply in sorted(root.replies, key=lambda status: status.created_at):
        found.append(reply)
        found.extend(thread_of(reply))
    return found
