"""The Instagram Graph API client (professional accounts): media, insights, comments and token refresh.

Instagram cannot say who liked, saved or shared, nor when: those capabilities raise Unsupported.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote

from platforms.base import (
    Capability,
    CommentThread,
    PostPage,
    RemoteAccount,
    RemoteComment,
    RemoteInstance,
    RemoteMetrics,
    RemotePost,
)
from platforms.errors import AuthError, BadPayload, InvalidInstanceURL, RefusedLink, Unsupported
from platforms.http import ApiResponse, HttpPolicy
from platforms.http_client import HttpPlatformClient
from platforms.instagram import errors, parsers
from platforms.paging import MAX_PAGES, limit_pages
from platforms.redact import redact_url
from platforms.urls import host_of

logger = logging.getLogger("platforms.instagram")
_REPLY_FIELDS = "id,text,timestamp,username,from,like_count,hidden"


class InstagramClient(HttpPlatformClient):
    name: ClassVar[str] = "instagram"
    label: ClassVar[str] = "Instagram"
    capabilities: ClassVar[frozenset[Capability]] = frozenset({
        Capability.COMMENTS, Capability.INSIGHTS, Capability.TOKEN_REFRESH,
    })
    default_instance_url: ClassVar[str] = "https://graph.instagram.com"  # Instagram Login
    allowed_hosts: ClassVar[frozenset[str]] = frozenset({"graph.instagram.com", "graph.facebook.com"})
    api_version: ClassVar[str] = "v25.0"
    page_size: ClassVar[int] = 50
    account_fields: ClassVar[str] = (
        "user_id,username,name,profile_picture_url,followers_count,follows_count,media_count"
    )
    # The IG User node's fields on both Graph hosts (`user_id` exists only on /me with Instagram Login).
    node_fields: ClassVar[str] = "id,username,name,profile_picture_url,followers_count,follows_count,media_count"
    media_fields: ClassVar[str] = (
        "id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp,"
        "like_count,comments_count,children{media_type,media_url,thumbnail_url}"
    )
    comment_fields: ClassVar[str] = f"{_REPLY_FIELDS},replies{{{_REPLY_FIELDS}}}"
    # Never the deprecated impressions, plays, video_views, engagement or clips_replays_count.
    insight_metrics: ClassVar[tuple[str, ...]] = (
        "views", "reach", "saved", "shares", "likes", "comments", "total_interactions",
    )

    def __init__(
        self,
        instance_url: str,
        access_token: str,
        *,
        allow_insecure: bool = False,
        http: HttpPolicy | None = None,
        **policy_options: Any,
    ) -> None:
        super().__init__(instance_url, access_token, allow_insecure=allow_insecure, http=http,
                         **policy_options)
        if not self.allow_insecure and host_of(self.instance_url) not in self.allowed_hosts:
            raise InvalidInstanceURL(f"not an Instagram Graph API host: {self.instance_url}")

    # -- plumbing -----------------------------------------------------------------------------------

    def _get(self, path_or_url: str, params: dict[str, Any] | None = None, *,
             insights: bool = False) -> ApiResponse:
        url = path_or_url if "://" in path_or_url else self.api_url(f"/{self.api_version}{path_or_url}")
        interpret = errors.interpret_insights_error if insights else errors.interpret_error
        if not self.is_same_origin(url):  # the token is bound to the Graph host it was issued for
            raise RefusedLink(f"refused to send the token to another host: {url.split('?')[0][:200]}")
        response = self.http.get_json(
            url,
            params={**(params or {}), "access_token": self._access_token},  # Graph wants it in the query
            interpret_error=lambda r: interpret(r, now=self.http.now()),
            allowed_origins=self.allowed_origins,
        )
        usage = errors.usage_from_headers(response.headers)
        if usage is not None:
            self.http.observe_usage(usage.percent, regain_after=usage.regain_after)
        return response

    def _iter_pages(self, path: str, params: dict[str, Any]) -> Iterator[ApiResponse]:
        """Cursor paging: `after` from paging.cursors while paging.next exists; stop on an empty page."""
        response = self._get(path, params)
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            yield response
            after, next_url = parsers.next_cursor(response.data)
            if not parsers.page_data(response.data, url=response.url) or next_url is None:
                return
            if after is None:  # no cursor given: follow the URL, with our token rather than the echoed one
                if not self.is_same_origin(next_url) or next_url in seen:
                    return
                seen.add(next_url)
                response = self._get(redact_url(next_url))
                continue
            if after in seen:
                return
            seen.add(after)
            response = self._get(path, {**params, "after": after})

    @staticmethod
    def _node(remote_id: str) -> str:
        return quote(str(remote_id), safe="")

    # -- the interface --------------------------------------------------------------------------------

    def detect_instance(self) -> RemoteInstance:
        return RemoteInstance(software="instagram", version=self.api_version, title="Instagram Graph API")

    def verify_credentials(self, *, account_id: str | None = None) -> RemoteAccount:
        """`/me` for an Instagram Login token. A Facebook Login token is the Facebook user's, who may manage
        several Instagram accounts: `/me` is not one of them, so the account is read by its id."""
        if account_id is None:
            return parsers.parse_me(self._get("/me", {"fields": self.account_fields}).data)
        body = self._get(f"/{self._node(account_id)}", {"fields": self.node_fields}).data
        return parsers.parse_ig_user(body, account_id=account_id)

    def iter_post_pages(
        self, account_id: str, *, since: datetime | None = None, max_posts: int | None = None
    ) -> Iterator[PostPage]:
        params = {"fields": self.media_fields, "limit": self.page_size}
        pages = self._iter_pages(f"/{self._node(account_id)}/media", params)
        parsed = (parsers.parse_media_page(r.data, url=r.url) for r in pages)
        yield from limit_pages(parsed, since=since, max_posts=max_posts)

    def get_post(self, remote_id: str) -> RemotePost:
        return parsers.parse_media(self._get(f"/{self._node(remote_id)}", {"fields": self.media_fields}).data)

    def get_insights(self, remote_id: str) -> RemoteMetrics:
        """Ask every current metric; when one is refused, ask again without it so the others survive."""
        self._require(Capability.INSIGHTS)
        metrics = list(self.insight_metrics)
        while metrics:
            try:
                response = self._get(f"/{self._node(remote_id)}/insights", {"metric": ",".join(metrics)},
                                     insights=True)
            except errors.UnsupportedMetric as exc:
                metrics = self._without_refused(metrics, exc, remote_id)
                continue
            except AuthError as exc:
                if errors.means_no_insights(exc):
                    return RemoteMetrics()
                raise
            return parsers.parse_insights(response.data, media_id=remote_id)
        return RemoteMetrics()

    def get_comments(self, remote_id: str) -> CommentThread:
        self._require(Capability.COMMENTS)
        params = {"fields": self.comment_fields, "limit": self.page_size}
        comments: list[RemoteComment] = []
        bad_before = len(self.bad_items)
        for response in self._iter_pages(f"/{self._node(remote_id)}/comments", params):
            for item in parsers.page_data(response.data, url=response.url):
                comments.extend(self._comment_with_replies(item))
        bad = self.bad_items[bad_before:]
        # A thread with a malformed item is incomplete: nothing may be marked deleted from it.
        problems = (f"{len(bad)} malformed comment(s), first: {bad[0]}",) if bad else ()
        return CommentThread(comments=tuple(comments), complete=not bad, problems=problems)

    def refresh_token(self) -> str | None:
        """Exchange the long-lived token for a fresh one (Instagram Login only); the client keeps using it."""
        self._require(Capability.TOKEN_REFRESH)
        if host_of(self.instance_url) == "graph.facebook.com":
            raise Unsupported("Facebook Login tokens are not refreshed with ig_refresh_token")
        response = self._get(self.api_url("/refresh_access_token"), {"grant_type": "ig_refresh_token"})
        body = response.data if isinstance(response.data, dict) else {}
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise BadPayload("refresh answered without access_token", field="access_token", url=response.url)
        self._access_token = token
        return token

    # -- helpers ----------------------------------------------------------------------------------------

    def _without_refused(self, metrics: list[str], exc: errors.UnsupportedMetric,
                         remote_id: str) -> list[str]:
        refused = errors.metrics_to_drop(exc.message, metrics)
        if not refused:
            # The message does not say which one: keep the first metric out and try the rest.
            refused = metrics[:1]
        logger.info("media %s: insights metric(s) %s refused (%s); asking without", remote_id,
                    ",".join(refused), exc.message[:120])
        return [m for m in metrics if m not in refused]

    def _comment_with_replies(self, item: Any) -> list[RemoteComment]:
        try:
            comment = parsers.parse_comment(item)
        except BadPayload as exc:
            self.bad_items.append(exc)
            return []
        thread = [comment]
        replies = item.get("replies")
        if isinstance(replies, dict):
            thread.extend(self._replies(comment.remote_id, replies))
        return thread

    def _replies(self, parent_id: str, first_page: dict[str, Any]) -> Iterator[RemoteComment]:
        """Replies embedded in the comment, then further pages from /{comment-id}/replies if there are any."""
        yield from self._parse_replies(first_page, parent_id)
        after, _ = parsers.next_cursor(first_page)
        if after is None:
            return
        params = {"fields": _REPLY_FIELDS, "limit": self.page_size, "after": after}
        for index, response in enumerate(self._iter_pages(f"/{self._node(parent_id)}/replies", params)):
            if index >= MAX_PAGES:
                return
            yield from self._parse_replies(response.data, parent_id)

    def _parse_replies(self, page: Any, parent_id: str) -> Iterator[RemoteComment]:
        for item in parsers.page_data(page, remote_id=parent_id):
            try:
                yield parsers.parse_comment(item, parent_id=parent_id)
            except BadPayload as exc:
                self.bad_items.append(exc)
