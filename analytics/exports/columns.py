"""The columns of every exportable dataset, declared once for the admin resources and the streaming job.

Tokens and other secrets are never listed here, so they can never be exported.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from analytics.exports.cells import CellKind
from analytics.models import Account, Comment, Like, Post, Share

INT, FLOAT, BOOL, DT = CellKind.INT, CellKind.FLOAT, CellKind.BOOL, CellKind.DATETIME


@dataclass(frozen=True, slots=True)
class Column:
    path: str  # ORM path, as in values_list()
    header: str  # human column name in the file
    kind: CellKind = CellKind.TEXT

    @property
    def name(self) -> str:
        """The resource field name (import-export's selectable-field key)."""
        return self.path


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]

    @property
    def paths(self) -> list[str]:
        return [column.path for column in self.columns]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


_ENGAGEMENT_EVENT = (
    Column("id", "ID", INT),
    Column("post__platform", "Platform"),
    Column("post__account__handle", "Account"),
    Column("post__remote_id", "Post remote ID"),
    Column("post__url", "Post URL"),
    Column("actor__handle", "Who (handle)"),
    Column("actor__display_name", "Who (display name)"),
    Column("actor__url", "Profile URL"),
    Column("occurred_at", "When", DT),
    Column("time_is_estimate", "Time is first-seen estimate", BOOL),
    Column("removed_at", "Removed at", DT),
)

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset("posts", Post, (
            Column("id", "ID", INT),
            Column("platform", "Platform"),
            Column("account__handle", "Account"),
            Column("account__instance__base_url", "Instance"),
            Column("remote_id", "Remote ID"),
            Column("url", "URL"),
            Column("caption_text", "Caption"),
            Column("media_type", "Media type"),
            Column("media_count", "Media count", INT),
            Column("posted_at", "Posted at", DT),
            Column("edited_at", "Edited at", DT),
            Column("deleted_at", "Deleted at", DT),
            Column("language", "Language"),
            Column("visibility", "Visibility"),
            Column("summary__likes", "Likes", INT),
            Column("summary__comments", "Comments", INT),
            Column("summary__platform_comments", "Comments (platform's count)", INT),
            Column("summary__shares", "Shares", INT),
            Column("summary__total_engagement", "Total engagement", INT),
            Column("summary__engagement_rate", "Engagement rate", FLOAT),
            Column("summary__views", "Views", INT),
            Column("summary__reach", "Reach", INT),
            Column("summary__saved", "Saved", INT),
            Column("summary__counts_fetched_at", "Counts fetched at", DT),
        )),
        Dataset("likes", Like, _ENGAGEMENT_EVENT),
        Dataset("shares", Share, _ENGAGEMENT_EVENT),
        Dataset("comments", Comment, (
            Column("id", "ID", INT),
            Column("post__platform", "Platform"),
            Column("post__account__handle", "Account"),
            Column("post__remote_id", "Post remote ID"),
            Column("post__url", "Post URL"),
            Column("remote_id", "Comment remote ID"),
            Column("in_reply_to_remote_id", "In reply to (remote ID)"),
            Column("actor__handle", "Who (handle)"),
            Column("actor__display_name", "Who (display name)"),
            Column("content_text", "Comment"),
            Column("created_at", "Written at", DT),
            Column("like_count", "Likes", INT),
            Column("hidden", "Hidden by owner", BOOL),
            Column("deleted_at", "Deleted at", DT),
        )),
        Dataset("accounts", Account, (
            Column("id", "ID", INT),
            Column("platform", "Platform"),
            Column("instance__base_url", "Instance"),
            Column("handle", "Handle"),
            Column("display_name", "Display name"),
            Column("remote_id", "Remote ID"),
            Column("team", "Team"),
            Column("is_active", "Active", BOOL),
            Column("status", "Status"),
            Column("followers_count", "Followers", INT),
            Column("following_count", "Following", INT),
            Column("remote_posts_count", "Posts on platform", INT),
            Column("last_synced_at", "Last post sync", DT),
            Column("last_refreshed_at", "Last engagement refresh", DT),
            Column("created_at", "Connected at", DT),
        )),
    )
}


def dataset_for_model(model: type[models.Model]) -> Dataset:
    return next(dataset for dataset in DATASETS.values() if dataset.model is model)
