"""Pixelfed's differences from Mastodon, each overridden here and sourced in docs/platforms.md.

Source: pixelfed/pixelfed `app/Http/Controllers/Api/ApiV1Controller.php` and `StatusEditController.php`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

from platforms.base import CommentThread, PostPage, RemoteActor, RemotePostVersion
from platforms.errors import AuthError, NotFound, PagingStopped
from platforms.http import ApiResponse
from platforms.mastodon.client import MastodonClient, check_page_is_new
from platforms.paging import MAX_PAGES, limit_pages
from platforms.parsing import peek_id
from platforms.pixelfed.cursors import cursor_of, points_forward

logger = logging.getLogger("platforms.pixelfed")


class PixelfedClient(MastodonClient):
    name: ClassVar[str] = "pixelfed"
    label: ClassVar[str] = "Pixelfed"
    # Pixelfed's API routes have no rate-limit middleware (so no X-RateLimit-* headers): pace ourselves.
    default_policy_options: ClassVar[dict[str, Any]] = {"min_interval": 1.0}
    context_reply_limit: ClassVar[int] = 20  # statusContext() returns at most 20 direct replies

    def iter_post_pages(
        self, account_id: str, *, since: datetime | None = None, max_posts: int | None = None
    ) -> Iterator[PostPage]:
        pages = (self._parse_page(r) for r in self._iter_max_id_pages(account_id))
        yield from limit_pages(pages, since=since, max_posts=max_posts)

    def get_comments(self, remote_id: str) -> CommentThread:
        thread = super().get_comments(remote_id)
        if len(thread.comments) < self.context_reply_limit:
            return thread
        # Possibly truncated: the post's replies_count is the platform's own total.
        total = self.get_post(remote_id).metrics.comments
        problems = list(thread.problems)
        if total is None or total > len(thread.comments):
            problems.append(f"Pixelfed returns at most {self.context_reply_limit} direct replies "
                            f"(the post reports {total})")
        return CommentThread(comments=thread.comments, reported_total=total, complete=not problems,
                             problems=tuple(problems))

    def get_edit_history(self, remote_id: str) -> tuple[RemotePostVersion, ...]:
        """`[]` when never edited. 403 for non-public posts and 404 when editing is disabled mean "no history"
        here, not a revoked token or a deleted post (deletion is decided by get_post)."""
        try:
            return super().get_edit_history(remote_id)
        except (AuthError, NotFound) as exc:
            if exc.status not in (403, 404):
                raise
            logger.info("no edit history for %s: %s", remote_id, exc)
            return ()

    def _iter_max_id_pages(self, account_id: str) -> Iterator[ApiResponse]:
        """No Link header on account statuses: pass the last post's id as max_id until a page is empty."""
        path = f"/api/v1/accounts/{self._quote_id(account_id)}/statuses"
        params: dict[str, Any] = {"only_media": "true", "limit": self.statuses_page_size}
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            response = self._get(path, params)
            yield response
            last_id = _last_id(response.data)
            if last_id is None:
                return
            if last_id in seen:
                raise PagingStopped(f"max_id {last_id[:40]} repeats: the server pages in a loop", url=response.url)
            seen.add(last_id)
            params = {**params, "max_id": last_id}
        raise PagingStopped(f"stopped after {MAX_PAGES} pages", url=response.url)

    def _iter_actors(self, path: str) -> Iterator[RemoteActor]:
        """Cursor paging with swapped Link labels (next page marked rel="prev"), sent only to the author."""
        seen_actors: set[str] = set()
        seen_cursors: set[str] = set()
        pages: set[frozenset[str]] = set()
        response = self._get(path, {"limit": self.accounts_page_size})
        for _ in range(MAX_PAGES):
            check_page_is_new(response, pages)
            fresh = list(self._new_actors(response, seen_actors))
            yield from fresh
            if not response.data:
                return
            if not fresh:
                raise PagingStopped("a page holds only accounts already read (a looping list)", url=response.url)
            next_url = self._forward_link(response, seen_cursors)
            if next_url is None:
                self._warn_if_truncated(response, path)
                return
            response = self._get(next_url)
        raise PagingStopped(f"stopped after {MAX_PAGES} pages", url=response.url)

    def _forward_link(self, response: ApiResponse, seen_cursors: set[str]) -> str | None:
        """Pick the link that moves forward, whatever it is labelled."""
        for rel in ("next", "prev"):
            url = self._follow(response, rel)
            if not url:
                continue
            cursor = cursor_of(url)
            if cursor is None:
                if rel == "next":
                    return url  # a Mastodon-style next link
                continue
            if cursor in seen_cursors or points_forward(cursor) is False:
                continue
            seen_cursors.add(cursor)
            return url
        return None

    def _warn_if_truncated(self, response: ApiResponse, path: str) -> None:
        if isinstance(response.data, list) and len(response.data) >= self.accounts_page_size:
            logger.warning("%s: a full page but no Link header (Pixelfed sends it only to the author); "
                           "the list may be truncated", path)


def _last_id(data: Any) -> str | None:
    if not isinstance(data, list):
        return None
    for item in reversed(data):
        remote_id = peek_id(item)
        if remote_id is not None:
            return remote_id
    return None
