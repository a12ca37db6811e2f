"""Bulk upserts of posts, their hashtags and edit versions: a fixed number of statements per page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from analytics.models import Account, EngagementSummary, Hashtag, Post, PostHashtag, PostVersion
from analytics.services.storage.bulk_sql import insert_ignoring_conflicts
from analytics.services.storage.sanitize import public_url, sanitize_html
from platforms.base import RemotePost, RemotePostVersion

# The fields a platform can change on a post; a re-sync writes a post only when one of them differs.
CONTENT_FIELDS = ("url", "caption_html", "caption_text", "media_type", "media_url", "preview_url", "media_count",
                  "posted_at", "edited_at", "language", "visibility", "deleted_at")


@dataclass
class PageUpsert:
    """What one page changed: new and changed posts (by remote id) and the ids of every post on the page."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # edited_at is new or moved: fetch the history
    post_ids: dict[str, int] = field(default_factory=dict)


def _post_row(account: Account, remote: RemotePost) -> Post:
    return Post(
        account=account, platform=account.platform, remote_id=remote.remote_id, url=public_url(remote.url),
        caption_html=sanitize_html(remote.caption_html), caption_text=remote.caption_text,
        media_type=remote.media_type.value, media_url=public_url(remote.media_urls[0] if remote.media_urls else ""),
        preview_url=public_url(remote.preview_url), media_count=remote.media_count, posted_at=remote.posted_at,
        edited_at=remote.edited_at, language=(remote.language or "")[:16], visibility=remote.visibility.value,
        deleted_at=None,
    )


def _content(row) -> tuple:
    return tuple(getattr(row, name) if not isinstance(row, dict) else row[name] for name in CONTENT_FIELDS)


def _dedupe(remote_posts: Sequence[RemotePost]) -> list[RemotePost]:
    """A post can appear on two pages when new posts shift the listing; keep its first (newest) copy."""
    seen: dict[str, RemotePost] = {}
    for remote in remote_posts:
        seen.setdefault(remote.remote_id, remote)
    return list(seen.values())


@transaction.atomic
def upsert_post_page(account: Account, remote_posts: Sequence[RemotePost]) -> PageUpsert:
    """Write new and changed posts of one page, their hashtags and first summaries; unchanged rows are untouched."""
    remote_posts = _dedupe(remote_posts)
    result = PageUpsert()
    if not remote_posts:
        return result
    existing = {
        row["remote_id"]: row
        for row in Post.all_objects.filter(account=account, remote_id__in=[p.remote_id for p in remote_posts])
        .values("id", "remote_id", *CONTENT_FIELDS)
    }
    to_write: list[Post] = []
    for remote in remote_posts:
        row = _post_row(account, remote)
        before = existing.get(remote.remote_id)
        if before is None:
            result.created.append(remote.remote_id)
        elif _content(before) == _content(row):
            continue
        else:
            result.updated.append(remote.remote_id)
        if remote.edited_at and (before is None or before["edited_at"] != remote.edited_at):
            result.edited.append(remote.remote_id)
        to_write.append(row)
    if to_write:
        now = timezone.now()
        for row in to_write:
            row.last_seen_at = now
        Post.all_objects.bulk_create(
            to_write, update_conflicts=True, unique_fields=["account", "remote_id"],
            update_fields=[*CONTENT_FIELDS, "last_seen_at"],
        )
    result.post_ids = dict(
        Post.all_objects.filter(account=account, remote_id__in=[p.remote_id for p in remote_posts])
        .values_list("remote_id", "id")
    )
    changed = {p.remote_id for p in remote_posts} & set(result.created + result.updated)
    _link_hashtags([p for p in remote_posts if p.remote_id in changed], result.post_ids)
    _create_first_summaries([p for p in remote_posts if p.remote_id in result.created], result.post_ids)
    return result


def _link_hashtags(remote_posts: Sequence[RemotePost], post_ids: dict[str, int]) -> None:
    """Add new hashtag links and drop the ones an edit removed."""
    if not remote_posts:
        return
    names = {tag[:255] for post in remote_posts for tag in post.hashtags}
    tag_ids: dict[str, int] = {}
    if names:
        # Through bulk_sql, which writes in key order: syncs of two accounts add overlapping tags at once.
        now = timezone.now()
        insert_ignoring_conflicts(Hashtag, ("name", "first_seen_at"), [(name, now) for name in names],
                                  conflict=["name"])
        tag_ids = dict(Hashtag.objects.filter(name__in=names).values_list("name", "id"))
    wanted = {(post_ids[p.remote_id], tag_ids[tag[:255]]) for p in remote_posts for tag in p.hashtags}
    touched = [post_ids[p.remote_id] for p in remote_posts]
    links = {(post_id, tag_id): pk for pk, post_id, tag_id in
             PostHashtag.objects.filter(post_id__in=touched).values_list("id", "post_id", "hashtag_id")}
    stale = [pk for key, pk in links.items() if key not in wanted]
    if stale:
        PostHashtag.objects.filter(pk__in=stale).delete()
    missing = wanted - links.keys()
    PostHashtag.objects.bulk_create(
        [PostHashtag(post_id=post_id, hashtag_id=tag_id) for post_id, tag_id in missing], ignore_conflicts=True
    )


def _create_first_summaries(remote_posts: Sequence[RemotePost], post_ids: dict[str, int]) -> None:
    """New posts get a summary with the listed counts at once; refreshes own the counts from then on."""
    rows = []
    for remote in remote_posts:
        metrics = remote.metrics
        known = (metrics.likes or 0) + (metrics.comments or 0) + (metrics.shares or 0)
        rows.append(EngagementSummary(
            post_id=post_ids[remote.remote_id], likes=metrics.likes, comments=metrics.comments,
            shares=metrics.shares, quotes=metrics.quotes, total_engagement=known,
            views=metrics.views, reach=metrics.reach, saved=metrics.saved,
        ))
    EngagementSummary.objects.bulk_create(rows, ignore_conflicts=True)


def store_versions(post_id: int, versions: Sequence[RemotePostVersion]) -> int:
    """Edit history is append-only: versions are keyed by their time, so re-fetching adds nothing.

    Marks the history fetched (at least as late as the edit it covers, whatever the server's clock says)."""
    rows = [
        PostVersion(post_id=post_id, version_at=version.created_at, caption_html=sanitize_html(version.caption_html),
                    caption_text=version.caption_text,
                    media_urls=[public_url(url) for url in version.media_urls])
        for version in versions
    ]
    before = PostVersion.objects.filter(post_id=post_id).count()
    PostVersion.objects.bulk_create(rows, ignore_conflicts=True)
    now = timezone.now()
    Post.all_objects.filter(pk=post_id).update(
        history_fetched_at=Case(When(edited_at__gt=now, then=F("edited_at")), default=Value(now)))
    return PostVersion.objects.filter(post_id=post_id).count() - before


def mark_deleted(account: Account, remote_ids: Sequence[str], *, at: datetime | None = None) -> int:
    """Soft delete: the row and its engagement stay for history; `Post.objects` hides it."""
    return Post.all_objects.filter(account=account, remote_id__in=list(remote_ids), deleted_at__isnull=True).update(
        deleted_at=at or timezone.now()
    )
