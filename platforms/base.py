"""The one interface every platform client implements, and the normalised records it returns.

The sync engine only ever sees these records and this interface; it never asks which platform it talks to.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from platforms.errors import Unsupported


class Capability(StrEnum):
    """What a platform can tell us; a missing capability is shown as 'not available', never as 0."""

    LIKERS = "likers"  # who liked a post
    SHARERS = "sharers"  # who shared / boosted a post
    COMMENTS = "comments"  # the comment thread
    EDIT_HISTORY = "edit_history"  # previous versions of a post
    EVENT_TIMES = "event_times"  # real times of likes/shares (Mastodon notifications)
    INSIGHTS = "insights"  # views / reach / saved (Instagram)
    TOKEN_REFRESH = "token_refresh"  # noqa: S105 (a capability name, not a secret); long-lived tokens that must be refreshed (Instagram)


class MediaType(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    GIFV = "gifv"
    CAROUSEL = "carousel"
    AUDIO = "audio"
    UNKNOWN = "unknown"


class Visibility(StrEnum):
    PUBLIC = "public"
    UNLISTED = "unlisted"
    PRIVATE = "private"  # followers-only
    DIRECT = "direct"


class EventKind(StrEnum):
    LIKE = "like"
    SHARE = "share"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class RemoteInstance:
    """What the server says it is: software name and version."""

    software: str
    version: str = ""
    title: str = ""
    domain: str = ""  # the server's own account domain (handles are name@domain), '' when not reported
    canonical_url: str = ""  # scheme://host[:port] the server names itself by (its links point there), or ''


@dataclass(frozen=True, slots=True)
class RemoteAccount:
    """The connected account itself (from verify_credentials or a lookup)."""

    remote_id: str
    handle: str
    display_name: str = ""
    url: str = ""
    avatar_url: str = ""
    followers_count: int | None = None
    following_count: int | None = None
    posts_count: int | None = None
    scopes: frozenset[str] = frozenset()  # granted scopes, when the platform tells them


@dataclass(frozen=True, slots=True)
class RemoteActor:
    """An audience member: who liked, shared or commented."""

    remote_id: str
    handle: str
    display_name: str = ""
    url: str = ""
    avatar_url: str = ""


@dataclass(frozen=True, slots=True)
class RemoteMetrics:
    """Platform-reported counts; None means the platform did not report it (hidden or unsupported), not 0."""

    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    quotes: int | None = None
    views: int | None = None
    reach: int | None = None
    saved: int | None = None
    total_interactions: int | None = None  # Instagram insights' own sum


@dataclass(frozen=True, slots=True)
class RemotePost:
    """One media post of the account, normalised."""

    remote_id: str
    url: str
    caption_html: str
    caption_text: str
    media_type: MediaType
    media_urls: tuple[str, ...]
    preview_url: str
    posted_at: datetime
    edited_at: datetime | None = None
    hashtags: tuple[str, ...] = ()  # lower-case, without '#'
    language: str = ""
    visibility: Visibility = Visibility.PUBLIC
    metrics: RemoteMetrics = field(default_factory=RemoteMetrics)
    warnings: tuple[str, ...] = ()  # values the parser had to store as unknown or cut (a negative count...)

    @property
    def media_count(self) -> int:
        return len(self.media_urls)


@dataclass(frozen=True, slots=True)
class PostPage:
    """One page of an account's posts: the media posts, how many were skipped, what failed to parse."""

    posts: tuple[RemotePost, ...]
    skipped_without_media: int = 0
    bad_items: tuple[Exception, ...] = ()  # BadPayload per malformed item; the rest of the page is kept
    skipped_reblogs: int = 0  # boosts of other people's posts: not the account's own, counted apart
    oldest_seen_at: datetime | None = None  # oldest item on the page, media or not: where paging stands


@dataclass(frozen=True, slots=True)
class EngagerList:
    """Everyone who liked (or shared) a post. `complete` is False when anything stopped the listing early or
    an item was malformed: an incomplete list adds what it has but never marks anyone as removed."""

    actors: tuple[RemoteActor, ...]
    complete: bool = True
    problems: tuple[str, ...] = ()  # why it is incomplete: bad items, a refused link, a repeated page, a cap


@dataclass(frozen=True, slots=True)
class RemoteComment:
    """A comment (reply) on a post; in_reply_to_id is the parent comment, or None for a top-level one."""

    remote_id: str
    author: RemoteActor
    content_html: str
    content_text: str
    created_at: datetime
    in_reply_to_id: str | None = None
    like_count: int | None = None
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class CommentThread:
    """The comments of a post, and the platform's own total where it reports more than it returns."""

    comments: tuple[RemoteComment, ...]
    reported_total: int | None = None
    complete: bool = True  # False when the platform truncates (Pixelfed: 20 direct replies) or an item was bad
    problems: tuple[str, ...] = ()  # why it is incomplete, when it is


@dataclass(frozen=True, slots=True)
class RemotePostVersion:
    """One version of a post from its edit history (the first version included)."""

    created_at: datetime
    caption_html: str
    caption_text: str
    media_urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RemoteEngagementEvent:
    """A like/share/comment with the platform's own time (Mastodon notifications)."""

    kind: EventKind
    post_remote_id: str
    actor: RemoteActor
    occurred_at: datetime
    event_id: str = ""


class PlatformClient(ABC):
    """One client per platform; subclasses declare `name`, `label` and `capabilities`."""

    name: ClassVar[str]
    label: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]]

    def supports(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def _require(self, capability: Capability) -> None:
        if capability not in self.capabilities:
            raise Unsupported(f"{self.label} cannot give {capability.value}")

    @property
    @abstractmethod
    def request_count(self) -> int:
        """HTTP requests made so far by this client (recorded on the SyncRun)."""

    @abstractmethod
    def detect_instance(self) -> RemoteInstance: ...

    @abstractmethod
    def verify_credentials(self, *, account_id: str | None = None) -> RemoteAccount:
        """The token's own account; `account_id` names it where one token reaches several (Facebook Login)."""

    @abstractmethod
    def iter_post_pages(
        self, account_id: str, *, since: datetime | None = None, max_posts: int | None = None
    ) -> Iterator[PostPage]:
        """Newest first; stops at posts older than `since` or after `max_posts` media posts."""

    @abstractmethod
    def get_post(self, remote_id: str) -> RemotePost:
        """One post, fresh (raises NotFound when it is gone)."""

    def get_likers(self, remote_id: str, *, expected: int | None = None) -> EngagerList:
        """Everyone who likes the post now; `expected` (the reported count) bounds a looping listing."""
        self._require(Capability.LIKERS)
        raise NotImplementedError

    def get_sharers(self, remote_id: str, *, expected: int | None = None) -> EngagerList:
        self._require(Capability.SHARERS)
        raise NotImplementedError

    def get_comments(self, remote_id: str) -> CommentThread:
        self._require(Capability.COMMENTS)
        raise NotImplementedError

    def get_edit_history(self, remote_id: str) -> tuple[RemotePostVersion, ...]:
        self._require(Capability.EDIT_HISTORY)
        raise NotImplementedError

    def get_insights(self, remote_id: str) -> RemoteMetrics:
        """Views / reach / saved where the platform reports them (Instagram); None = not reported."""
        self._require(Capability.INSIGHTS)
        raise NotImplementedError

    def iter_engagement_events(self, *, since: datetime | None = None) -> Iterator[RemoteEngagementEvent]:
        """Events newest first, down to `since`; only where EVENT_TIMES is supported."""
        self._require(Capability.EVENT_TIMES)
        raise NotImplementedError

    def refresh_token(self) -> str | None:
        """Return a new long-lived token where the platform rotates them (Instagram), else None."""
        return None
