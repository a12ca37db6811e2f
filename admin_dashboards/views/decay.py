"""Decay: how fast posts collect their engagement, from the roll-up's PostDecay rows (no event scans)."""

from __future__ import annotations

from typing import Any

from admin_dashboards import figures, lead_charts, lead_tables, links
from admin_dashboards.filters import Criteria
from admin_dashboards.views.base import DashboardView
from analytics.selectors.decay import MIN_TIMED_EVENTS


class DecayView(DashboardView):
    title = "Decay"
    template_name = "admin_dashboards/decay.html"

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        overview = figures.DECAY.read(criteria)
        group_links = {(g.platform, g.media_type): links.posts_url(criteria, platform=g.platform,
                                                                   media_type=g.media_type)
                       for g in overview.groups}
        platform_links = {curve.platform: links.dashboard_url("decay", criteria, platform=curve.platform)
                          for curve in overview.curves}
        return {
            "decay": overview,
            "min_events": MIN_TIMED_EVENTS,
            "decay_chart": lead_charts.decay_chart(overview, platform_links) if overview.curves else None,
            "decay_table": lead_tables.DecayTable(overview.groups, links=group_links),
        }
