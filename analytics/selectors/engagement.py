"""One post's audience: who liked, shared and commented and when (estimated times flagged), and threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from analytics.models import Comment, Like, Post, Share


@dataclass(frozen=True, slots=True)
class EngagementEvent:
    kind: str  # "like", "share" or "comment"
    actor_handle: str
    actor_url: str
    at: datetime
    time_is_estimate: bool  # True: the first time we saw it, not when it happened ("≈ first seen")
    removed: bool = False


@dataclass(slots=True)
class CommentNode:
    pk: int
    actor_handle: str
    actor_url: str
    text: str
    created_at: datetime
    like_count: int | None
    hidden: bool
    deleted: bool
    depth: int = 0
    replies: list[CommentNode] = field(default_factory=list)


def post_engagement_events(post: Post | int, *, limit: int = 50) -> list[EngagementEvent]:
    """The latest `limit` likes, shares and comments of a post, newest first (three queries)."""
    post_id = getattr(post, "pk", post)
    events: list[EngagementEvent] = []
    for kind, model in (("like", Like), ("share", Share)):
        rows = model.objects.filter(post_id=post_id).select_related("actor").order_by("-occurred_at")[:limit]
        events.extend(
            EngagementEvent(kind=kind, actor_handle=row.actor.handle, actor_url=row.actor.url,
                            at=row.occurred_at, time_is_estimate=row.time_is_estimate,
                            removed=row.removed_at is not None)
            for row in rows
        )
    comments = Comment.objects.filter(post_id=post_id).select_related("actor").order_by("-created_at")[:limit]
    events.extend(
        EngagementEvent(kind="comment", actor_handle=row.actor.handle, actor_url=row.actor.url,
                        at=row.created_at, time_is_estimate=False, removed=row.deleted_at is not None)
        for row in comments
    )
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]


def comment_threads(post: Post | int, *, limit: int = 100) -> list[CommentNode]:
    """The post's first `limit` comments as threads; a reply whose parent is not loaded starts its own."""
    post_id = getattr(post, "pk", post)
    rows = Comment.objects.filter(post_id=post_id).select_related("actor").order_by("created_at", "pk")
    rows = rows[:limit]
    nodes: dict[int, CommentNode] = {}
    parents: dict[int, int | None] = {}
    for row in rows:
        nodes[row.pk] = CommentNode(
            pk=row.pk, actor_handle=row.actor.handle, actor_url=row.actor.url, text=row.content_text,
            created_at=row.created_at, like_count=row.like_count, hidden=row.hidden,
            deleted=row.deleted_at is not None,
        )
        parents[row.pk] = row.parent_id
    roots: list[CommentNode] = []
    for pk, node in nodes.items():
        parent = nodes.get(parents[pk]) if parents[pk] else None
        (parent.replies if parent else roots).append(node)
    _set_depth(roots, 0)
    return roots


def flatten_threads(roots: list[CommentNode]) -> list[CommentNode]:
    """Depth-first order, for templates that indent by `depth` instead of recursing."""
    flat: list[CommentNode] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        flat.append(node)
        stack.extend(reversed(node.replies))
    return flat


def _set_depth(nodes: list[CommentNode], depth: int) -> None:
    stack = [(node, depth) for node in nodes]
    while stack:
        node, level = stack.pop()
        node.depth = level
        stack.extend((child, level + 1) for child in node.replies)
