"""One post: header, timeline (cumulative and velocity), who engaged and when, threads, edits, freshness."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from unfold.views import UnfoldSiteViewMixin

from admin_dashboards import charts, tables
from admin_dashboards.views.base import VIEW_PERMISSION
from analytics.models import Post, SyncTrigger
from analytics.selectors.capabilities import platform_info
from analytics.selectors.engagement import comment_threads, flatten_threads, post_engagement_events
from analytics.selectors.freshness import dashboard_freshness
from analytics.selectors.posts import post_overview, post_versions
from analytics.selectors.timelines import engagement_timeline
from analytics.services.runs.enqueue import RateLimitExceeded, enqueue_refresh

EVENTS_SHOWN = 50
COMMENTS_SHOWN = 100


class PostDetailView(UnfoldSiteViewMixin, TemplateView):
    title = "Post"
    permission_required = VIEW_PERMISSION
    template_name = "admin_dashboards/post_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        try:
            overview = post_overview(kwargs["post_id"])
        except Post.DoesNotExist as missing:
            raise Http404("No such post.") from missing
        self.title = f"{overview.post.account.handle} · {overview.post.get_platform_display()}"
        context = super().get_context_data(**kwargs)
        post = overview.post
        bucket = "day" if self.request.GET.get("bucket") == "day" else "hour"
        points = engagement_timeline(post, bucket=bucket)
        context.update(
            overview=overview, post=post, platform=platform_info(post.platform),
            summary_metrics=summary_metrics(overview.summary, reports_insights=overview.reports_insights),
            bucket_tabs=[{"title": _("Hourly"), "link": "?bucket=hour", "active": bucket == "hour"},
                         {"title": _("Daily"), "link": "?bucket=day", "active": bucket == "day"}],
            cumulative_chart_or_none=charts.post_cumulative_chart(points) if points else None,
            velocity_chart_or_none=charts.post_velocity_chart(points) if points else None,
            events_table=tables.EventsTable(post_engagement_events(post, limit=EVENTS_SHOWN)),
            comments=(comments := flatten_threads(comment_threads(post, limit=COMMENTS_SHOWN))),
            deleted_comments=sum(1 for comment in comments if comment.deleted),
            versions_table=tables.VersionsTable(post_versions(post)),
            can_refresh=self.request.user.has_perm("analytics.refresh_engagement"),
            freshness=dashboard_freshness(accounts=[post.account_id]),
        )
        return context


INSIGHTS = ("views", "reach", "saved")


def summary_metrics(summary, *, reports_insights: bool) -> list[tuple[str, object, bool]]:
    """(label, value, not_available) for the post's counts, as the glossary says: "n/a" when the platform does
    not report it (insights outside Instagram, a count the owner hides), "—" when not fetched yet."""
    names = [(_("Likes"), "likes"), (_("Comments"), "comments"), (_("Shares"), "shares"),
             (_("Total engagement"), "total_engagement"), (_("Views"), "views"), (_("Reach"), "reach"),
             (_("Saved"), "saved")]
    fetched = bool(summary and summary.counts_fetched_at)
    shown = []
    for label, name in names:
        value = getattr(summary, name) if summary else None
        unreported = (name in INSIGHTS and not reports_insights) or (value is None and fetched)
        shown.append((label, value, unreported))
    if summary and summary.platform_comments is not None and summary.platform_comments != summary.comments:
        shown.insert(2, (_("Comments (platform's count, direct replies)"), summary.platform_comments, False))
    return shown


class RefreshPostView(UnfoldSiteViewMixin, View):
    """POST only: queue 'Refresh engagement' for one post, say what happened, go back to the post."""

    title = "Refresh engagement"
    permission_required = "analytics.refresh_engagement"
    http_method_names = ["post"]

    def post(self, request, post_id: int):
        posts = Post.all_objects.filter(pk=post_id)
        if not posts.exists():
            raise Http404("No such post.")
        try:
            result = enqueue_refresh(posts=posts, trigger=SyncTrigger.ADMIN, user=request.user)
        except RateLimitExceeded as limited:
            messages.error(request, str(limited))
        else:
            messages.add_message(request, result.level, result.message)
        return redirect("admin:admin_dashboards_post_detail", post_id)
