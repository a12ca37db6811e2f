"""Paging rules shared by clients: the page-count safety net and applying `since` / `max_posts`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from platforms.base import PostPage

MAX_PAGES = 1_000  # a safety net against servers whose paging links loop


def limit_pages(pages: Iterator[PostPage], *, since: datetime | None,
                max_posts: int | None) -> Iterator[PostPage]:
    """Apply `since` and `max_posts` to newest-first pages, stopping the paging as soon as either is met."""
    remaining = max_posts
    for page in pages:
        posts = page.posts
        oldest = _oldest(page)
        reached_since = since is not None and oldest is not None and oldest < since
        if since is not None:
            posts = tuple(p for p in posts if p.posted_at >= since)
        if remaining is not None:
            posts = posts[:remaining]
            remaining -= len(posts)
        yield replace(page, posts=posts)
        if reached_since or (remaining is not None and remaining <= 0):
            return


def _oldest(page: PostPage) -> datetime | None:
    """Judge by every item seen, so a run of text-only statuses cannot keep the paging going."""
    times = [post.posted_at for post in page.posts]
    if page.oldest_seen_at is not None:
        times.append(page.oldest_seen_at)
    return min(times, default=None)
