"""The Mastodon API client: which endpoints to call and how to page them; parsing lives in parsers.py.

Also the base of other Mastodon-API servers (Pixelfed overrides only what differs).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote

from platforms.base import (
    Capability,
    CommentThread,
    EngagerList,
    PostPage,
    RemoteAccount,
    RemoteActor,
    RemoteEngagementEvent,
    RemoteInstance,
    RemotePost,
    RemotePostVersion,
)
from platforms.errors import (
    BadPayload,
    InvalidInstanceURL,
    NotFound,
    PagingStopped,
    RefusedLink,
    TransientError,
)
from platforms.http import ApiResponse
from platforms.http_client import HttpPlatformClient
from platforms.mastodon import parsers
from platforms.nodeinfo import NodeInfo, read_nodeinfo
from platforms.paging import MAX_PAGES, limit_pages
from platforms.parsing import peek_id
from platforms.software import known_profile, profile_for
from platforms.urls import host_of, normalise_instance_url

logger = logging.getLogger("platforms.mastodon")


class MastodonClient(HttpPlatformClient):
    name: ClassVar[str] = "mastodon"
    label: ClassVar[str] = "Mastodon"
    capabilities: ClassVar[frozenset[Capability]] = frozenset({
        Capability.LIKERS, Capability.SHARERS, Capability.COMMENTS,
        Capability.EDIT_HISTORY, Capability.EVENT_TIMES,
    })
    statuses_page_size: ClassVar[int] = 40  # the documented maximum
    accounts_page_size: ClassVar[int] = 80  # favourited_by / reblogged_by maximum
    notifications_page_size: ClassVar[int] = 80  # maximum since 4.1
    event_types: ClassVar[tuple[str, ...]] = ("favourite", "reblog", "mention")

    _own_account_id: str | None = None

    def __init__(self, instance_url: str, access_token: str, **options: Any) -> None:
        super().__init__(instance_url, access_token, **options)
        self.profile = known_profile(self.software or "")
        if self.profile is not None:  # a recorded server software: only what it can give
            lacking = set()
            if not self.profile.edit_history:
                lacking.add(Capability.EDIT_HISTORY)
            if not self.profile.notification_types:
                lacking.add(Capability.EVENT_TIMES)
            self.capabilities = self.capabilities - lacking

    # -- plumbing -----------------------------------------------------------------------------------

    @property
    def local_domain(self) -> str:
        """The domain of local handles: the server's own account domain when known, not the URL we typed."""
        if self.account_domain:
            return self.account_domain
        return host_of(self.canonical_url or self.instance_url)

    def _get(self, path_or_url: str, params: dict[str, Any] | None = None) -> ApiResponse:
        url = path_or_url if "://" in path_or_url else self.api_url(path_or_url)
        if not self.is_same_origin(url):  # the token is bound to this server's origins, checked on every call
            raise RefusedLink(f"refused to send the token to another host: {url.split('?')[0][:200]}")
        return self.http.get_json(url, params=params, allowed_origins=self.allowed_origins,
                                  headers={"Authorization": f"Bearer {self._access_token}"})

    def _follow(self, response: ApiResponse, rel: str = "next") -> str | None:
        """The link to follow; a link to another origin is refused loudly (the listing is then incomplete)."""
        url = response.links.get(rel)
        if url and not self.is_same_origin(url):
            raise RefusedLink(f"refused a {rel} link to another host: {url.split('?')[0][:200]}",
                              url=response.url)
        return url

    def _iter_link_pages(self, path: str, params: dict[str, Any]) -> Iterator[ApiResponse]:
        """Follow `Link: rel="next"` until a page is empty or has no next link.

        A repeated link or MAX_PAGES raises PagingStopped after the pages already yielded: the listing is
        incomplete, and saying so loudly is what keeps the caller from treating it as whole."""
        response = self._get(path, params)
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            yield response
            next_url = self._follow(response)
            if not response.data or not next_url:
                return
            if next_url in seen:
                raise PagingStopped(f"the next link repeats a page already read: {next_url.split('?')[0][:200]}",
                                    url=response.url)
            seen.add(next_url)
            response = self._get(next_url)
        raise PagingStopped(f"stopped after {MAX_PAGES} pages", url=response.url)

    @staticmethod
    def _quote_id(remote_id: str) -> str:
        return quote(str(remote_id), safe="")  # ids are opaque text: never let one change the path

    # -- the interface --------------------------------------------------------------------------------

    def detect_instance(self) -> RemoteInstance:
        """Software, version, the account domain and the canonical URL (the typed scheme + the server's own
        host), normalised and checked like an instance URL; '' when the server names a host we refuse.

        The software comes from nodeinfo when the server publishes it (UnsupportedSoftware, naming it, for
        one we cannot read), else from the instance document's version string."""
        node = self._nodeinfo()
        if node is not None:
            profile_for(node.software, where=self.instance_url)
        instance = self._instance_document()
        if node is None:
            return instance
        return replace(instance, software=node.software, version=node.version or instance.version)

    def _nodeinfo(self) -> NodeInfo | None:
        """None when the server publishes none or we could not read it: detection falls back to the instance
        document. A refusal of the software itself is not caught here."""
        try:
            return read_nodeinfo(self.http, self.instance_url, allowed_origins=self.allowed_origins)
        except (BadPayload, NotFound, RefusedLink, TransientError) as exc:
            logger.info("no usable nodeinfo at %s: %s", self.instance_url, exc)
            return None

    def _instance_document(self) -> RemoteInstance:
        scheme = self.instance_url.split("://", 1)[0]
        try:
            instance = parsers.parse_instance(self._get("/api/v2/instance").data, scheme=scheme)
        except NotFound:
            instance = parsers.parse_instance(self._get("/api/v1/instance").data, scheme=scheme)
        canonical = ""
        if instance.canonical_url:
            try:
                canonical = normalise_instance_url(instance.canonical_url, allow_insecure=self.allow_insecure)
            except InvalidInstanceURL as exc:
                logger.warning("ignoring the server's own name %r: %s", instance.canonical_url[:200], exc)
        return replace(instance, canonical_url=canonical)

    def verify_credentials(self, *, account_id: str | None = None) -> RemoteAccount:
        # A Mastodon token belongs to one account: `account_id` is not needed to find it.
        account = parsers.parse_account(self._get("/api/v1/accounts/verify_credentials").data)
        self._own_account_id = account.remote_id
        return account

    def iter_post_pages(
        self, account_id: str, *, since: datetime | None = None, max_posts: int | None = None
    ) -> Iterator[PostPage]:
        params = {"only_media": "true", "exclude_reblogs": "true", "limit": self.statuses_page_size}
        if self.profile is not None and not self.profile.only_media:
            del params["only_media"]  # text posts are skipped by the parser (PostPage.skipped_without_media)
        pages = self._iter_link_pages(f"/api/v1/accounts/{self._quote_id(account_id)}/statuses", params)
        yield from limit_pages((self._parse_page(r) for r in pages), since=since, max_posts=max_posts)

    def get_post(self, remote_id: str) -> RemotePost:
        return parsers.parse_status(self._get(f"/api/v1/statuses/{self._quote_id(remote_id)}").data)

    def get_likers(self, remote_id: str, *, expected: int | None = None) -> EngagerList:
        self._require(Capability.LIKERS)
        return self._engager_list(f"/api/v1/statuses/{self._quote_id(remote_id)}/favourited_by", expected)

    def get_sharers(self, remote_id: str, *, expected: int | None = None) -> EngagerList:
        self._require(Capability.SHARERS)
        return self._engager_list(f"/api/v1/statuses/{self._quote_id(remote_id)}/reblogged_by", expected)

    def _engager_list(self, path: str, expected: int | None = None) -> EngagerList:
        """The whole list, marked incomplete when an item was malformed, a link was refused, a page repeated,
        or it grew past max(3 * expected, expected + 200) actors (a looping list once stored 80,000 likes
        for a post reporting 3)."""
        bad_before = len(self.bad_items)
        actors: list[RemoteActor] = []
        problems: list[str] = []
        cap = None if expected is None or expected < 0 else max(3 * expected, expected + 200)
        try:
            for actor in self._iter_actors(path):
                actors.append(actor)
                if cap is not None and len(actors) > cap:
                    problems.append(f"stopped after {len(actors)} actors: the post reports {expected}")
                    break
        except RefusedLink as exc:
            problems.append(str(exc))
        bad = self.bad_items[bad_before:]
        if bad:
            problems.append(f"{len(bad)} malformed item(s), first: {bad[0]}")
        return EngagerList(actors=tuple(actors), complete=not problems, problems=tuple(problems))

    def get_comments(self, remote_id: str) -> CommentThread:
        self._require(Capability.COMMENTS)
        response = self._get(f"/api/v1/statuses/{self._quote_id(remote_id)}/context")
        comments, bad = parsers.parse_context(response.data, post_id=remote_id,
                                              local_domain=self.local_domain)
        self.bad_items.extend(bad)
        problems = [f"{len(bad)} malformed comment(s), first: {bad[0]}"] if bad else []
        # Mastodon 4.5+: replies from other servers are still being fetched, so the thread may grow.
        if "Mastodon-Async-Refresh" in response.headers:
            problems.append("the server is still fetching replies from other servers")
        return CommentThread(comments=tuple(comments), complete=not problems, problems=tuple(problems))

    def get_edit_history(self, remote_id: str) -> tuple[RemotePostVersion, ...]:
        self._require(Capability.EDIT_HISTORY)
        response = self._get(f"/api/v1/statuses/{self._quote_id(remote_id)}/history")
        return parsers.parse_history(response.data, post_id=remote_id)

    def iter_engagement_events(self, *, since: datetime | None = None) -> Iterator[RemoteEngagementEvent]:
        self._require(Capability.EVENT_TIMES)
        own_id = self._own_account_id or self.verify_credentials().remote_id
        params = {"types[]": list(self.event_types), "limit": self.notifications_page_size}
        for response in self._iter_link_pages("/api/v1/notifications", params):
            for item in _as_list(response):
                event = self._parse_event(item, own_id)
                if event is None:
                    continue
                if since is not None and event.occurred_at < since:
                    return  # newest first: everything after this is older
                yield event

    # -- helpers subclasses may override ----------------------------------------------------------

    def _parse_page(self, response: ApiResponse) -> PostPage:
        return parsers.parse_post_page(response.data, url=response.url)

    def _iter_actors(self, path: str) -> Iterator[RemoteActor]:
        """Lists keyed by internal ids: page ONLY via the Link header (max_id is not an account id)."""
        seen: set[str] = set()
        pages: set[frozenset[str]] = set()
        for response in self._iter_link_pages(path, {"limit": self.accounts_page_size}):
            check_page_is_new(response, pages)
            yield from self._new_actors(response, seen)

    def _new_actors(self, response: ApiResponse, seen: set[str]) -> Iterator[RemoteActor]:
        actors, bad = parsers.parse_actor_list(response.data, local_domain=self.local_domain,
                                               url=response.url)
        self.bad_items.extend(bad)
        for actor in actors:
            if actor.remote_id not in seen:
                seen.add(actor.remote_id)
                yield actor

    def _parse_event(self, item: Any, own_id: str | None) -> RemoteEngagementEvent | None:
        try:
            return parsers.parse_notification(item, local_domain=self.local_domain, own_account_id=own_id)
        except BadPayload as exc:
            logger.warning("skipping a malformed notification: %s", exc)
            self.bad_items.append(exc)
            return None


def check_page_is_new(response: ApiResponse, pages: set[frozenset[str]]) -> None:
    """Raise PagingStopped when a page holds exactly the ids of a page read before (a looping list)."""
    if not isinstance(response.data, list):
        return
    ids = frozenset(i for i in (peek_id(item) for item in response.data) if i is not None)
    if ids and ids in pages:
        raise PagingStopped("a page repeats the accounts of a page already read", url=response.url)
    pages.add(ids)


def _as_list(response: ApiResponse) -> list[Any]:
    if not isinstance(response.data, list):
        raise BadPayload("expected a JSON list of items", field="(body)", url=response.url)
    return response.data
