"""Top fans: the most engaged audience members across all accounts in scope, and per account."""

from __future__ import annotations

from typing import Any

from admin_dashboards import lead_tables
from admin_dashboards.filters import Criteria
from admin_dashboards.views.base import DashboardView
from analytics.selectors.audience import fan_rankings

OVERALL = 25
PER_ACCOUNT = 5


class FansView(DashboardView):
    title = "Top fans"
    template_name = "admin_dashboards/fans.html"

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        rankings = fan_rankings(criteria.period, platform=criteria.platform, accounts=criteria.accounts,
                                limit=OVERALL, per_account=PER_ACCOUNT)
        return {
            "fans_table": lead_tables.FansTable(rankings.overall),
            "account_sections": [(section, lead_tables.FansTable(section.fans)) for section in rankings.per_account],
        }
