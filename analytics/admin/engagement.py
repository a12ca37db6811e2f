"""Admin for who engaged: audience, likes, shares, comments and the cached summaries."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display

from analytics.admin import display as show
from analytics.admin.base import ExportableAdmin, SyncedDataAdmin
from analytics.admin.filters import DayRangeFilter
from analytics.models import Actor, Comment, EngagementSummary, Like, Share


class EngagementColumns:
    """Who and which post, shared by likes, shares and comments."""

    @display(description=_("Who"), header=True, ordering="actor__handle")
    def who(self, obj):
        return [obj.actor.handle, obj.actor.display_name]

    @display(description=_("Post"))
    def post_link(self, obj):
        url = reverse("admin:analytics_post_change", args=[obj.post_id])
        label = show.excerpt(str(obj.post), 60)
        return format_html('<a href="{}" class="text-primary-600">{}</a>', url, label)


@admin.register(Actor)
class ActorAdmin(SyncedDataAdmin):
    list_display = ["who", "instance", "first_seen_at", "profile"]
    search_fields = ["handle", "display_name"]
    list_select_related = ["instance"]
    list_filter = [("instance__platform", ChoicesDropdownFilter)]

    @display(description=_("Who"), header=True, ordering="handle")
    def who(self, actor):
        return [actor.handle, actor.display_name]

    @display(description=_("Profile"))
    def profile(self, actor):
        return show.external_link(actor.url, _("open")) or show.NOT_FETCHED


class EventAdmin(EngagementColumns, ExportableAdmin):
    list_display = ["who", "post_link", "occurred_at", "time_is_estimate", "removed_at"]
    list_filter = [("post__platform", ChoicesDropdownFilter), ("occurred_at", DayRangeFilter),
                   "time_is_estimate"]
    list_select_related = ["actor", "post"]
    search_fields = ["actor__handle", "=post__remote_id"]
    search_help_text = _("A handle, or a post's remote id.")
    raw_id_fields = ["post", "actor"]


@admin.register(Like)
class LikeAdmin(EventAdmin):
    pass


@admin.register(Share)
class ShareAdmin(EventAdmin):
    pass


@admin.register(Comment)
class CommentAdmin(EngagementColumns, ExportableAdmin):
    list_display = ["who", "excerpt", "post_link", "created_at", "like_count", "hidden"]
    list_filter = [("post__platform", ChoicesDropdownFilter), ("created_at", DayRangeFilter), "hidden"]
    search_fields = ["content_text", "actor__handle", "=post__remote_id"]
    list_select_related = ["actor", "post"]
    raw_id_fields = ["post", "actor", "parent"]
    exclude = ["content_html"]

    @display(description=_("Comment"))
    def excerpt(self, comment):
        return show.excerpt(comment.content_text)


@admin.register(EngagementSummary)
class EngagementSummaryAdmin(SyncedDataAdmin):
    list_display = ["post", "likes", "comments", "platform_comments", "shares", "total_engagement", "rate",
                    "counts_fetched_at"]

    @display(description=_("Engagement rate"), ordering="engagement_rate")
    def rate(self, summary):
        return show.percent(summary.engagement_rate)
    list_select_related = ["post"]
    raw_id_fields = ["post"]
