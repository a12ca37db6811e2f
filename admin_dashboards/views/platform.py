"""One platform's dashboard: its KPIs, engagement over time, accounts and top posts."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from admin_dashboards import charts, links, tables
from admin_dashboards.caching import per_rollup
from admin_dashboards.cards import kpi_cards
from admin_dashboards.filters import AccountFilterSet, Criteria
from admin_dashboards.views.base import DashboardView
from analytics.models import Account
from analytics.selectors.capabilities import platform_info, platforms
from analytics.selectors.comparison import account_breakdown
from analytics.selectors.kpis import dashboard_kpis
from analytics.selectors.posts import ranked_top_posts
from analytics.selectors.timelines import engagement_over_time


class PlatformDashboardView(DashboardView):
    title = "Platform"
    template_name = "admin_dashboards/platform.html"
    filterset_class = AccountFilterSet
    compares = True

    def dispatch(self, request, *args, **kwargs):
        if kwargs["platform"] not in {info.name for info in platforms()}:
            raise Http404("No such platform.")
        self.info = platform_info(kwargs["platform"])
        self.title = self.info.label
        return super().dispatch(request, *args, **kwargs)

    def freshness_scope(self, criteria: Criteria) -> dict[str, Any]:
        return {"platform": self.info.name, "accounts": criteria.accounts}

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        filters = {"platform": self.info.name, "accounts": criteria.accounts}

        def aggregates() -> dict[str, Any]:  # roll-up figures, once per filter set and roll-up (caching.py)
            return {"kpis": dashboard_kpis(criteria.period, **filters, against=criteria.comparison),
                    "timeline": engagement_over_time(criteria.period, **filters),
                    "accounts": account_breakdown(criteria.period, **filters),
                    "top_posts": ranked_top_posts(criteria.period, **filters, limit=10)}

        data = per_rollup(f"platform:{self.info.name}", criteria, aggregates)
        return {
            "platform": self.info,
            "platform_tabs": platform_tabs(self.info.name),
            "kpis": data["kpis"],
            "kpi_cards": kpi_cards(data["kpis"]),
            "timeline_chart": charts.engagement_over_time_chart(
                data["timeline"],
                links.posts_day_urls(criteria, [point.day for point in data["timeline"]], platform=self.info.name)),
            "accounts_table": tables.AccountsTable(data["accounts"], links={
                row.key: links.dashboard_url("platform", criteria, self.info.name, platform=None,
                                             accounts=(int(row.key),)) for row in data["accounts"]}),
            "top_posts_table": tables.TopPostsTable(data["top_posts"]),
        }


def platform_tabs(active: str) -> list[dict]:
    """Items for unfold's navigation component: one link per platform."""
    return [
        {"title": info.label, "link": reverse("admin:admin_dashboards_platform", args=[info.name]),
         "active": info.name == active}
        for info in platforms()
    ]


def first_platform(request):
    """`/admin/dashboards/platform/` goes to the first platform that has accounts (else the first one)."""
    connected = set(Account.objects.values_list("platform", flat=True).distinct())
    names = [info.name for info in platforms()]
    chosen = next((name for name in names if name in connected), names[0])
    return redirect("admin:admin_dashboards_platform", chosen)
