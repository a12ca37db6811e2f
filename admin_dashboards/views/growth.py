"""Audience growth: followers per account per day, net change and growth over the period, and a chart."""

from __future__ import annotations

from typing import Any

from admin_dashboards import lead_charts, lead_tables, links
from admin_dashboards.caching import per_rollup
from admin_dashboards.filters import Criteria
from admin_dashboards.views.base import DashboardView, paginated
from analytics.selectors.growth import audience_growth


class GrowthView(DashboardView):
    title = "Audience growth"
    template_name = "admin_dashboards/growth.html"

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        growth = per_rollup("growth", criteria, lambda: audience_growth(
            criteria.period, platform=criteria.platform, accounts=criteria.accounts))
        account_pages = {row.account_id: links.dashboard_url("growth", criteria, accounts=(row.account_id,))
                         for row in growth.accounts}
        charted = lead_charts.charted_accounts(growth)
        day_posts = {row.account_id: links.posts_day_urls(criteria, growth.days, account=row.account_id)
                     for row in charted}
        return {
            "growth": growth,
            "growth_chart": lead_charts.growth_chart(charted, growth.days, day_posts) if charted else None,
            "growth_charted": len(charted),
            "growth_table": paginated(self.request, lead_tables.GrowthTable(growth.accounts, links=account_pages)),
        }
