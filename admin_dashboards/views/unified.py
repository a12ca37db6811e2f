"""The unified dashboard on the admin index: KPIs, engagement over time, platform split, top lists, sync health."""

from __future__ import annotations

from typing import Any

from admin_dashboards import charts, tables
from admin_dashboards.cards import kpi_cards
from admin_dashboards.filters import Criteria
from analytics.selectors.comparison import platform_comparison
from analytics.selectors.hashtags import trending_hashtags
from analytics.selectors.kpis import dashboard_kpis
from analytics.selectors.posts import ranked_top_posts
from analytics.selectors.sync_runs import recent_sync_runs
from analytics.selectors.timelines import engagement_over_time


def unified_context(criteria: Criteria) -> dict[str, Any]:
    """Everything the index shows, from the selectors (a fixed number of queries)."""
    filters = {"platform": criteria.platform, "accounts": criteria.accounts}
    comparison = platform_comparison(criteria.period, accounts=criteria.accounts)
    return {
        "kpis": (kpis := dashboard_kpis(criteria.period, **filters)),
        "kpi_cards": kpi_cards(kpis),
        "timeline_chart": charts.engagement_over_time_chart(engagement_over_time(criteria.period, **filters)),
        "split_chart": charts.platform_split_chart(comparison),
        "platform_rows": comparison,
        "top_posts_table": tables.TopPostsTable(ranked_top_posts(criteria.period, **filters, limit=10)),
        "hashtags_table": tables.TrendingHashtagsTable(trending_hashtags(criteria.period, limit=8)),
        "sync_runs_table": tables.SyncRunsTable(recent_sync_runs(limit=8)),
    }
