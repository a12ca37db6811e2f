"""Trending hashtags: the table of growth against the previous period and a chart of the leaders."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format

from admin_dashboards import charts, links, tables
from admin_dashboards.caching import per_rollup
from admin_dashboards.filters import Criteria, PlatformPeriodFilterSet
from admin_dashboards.views.base import DashboardView
from analytics.selectors.hashtags import hashtag_series, trending_hashtags

CHART_TAGS = 5


class HashtagsView(DashboardView):
    title = "Trending hashtags"
    template_name = "admin_dashboards/hashtags.html"
    filterset_class = PlatformPeriodFilterSet

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        def aggregates():
            trending = trending_hashtags(criteria.period, limit=25, platform=criteria.platform)
            return trending, hashtag_series(criteria.period, platform=criteria.platform,
                                            hashtag_ids=[tag.hashtag_id for tag in trending[:CHART_TAGS]])

        trending, series = per_rollup("hashtags", criteria, aggregates)
        labels = [date_format(day, "MONTH_DAY_FORMAT") for day in criteria.period.dates()]
        return {
            "hashtags_table": tables.TrendingHashtagsTable(trending, links={
                tag.name: links.posts_url(criteria, hashtag=tag.name) for tag in trending}),
            "hashtag_chart": charts.hashtag_chart(series, labels, {
                item.name: links.posts_day_urls(criteria, criteria.period.dates(), hashtag=item.name)
                for item in series}) if series else None,
        }
