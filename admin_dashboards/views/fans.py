"""Top fans: the most engaged audience members across all accounts in scope, and per account."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator

from admin_dashboards import figures, lead_tables
from admin_dashboards.filters import Criteria
from admin_dashboards.views.base import DashboardView

SECTIONS_PER_PAGE = 10  # 500 accounts' tables on one page took 0.7 s to render


class FansView(DashboardView):
    title = "Top fans"
    template_name = "admin_dashboards/fans.html"

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        rankings = figures.FANS.read(criteria)
        sections = AccountSections(rankings.per_account)
        return {
            "fans_table": lead_tables.FansTable(rankings.overall),
            "fans_ranked_at": rankings.ranked_at,  # None: ranked from the events for this selection
            # every account's table for downloads; the page shows them SECTIONS_PER_PAGE at a time
            "account_sections": sections,
            "account_sections_page": Paginator(sections, SECTIONS_PER_PAGE).get_page(self.request.GET.get("page")),
        }


class AccountSections(Sequence):
    """(account section, its table) pairs whose table is built when read: the page shows 10 of maybe 500
    accounts, and each django-tables2 table deep-copies its columns (500 of them were ~60 % of a cached
    request at 1M posts). Downloads iterate them all."""

    def __init__(self, sections: list) -> None:
        self._sections = sections

    def __len__(self) -> int:
        return len(self._sections)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [(section, lead_tables.FansTable(section.fans)) for section in self._sections[index]]
        section = self._sections[index]
        return section, lead_tables.FansTable(section.fans)
