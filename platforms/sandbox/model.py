"""The sandbox world's records: actors, accounts, statuses, media, versions and engagement events.

Development tool only. Everything is in memory; visibility at a clock time is decided by the world.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Platform(StrEnum):
    MASTODON = "mastodon"
    PIXELFED = "pixelfed"


class Kind(StrEnum):
    """What happened to a status; the notification type is derived from it."""

    LIKE = "favourite"
    BOOST = "reblog"
    COMMENT = "mention"


@dataclass(slots=True, eq=False)
class Actor:
    """Anyone with an account on an instance: a connected account's owner or an audience member."""

    id: str
    username: str
    display_name: str
    created_at: float
    domain: str = ""  # empty for local actors; remote ones are shown as user@domain
    note: str = ""
    bot: bool = False

    @property
    def acct(self) -> str:
        return f"{self.username}@{self.domain}" if self.domain else self.username


@dataclass(slots=True)
class Media:
    id: str
    type: str  # image, video, gifv
    name: str  # file stem served at /media/<name>.svg
    width: int
    height: int
    description: str | None
    duration: float = 0.0


@dataclass(slots=True)
class Version:
    """One revision of a status's text; the first is the original."""

    created_at: float
    content_html: str
    content_text: str
    tags: tuple[str, ...]
    sensitive: bool = False
    spoiler_text: str = ""


@dataclass(slots=True)
class Event:
    """A like, boost or comment with its own time; hidden until the clock reaches `at`."""

    kind: Kind
    actor: Actor
    target: Status
    at: float
    row_id: str  # favourite row id, reblog status id or comment status id
    notification_id: str
    comment: Status | None = None


@dataclass(slots=True, eq=False)
class Status:
    id: str
    author: Actor
    created_at: float
    versions: list[Version]
    visibility: str = "public"
    language: str = "en"
    number: int = 0  # the post's number on its account, drawn on its media
    media: list[Media] = field(default_factory=list)
    in_reply_to: Status | None = None
    reblog_of: Status | None = None
    mentions: list[Actor] = field(default_factory=list)
    card_url: str | None = None
    deleted: bool = False
    likes: list[Event] = field(default_factory=list)
    unliked: list[Event] = field(default_factory=list)  # favourites undone (swap_like), for the truth
    boosts: list[Event] = field(default_factory=list)
    replies: list[Status] = field(default_factory=list)

    @property
    def root(self) -> Status:
        status = self
        while status.in_reply_to is not None:
            status = status.in_reply_to
        return status

    def version_at(self, now: float) -> Version:
        current = self.versions[0]
        for version in self.versions:
            if version.created_at <= now:
                current = version
        return current

    def versions_at(self, now: float) -> list[Version]:
        return [version for version in self.versions if version.created_at <= now]


@dataclass(slots=True, eq=False)
class Account:
    """A connected account: its owner actor, access token and own statuses (posts and own boosts)."""

    key: str
    platform: Platform
    actor: Actor
    token: str
    revoked: bool = False
    text_ids: bool = False  # statuses use ULID-like text ids
    bulk: bool = False
    statuses: list[Status] = field(default_factory=list)
    inbox: list[Event] = field(default_factory=list)  # events on its statuses -> notifications


@dataclass(slots=True, eq=False)
class Instance:
    """One served server; `base_url` and `connect_url` are set once its port is bound."""

    platform: Platform
    title: str
    version: str
    actors: list[Actor] = field(default_factory=list)  # the audience pool
    accounts: list[Account] = field(default_factory=list)
    statuses: dict[str, Status] = field(default_factory=dict)
    actors_by_id: dict[str, Actor] = field(default_factory=dict)
    base_url: str = "http://127.0.0.1"  # the server's own name: in Link headers, URLs and `domain`
    connect_url: str = "http://127.0.0.1"  # what clients connect with (differs with alias_links)

    @property
    def domain(self) -> str:
        return self.base_url.split("://", 1)[-1]

    def account_of(self, actor: Actor) -> Account | None:
        return next((account for account in self.accounts if account.actor is actor), None)
