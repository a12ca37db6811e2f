"""Pagination as the servers do it: Mastodon's id windows with Link headers, Pixelfed's cursors.

Development tool only.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from platforms.sandbox.ids import id_key

Query = list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Window:
    """Mastodon's paging parameters; the ids are compared as the items' own ids are."""

    limit: int
    max_id: str | None = None
    since_id: str | None = None
    min_id: str | None = None


def window_page[T](items: Sequence[T], key: Callable[[T], str], window: Window) -> list[T]:
    """`items` newest first. min_id gives the page just above it; since_id the newest above it."""
    def keep(item: T) -> bool:
        item_key = id_key(key(item))
        return not (
            (window.max_id is not None and item_key >= id_key(window.max_id))
            or (window.since_id is not None and item_key <= id_key(window.since_id))
            or (window.min_id is not None and item_key <= id_key(window.min_id))
        )

    kept = [item for item in items if keep(item)]
    if window.min_id is not None:
        return kept[-window.limit:] if window.limit else []
    return kept[: window.limit]


def link_header(url: str, keep: Query, page_ids: list[str], limit: int, *, prev_param: str = "min_id",
                keep_first: bool = True) -> str | None:
    """Mastodon's Link: rel=next while a page is full (so an empty last page can follow), rel=prev if any."""
    if not page_ids:
        return None
    links = []
    if len(page_ids) == limit:
        links.append(f'<{_url(url, keep, ("max_id", page_ids[-1]), keep_first)}>; rel="next"')
    links.append(f'<{_url(url, keep, (prev_param, page_ids[0]), keep_first)}>; rel="prev"')
    return ", ".join(links)


def _url(url: str, keep: Query, core: tuple[str, str], keep_first: bool) -> str:
    query = [*keep, core] if keep_first else [core, *keep]
    return f"{url}?{urlencode(query)}"


@dataclass(frozen=True, slots=True)
class Cursor:
    """Laravel's cursor: the boundary row id and the direction, base64 JSON."""

    id: str
    forward: bool

    def encode(self) -> str:
        raw = json.dumps({"id": self.id, "_pointsToNextItems": self.forward}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        try:
            data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        except (ValueError, binascii.Error):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            return None
        return cls(data["id"], bool(data.get("_pointsToNextItems", True)))


@dataclass(frozen=True, slots=True)
class CursorPage[T]:
    items: list[T]
    next_cursor: Cursor | None
    prev_cursor: Cursor | None
    on_first_page: bool


def cursor_page[T](
    items: Sequence[T], key: Callable[[T], str], cursor: Cursor | None, limit: int
) -> CursorPage[T]:
    """`items` newest first, as Laravel's cursorPaginate over `orderByDesc('id')`."""
    if cursor is None or cursor.forward:
        after = [i for i in items if cursor is None or id_key(key(i)) < id_key(cursor.id)]
        page = after[:limit]
        more = len(after) > limit
        next_cursor = Cursor(key(page[-1]), True) if more and page else None
        prev_cursor = Cursor(key(page[0]), False) if cursor is not None and page else None
        return CursorPage(page, next_cursor, prev_cursor, cursor is None)
    before = [i for i in items if id_key(key(i)) > id_key(cursor.id)]
    page = before[-limit:]
    more_before = len(before) > limit
    next_cursor = Cursor(key(page[-1]), True) if page else None
    prev_cursor = Cursor(key(page[0]), False) if more_before and page else None
    return CursorPage(page, next_cursor, prev_cursor, not more_before)


def pixelfed_link[T](url: str, keep: Query, page: CursorPage[T]) -> str | None:
    """Pixelfed's labels are swapped: the next page is rel="prev", the previous one rel="next"."""
    def link(cursor: Cursor, rel: str) -> str:
        return f'<{url}?{urlencode([*keep, ("cursor", cursor.encode())])}>; rel="{rel}"'

    if page.next_cursor is None and page.prev_cursor is None:
        return None  # Laravel's hasPages() is false: no header at all
    if page.on_first_page:
        return link(page.next_cursor, "prev") if page.next_cursor else None
    links = []
    if page.prev_cursor:
        links.append(link(page.prev_cursor, "next"))
    if page.next_cursor:
        links.append(link(page.next_cursor, "prev"))
    return ", ".join(links) or None
