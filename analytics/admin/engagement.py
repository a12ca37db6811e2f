"""Admin for who engaged: audience, likes, shares, comments and the cached summaries."""

from __future__ import annotations

from django.contrib import admin

from analytics.admin.base import SyncedDataAdmin
from analytics.models import Actor, Comment, EngagementSummary, Like, Share


@admin.register(Actor)
class ActorAdmin(SyncedDataAdmin):
    list_display = ["handle", "display_name", "instance", "first_seen_at"]
    search_fields = ["handle", "display_name"]
    list_select_related = ["instance"]


class EventAdmin(SyncedDataAdmin):
    list_display = ["actor", "post", "occurred_at", "time_is_estimate"]
    list_filter = ["time_is_estimate"]
    list_select_related = ["actor", "post"]
    raw_id_fields = ["post", "actor"]


@admin.register(Like)
class LikeAdmin(EventAdmin):
    pass


@admin.register(Share)
class ShareAdmin(EventAdmin):
    pass


@admin.register(Comment)
class CommentAdmin(SyncedDataAdmin):
    list_display = ["actor", "post", "created_at", "hidden"]
    search_fields = ["content_text"]
    list_select_related = ["actor", "post"]
    raw_id_fields = ["post", "actor", "parent"]
    exclude = ["content_html"]


@admin.register(EngagementSummary)
class EngagementSummaryAdmin(SyncedDataAdmin):
    list_display = ["post", "likes", "comments", "shares", "total_engagement", "counts_fetched_at"]
    list_select_related = ["post"]
    raw_id_fields = ["post"]
