"""KPI cards: the unified and platform dashboards' headline numbers with their deltas, ready for templates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from analytics.selectors import glossary
from analytics.selectors.kpis import DashboardKpis

# Titles and help texts come from the metrics glossary (analytics.selectors.glossary).
CARDS = [
    ("posts_published", None),
    ("total_engagement", None),
    ("likes", None),
    ("comments", None),
    ("shares", None),
    ("avg_engagement_per_post", None),
    ("engagement_rate", "%"),
]


def kpi_cards(kpis: DashboardKpis) -> list[dict]:
    return [
        {"key": key, "title": _(glossary.BY_KEY[key].name), "help": glossary.BY_KEY[key].help_text,
         "value": getattr(kpis.current, key), "suffix": suffix, "delta": kpis.delta(key)}
        for key, suffix in CARDS
    ]
