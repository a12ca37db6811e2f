"""The dashboards' URLs, mounted inside the admin site (names `admin:admin_dashboards_*`)."""

from __future__ import annotations

from django.urls import path, re_path

from admin_dashboards.downloads.views import download_view
from admin_dashboards.views.best_time import BestTimeView
from admin_dashboards.views.comparison import ComparisonView
from admin_dashboards.views.content import ContentView
from admin_dashboards.views.decay import DecayView
from admin_dashboards.views.fans import FansView
from admin_dashboards.views.growth import GrowthView
from admin_dashboards.views.hashtags import HashtagsView
from admin_dashboards.views.metrics import MetricsView
from admin_dashboards.views.platform import PlatformDashboardView, first_platform
from admin_dashboards.views.posts import PostDetailView, RefreshPostView
from admin_dashboards.views.preferences import PreferencesView


def dashboard_urls(site) -> list:
    """URL patterns for unfold's `extra_urls` hook; every view goes through `site.admin_view` (staff login)."""

    def page(view_class):
        return site.admin_view(view_class.as_view(admin_site=site))

    return [
        path("dashboards/platform/", site.admin_view(first_platform), name="admin_dashboards_platform_index"),
        path("dashboards/platform/<str:platform>/", page(PlatformDashboardView), name="admin_dashboards_platform"),
        path("dashboards/comparison/", page(ComparisonView), name="admin_dashboards_comparison"),
        path("dashboards/posts/<int:post_id>/", page(PostDetailView), name="admin_dashboards_post_detail"),
        path("dashboards/posts/<int:post_id>/refresh/", page(RefreshPostView),
             name="admin_dashboards_post_refresh"),
        path("dashboards/hashtags/", page(HashtagsView), name="admin_dashboards_hashtags"),
        path("dashboards/best-time/", page(BestTimeView), name="admin_dashboards_best_time"),
        path("dashboards/metrics/", page(MetricsView), name="admin_dashboards_metrics"),
        path("dashboards/growth/", page(GrowthView), name="admin_dashboards_growth"),
        path("dashboards/fans/", page(FansView), name="admin_dashboards_fans"),
        path("dashboards/content/", page(ContentView), name="admin_dashboards_content"),
        path("dashboards/decay/", page(DecayView), name="admin_dashboards_decay"),
        re_path(r"^dashboards/download\.(?P<fmt>pdf|csv)$", site.admin_view(download_view),
                name="admin_dashboards_download"),
        path("dashboards/preferences/", page(PreferencesView), name="admin_dashboards_preferences"),
    ]


def install(site) -> None:
    """Add the dashboards to the admin site through unfold's `extra_urls` hook, keeping any earlier hook."""
    earlier = getattr(site, "extra_urls", None)

    def extra_urls() -> list:
        return dashboard_urls(site) + (earlier() if callable(earlier) else [])

    site.extra_urls = extra_urls
