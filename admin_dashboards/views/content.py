"""Content comparison: engagement per post and rate by media type, caption length, hashtags and posting hour."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from admin_dashboards import figures, lead_charts, lead_tables, links
from admin_dashboards.filters import Criteria
from admin_dashboards.views.base import DashboardView


class ContentView(DashboardView):
    title = "Content comparison"
    template_name = "admin_dashboards/content.html"

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        content = figures.CONTENT.read(criteria)
        media_links = {group.key: links.posts_url(criteria, media_type=group.key) for group in content.media_types}
        hour_links = {group.key: links.posts_url(criteria, hour=int(group.key)) for group in content.hours}
        sections = [
            ("media", _("Media type"), content.media_types, media_links),
            ("caption", _("Caption length"), content.caption_lengths, {}),
            ("hashtags", _("Number of hashtags"), content.hashtag_counts, {}),
            ("hour", _("Posting hour"), content.hours, hour_links),
        ]
        return {
            "content": content,
            "sections": [
                {"key": key, "title": title, "table": lead_tables.ContentTable(groups, links=group_links),
                 "chart": lead_charts.content_chart(groups, group_links) if groups else None}
                for key, title, groups, group_links in sections
            ],
        }
