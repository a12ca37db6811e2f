"""Platforms side by side, with "n/a" for what a platform cannot report."""

from __future__ import annotations

from typing import Any

from admin_dashboards import charts, tables
from admin_dashboards.filters import AccountFilterSet, Criteria
from admin_dashboards.views.base import DashboardView
from admin_dashboards.views.unified import platform_links
from analytics.selectors.comparison import platform_comparison


class ComparisonView(DashboardView):
    title = "Platform comparison"
    template_name = "admin_dashboards/comparison.html"
    filterset_class = AccountFilterSet

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        rows = platform_comparison(criteria.period, accounts=criteria.accounts)
        return {
            "comparison_table": tables.ComparisonTable(rows),
            "split_chart": charts.platform_split_chart(rows, platform_links(criteria, rows)),
            "has_rows": bool(rows),
        }
