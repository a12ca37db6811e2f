"""Best time to post: a weekday-by-hour heatmap of average engagement per post, and the hourly chart."""

from __future__ import annotations

from typing import Any

from admin_dashboards import charts, figures, links
from admin_dashboards.filters import Criteria
from admin_dashboards.views.base import DashboardView


class BestTimeView(DashboardView):
    title = "Best time to post"
    template_name = "admin_dashboards/best_time.html"

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        heatmap = figures.BEST_TIME.read(criteria)
        heat_rows = [(label, [(cell, links.posts_url(criteria, weekday=cell.weekday, hour=cell.hour)
                                  if cell.posts else "") for cell in cells])
                     for label, cells in heatmap.rows]
        hour_links = [links.posts_url(criteria, hour=hour) for hour in range(24)]
        return {"heatmap": heatmap, "heat_rows": heat_rows, "hours": range(24),
                "hour_chart": charts.best_hour_chart(heatmap, hour_links)}
