"""Admin for posts (list with cached engagement, comment threads, refresh actions), edit history, hashtags."""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from unfold.admin import checkbox as unfold_checkbox
from unfold.contrib.filters.admin import AutocompleteSelectFilter, ChoicesDropdownFilter, RangeNumericFilter
from unfold.decorators import action, display
from unfold.views import ChangeList

from analytics.admin import display as show
from analytics.admin.actions import back_to, refreshes_queued, run_enqueue
from analytics.admin.base import ExportableAdmin, SyncedDataAdmin
from analytics.admin.comments import CommentThreadInline
from analytics.admin.filters import (
    DayRangeFilter,
    DeletedFilter,
    HasCommentsFilter,
    PostedHourFilter,
    PostedWeekdayFilter,
)
from analytics.models import Hashtag, Post, PostHashtag, PostVersion, SyncKind
from analytics.services.runs.enqueue import enqueue_refresh
from platforms.base import Capability

REFRESH_DIALOG = {
    "title": _("Refresh engagement"),
    "description": _("Queue a refresh of this post's likes, shares and comments from its platform."),
    "form_submit_text": _("Queue refresh"),
}


class PostColumns:
    """List columns of the posts changelist, all read from the joined account and summary rows.

    Counts are `*_count`: a column named `likes` would make Django sort by the reverse `likes` relation."""

    @display(description=_("Media"))
    def thumbnail(self, post):
        return show.thumbnail(post.preview_url or post.media_url)

    @display(description=_("Caption"))
    def caption(self, post):
        return show.excerpt(post.caption_text) or _("(no caption)")

    @display(description=_("Account"), ordering="account__handle")
    def account_column(self, post):  # unfold's header=True cell, rendered once per account
        return show.cached_header(post.account.handle, post.account.instance.base_url.split("://", 1)[-1])

    @display(description=_("Platform"), ordering="platform")
    def platform_badge(self, post):  # unfold's label=... badge, rendered once per platform
        return show.cached_label(post.platform, post.get_platform_display(), show.PLATFORM_LABELS)

    @display(description=_("Likes"), ordering="summary__likes")
    def likes_count(self, post):
        return show.metric(post, "likes")

    @display(description=_("Comments"), ordering="summary__comments")
    def comments_count(self, post):
        return show.metric(post, "comments")

    @display(description=_("Shares"), ordering="summary__shares")
    def shares_count(self, post):
        return show.metric(post, "shares")

    @display(description=_("Total"), ordering="summary__total_engagement")
    def total(self, post):
        return show.metric(post, "total_engagement")

    @display(description=_("Rate"), ordering="summary__engagement_rate")
    def rate(self, post):
        summary = show.summary_of(post)
        return show.percent(summary.engagement_rate if summary else None)

    @display(description=_("Views"), ordering="summary__views")
    def views(self, post):
        return show.metric(post, "views", Capability.INSIGHTS)

    @display(description=_("Reach"), ordering="summary__reach")
    def reach(self, post):
        return show.metric(post, "reach", Capability.INSIGHTS)

    @display(description=_("Links"))
    def links(self, post):
        detail = show.post_detail_url(post.pk)
        platform_link = show.external_link(post.url, _("on platform"))
        if not detail:
            return platform_link or show.NOT_FETCHED
        return show.format_html('{} · <a href="{}" class="text-primary-600">{}</a>', platform_link, detail,
                                _("analytics"))


class PostChangeList(ChangeList):
    """Sorting by a cached count joins the summary as an INNER join, so PostgreSQL walks the count's index
    instead of sorting a million-row LEFT JOIN (posts whose counts were never fetched drop out)."""

    def url_for_result(self, result) -> str:
        return show.url_with_pk("admin:analytics_post_change", result.pk)  # one reverse() a page

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        if _is_count(ordering[0]):
            # The count, then the post id (= summary.post_id): both come from the summary's index.
            return [ordering[0], "-pk"]
        return ordering

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if queryset.query.order_by and _is_count(queryset.query.order_by[0]):
            queryset = queryset.filter(summary__isnull=False)
        return queryset


def _is_count(field) -> bool:
    return str(field).lstrip("-").startswith("summary__")


@admin.register(Post)
class PostAdmin(PostColumns, ExportableAdmin):
    list_display = ["thumbnail", "caption", "account_column", "platform_badge", "posted_at",
                    "likes_count", "comments_count", "shares_count", "total", "rate", "views", "reach", "links"]
    list_display_links = ["caption"]
    list_select_related = ["account__instance", "summary"]
    change_list_template = "admin/analytics/post/change_list.html"  # rows from analytics.templatetags.fast_rows
    filter_panel_cache_seconds = 60  # analytics.templatetags.fast_list.filter_panel

    @display(description=mark_safe(unfold_checkbox.render("action_toggle_all", 1)))  # noqa: S308 (unfold's)
    def action_checkbox(self, post):  # unfold's row checkbox, rendered once per language
        return show.cached_action_checkbox(post.pk)
    list_filter = [
        ("platform", ChoicesDropdownFilter),
        ("account", AutocompleteSelectFilter),
        ("media_type", ChoicesDropdownFilter),
        ("posted_at", DayRangeFilter),
        PostedWeekdayFilter,
        PostedHourFilter,
        ("summary__total_engagement", RangeNumericFilter),
        HasCommentsFilter,
        DeletedFilter,
    ]
    search_fields = ["caption_text", "=remote_id"]  # shows the box; search_posts() does the searching
    search_help_text = _("Caption words, a remote id, or #hashtag.")
    ordering = ["-posted_at"]
    actions = ["refresh_engagement"]
    actions_detail = ["refresh_detail"]
    inlines = [CommentThreadInline]
    fieldsets = [
        (None, {"fields": ["thumbnail", "account", "platform", "remote_id", "links", "caption_text",
                           "media_type", "media_count", "posted_at", "edited_at", "deleted_at", "language",
                           "visibility"]}),
        (_("Engagement (cached)"), {"fields": ["likes_count", "comments_count", "shares_count", "total", "rate",
                                              "views", "reach"]}),
        (_("Sync"), {"fields": ["first_seen_at", "last_seen_at"]}),
    ]
    readonly_fields = ["thumbnail", "links", "likes_count", "comments_count", "shares_count", "total", "rate",
                       "views", "reach"]

    def get_changelist(self, request, **kwargs):
        return PostChangeList

    def get_search_results(self, request, queryset, search_term):
        return search_posts(queryset, search_term), False

    def has_refresh_engagement_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("analytics.refresh_engagement")

    @admin.action(description=_("Refresh engagement"), permissions=["refresh_engagement"])
    def refresh_engagement(self, request, queryset):
        run_enqueue(request, lambda: enqueue_refresh(posts=queryset, user=request.user),
                    summary=refreshes_queued, kind=SyncKind.REFRESH_ENGAGEMENT)

    @action(description=_("Refresh engagement"), icon="refresh", url_path="refresh",
            permissions=["refresh_engagement"], dialog=REFRESH_DIALOG)
    def refresh_detail(self, request, form, object_id: str):
        post = get_object_or_404(Post.all_objects.select_related("account"), pk=object_id)
        run_enqueue(request, lambda: enqueue_refresh(posts=[post], user=request.user),
                    summary=refreshes_queued, kind=SyncKind.REFRESH_ENGAGEMENT)
        return back_to(request, reverse("admin:analytics_post_change", args=[post.pk]))


def search_posts(queryset, search_term: str):
    """One query path per kind of term, each through its own index, never ORed together (an OR of a LIKE, an
    EXISTS and UPPER(remote_id) made PostgreSQL scan the whole table): `#tag` joins the hashtag links
    (`posthashtag_by_hashtag`); a term that is exactly a stored remote id reads `post_by_remote_id`
    (case-sensitive: remote ids are); anything else is caption words, ANDed, each an icontains that the
    `post_caption_trgm` trigram index serves on PostgreSQL."""
    term = search_term.strip()
    if not term:
        return queryset
    if term.startswith("#") and " " not in term:
        # The id as a constant lets PostgreSQL use hashtag_id's statistics: joined through the name it guessed
        # 400 rows for a tag on 15,000 posts, and fetched and sorted all of them for a page of 50.
        tag_id = Hashtag.objects.filter(name=term.lstrip("#").lower()).values_list("pk", flat=True).first()
        if tag_id is None:
            return queryset.none()
        return queryset.filter(pk__in=PostHashtag.objects.filter(hashtag_id=tag_id).values("post_id"))
    if " " not in term and Post.all_objects.filter(remote_id=term).exists():
        return queryset.filter(remote_id=term)
    for word in term.split():
        queryset = queryset.filter(caption_text__icontains=word)
    return queryset


@admin.register(PostVersion)
class PostVersionAdmin(SyncedDataAdmin):
    list_display = ["post", "version_at", "caption_excerpt"]
    list_select_related = ["post"]
    raw_id_fields = ["post"]
    exclude = ["caption_html"]

    @display(description=_("Caption"))
    def caption_excerpt(self, version):
        return show.excerpt(version.caption_text)


@admin.register(Hashtag)
class HashtagAdmin(SyncedDataAdmin):
    list_display = ["name", "first_seen_at"]
    search_fields = ["name"]
    exclude = ["posts"]
