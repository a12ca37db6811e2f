"""Admin for posts, their edit history and hashtags."""

from __future__ import annotations

from django.contrib import admin
from unfold.admin import ModelAdmin

from analytics.admin.base import SyncedDataAdmin
from analytics.models import Hashtag, Post, PostVersion


@admin.register(Post)
class PostAdmin(SyncedDataAdmin):
    list_display = ["__str__", "account", "platform", "media_type", "posted_at", "deleted_at"]
    list_filter = ["platform", "media_type", "visibility"]
    search_fields = ["caption_text", "remote_id"]
    list_select_related = ["account"]
    date_hierarchy = None
    exclude = ["caption_html"]


@admin.register(PostVersion)
class PostVersionAdmin(SyncedDataAdmin):
    list_display = ["post", "version_at"]
    list_select_related = ["post"]
    exclude = ["caption_html"]


@admin.register(Hashtag)
class HashtagAdmin(ModelAdmin):
    list_display = ["name", "first_seen_at"]
    search_fields = ["name"]
    exclude = ["posts"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
