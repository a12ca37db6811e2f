"""The unified dashboard on the admin index: KPIs, engagement over time, platform split, top lists, sync health."""

from __future__ import annotations

from typing import Any

from admin_dashboards import charts, links, tables
from admin_dashboards.cards import kpi_cards
from admin_dashboards.filters import Criteria
from analytics.selectors.comparison import platform_comparison
from analytics.selectors.hashtags import trending_hashtags
from analytics.selectors.kpis import dashboard_kpis
from analytics.selectors.posts import top_posts
from analytics.selectors.sync_runs import recent_sync_runs
from analytics.selectors.timelines import engagement_over_time


def platform_links(criteria: Criteria, rows) -> list[str]:
    """A click on a platform opens its dashboard with the same period and accounts."""
    return [links.dashboard_url("platform", criteria, row.key, platform=None) for row in rows]


def unified_context(criteria: Criteria) -> dict[str, Any]:
    """Everything the index shows, from the selectors (a fixed number of queries)."""
    filters = {"platform": criteria.platform, "accounts": criteria.accounts}
    comparison = platform_comparison(criteria.period, accounts=criteria.accounts)
    return {
        "kpis": (kpis := dashboard_kpis(criteria.period, **filters, against=criteria.comparison)),
        "kpi_cards": kpi_cards(kpis),
        "timeline_chart": charts.engagement_over_time_chart(
            points := engagement_over_time(criteria.period, **filters),
            [links.posts_url(criteria, day=point.day) for point in points]),
        "split_chart": charts.platform_split_chart(comparison, platform_links(criteria, comparison)),
        "platform_rows": comparison,
        "top_posts_table": tables.TopPostsTable(top_posts(criteria.period, **filters, limit=10)),
        "hashtags_table": tables.TrendingHashtagsTable(tags := trending_hashtags(criteria.period, limit=8), links={
            tag.name: links.posts_url(criteria, hashtag=tag.name) for tag in tags}),
        "sync_runs_table": tables.SyncRunsTable(recent_sync_runs(limit=8)),
    }
