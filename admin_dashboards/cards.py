"""KPI cards: the unified and platform dashboards' headline numbers with their deltas, ready for templates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from analytics.selectors.kpis import DashboardKpis

CARDS = [
    ("posts_published", _("Posts published"), None),
    ("total_engagement", _("Total engagement"), None),
    ("likes", _("Likes"), None),
    ("comments", _("Comments"), None),
    ("shares", _("Shares"), None),
    ("avg_engagement_per_post", _("Engagement per post"), None),
    ("engagement_rate", _("Engagement rate"), "%"),
]


def kpi_cards(kpis: DashboardKpis) -> list[dict]:
    return [
        {"key": key, "title": title, "value": getattr(kpis.current, key), "suffix": suffix,
         "delta": kpis.delta(key)}
        for key, title, suffix in CARDS
    ]
