"""The unified dashboard on the admin index: KPIs, engagement over time, platform split, top lists, sync health."""

from __future__ import annotations

from typing import Any

from admin_dashboards import charts, links, tables
from admin_dashboards.caching import per_rollup
from admin_dashboards.cards import kpi_cards
from admin_dashboards.filters import Criteria
from analytics.selectors.comparison import platform_comparison
from analytics.selectors.hashtags import trending_hashtags
from analytics.selectors.kpis import dashboard_kpis
from analytics.selectors.posts import ranked_top_posts
from analytics.selectors.sync_runs import recent_sync_runs
from analytics.selectors.timelines import engagement_over_time


def platform_links(criteria: Criteria, rows) -> list[str]:
    """A click on a platform opens its dashboard with the same period and accounts."""
    return [links.dashboard_url("platform", criteria, row.key, platform=None) for row in rows]


def unified_context(criteria: Criteria) -> dict[str, Any]:
    """Everything the index shows: roll-up aggregates once per filter set and roll-up (caching.py), sync
    runs live (a fixed number of queries; one for the roll-up version on a cache hit)."""
    data = per_rollup("unified", criteria, lambda: unified_aggregates(criteria))
    return {
        "kpis": data["kpis"],
        "kpi_cards": kpi_cards(data["kpis"]),
        "timeline_chart": charts.engagement_over_time_chart(
            data["timeline"], links.posts_day_urls(criteria, [point.day for point in data["timeline"]])),
        "split_chart": charts.platform_split_chart(data["comparison"], platform_links(criteria, data["comparison"])),
        "platform_rows": data["comparison"],
        "top_posts_table": tables.TopPostsTable(data["top_posts"]),
        "hashtags_table": tables.TrendingHashtagsTable(data["hashtags"], links={
            tag.name: links.posts_url(criteria, hashtag=tag.name) for tag in data["hashtags"]}),
        "sync_runs_table": tables.SyncRunsTable(recent_sync_runs(limit=8)),
    }


def unified_aggregates(criteria: Criteria) -> dict[str, Any]:
    """The index's figures from the roll-up tables (plain data, so the cache can keep it)."""
    filters = {"platform": criteria.platform, "accounts": criteria.accounts}
    return {
        "kpis": dashboard_kpis(criteria.period, **filters, against=criteria.comparison),
        "timeline": engagement_over_time(criteria.period, **filters),
        "comparison": platform_comparison(criteria.period, accounts=criteria.accounts),
        "top_posts": ranked_top_posts(criteria.period, **filters, limit=10),
        "hashtags": trending_hashtags(criteria.period, limit=8, platform=criteria.platform),
    }
