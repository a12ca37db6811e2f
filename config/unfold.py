"""django-unfold's look and sidebar: Accounts / Posts / Engagement / Jobs / Dashboards."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from config.env import env_str


def _perm(codename: str):
    """A sidebar permission callback: the item shows only to users who hold `codename`."""
    return lambda request: request.user.has_perm(codename)


def _item(title: str, icon: str, model: str, *, app: str = "analytics", badge: str | None = None) -> dict:
    item = {
        "title": title,
        "icon": icon,
        "link": reverse_lazy(f"admin:{app}_{model}_changelist"),
        "permission": _perm(f"{app}.view_{model}"),
    }
    if badge:
        item["badge"] = badge
    return item


UNFOLD = {
    "SITE_TITLE": "PostFlow Analytics",
    "SITE_HEADER": "PostFlow Analytics",
    "SITE_SUBHEADER": _("How every media post performs"),
    "SITE_SYMBOL": "monitoring",
    "SITE_URL": "/admin/",
    "SHOW_VIEW_ON_SITE": False,
    "ENVIRONMENT": "config.environment.environment_label",
    "DASHBOARD_CALLBACK": "admin_dashboards.home.dashboard_callback",
    "STYLES": [lambda request: static("admin_dashboards/postflow.css")],
    "SCRIPTS": [lambda request: static("admin_dashboards/drilldown.js")],
    "SITE_FAVICONS": [
        {"rel": "icon", "type": "image/svg+xml", "href": lambda request: static("admin_dashboards/favicon.svg")},
    ],
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": [
            {
                "title": _("Dashboards"),
                "collapsible": False,
                "items": [
                    {
                        "title": _("Unified dashboard"),
                        "icon": "dashboard",
                        "link": reverse_lazy("admin:index"),
                    },
                    {
                        "title": _("Per platform"),
                        "icon": "hub",
                        "link": reverse_lazy("admin:admin_dashboards_platform_index"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("Platform comparison"),
                        "icon": "compare_arrows",
                        "link": reverse_lazy("admin:admin_dashboards_comparison"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("Trending hashtags"),
                        "icon": "tag",
                        "link": reverse_lazy("admin:admin_dashboards_hashtags"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("Best time to post"),
                        "icon": "schedule",
                        "link": reverse_lazy("admin:admin_dashboards_best_time"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("Audience growth"),
                        "icon": "trending_up",
                        "link": reverse_lazy("admin:admin_dashboards_growth"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("Top fans"),
                        "icon": "favorite",
                        "link": reverse_lazy("admin:admin_dashboards_fans"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("Content comparison"),
                        "icon": "category",
                        "link": reverse_lazy("admin:admin_dashboards_content"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("Decay"),
                        "icon": "hourglass_bottom",
                        "link": reverse_lazy("admin:admin_dashboards_decay"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("Metrics"),
                        "icon": "menu_book",
                        "link": reverse_lazy("admin:admin_dashboards_metrics"),
                        "permission": _perm("analytics.view_post"),
                    },
                    {
                        "title": _("My preferences"),
                        "icon": "schedule",
                        "link": reverse_lazy("admin:admin_dashboards_preferences"),
                    },
                ],
            },
            {
                "title": _("Accounts"),
                "items": [
                    _item(_("Accounts"), "account_circle", "account",
                          badge="analytics.admin.badges.failing_accounts_badge"),
                    _item(_("Instances"), "dns", "instance"),
                ],
            },
            {
                "title": _("Posts"),
                "items": [
                    _item(_("Posts"), "photo_library", "post"),
                    _item(_("Hashtags"), "tag", "hashtag"),
                    _item(_("Edit history"), "history", "postversion"),
                ],
            },
            {
                "title": _("Engagement"),
                "items": [
                    _item(_("Likes"), "favorite", "like"),
                    _item(_("Shares"), "repeat", "share"),
                    _item(_("Comments"), "forum", "comment"),
                    _item(_("Audience"), "groups", "actor"),
                    _item(_("Engagement summaries"), "leaderboard", "engagementsummary"),
                    _item(_("Metric snapshots"), "timeline", "metricsnapshot"),
                    _item(_("Account daily stats"), "calendar_month", "accountdailystats"),
                    _item(_("Hashtag stats"), "trending_up", "hashtagstats"),
                ],
            },
            {
                "title": _("Jobs"),
                "items": [
                    _item(_("Sync runs"), "sync", "syncrun", badge="analytics.admin.badges.failed_runs_badge"),
                    _item(_("Exports"), "download", "exportjob"),
                    _item(_("Schedules"), "schedule", "schedule", app="django_q"),
                    # The queue table holds tasks only with the ORM broker (Redis keeps them in Redis).
                    *([] if env_str("Q_REDIS_URL") else [_item(_("Queued tasks"), "queue", "ormq", app="django_q")]),
                    _item(_("Successful tasks"), "task_alt", "success", app="django_q"),
                    _item(_("Failed tasks"), "error", "failure", app="django_q"),
                ],
            },
        ],
    },
}
