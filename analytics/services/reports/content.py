"""A report's numbers, from the dashboard selectors, in the report's time zone and scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from analytics.models import Account, Report
from analytics.selectors import glossary
from analytics.selectors.kpis import DashboardKpis, dashboard_kpis
from analytics.selectors.periods import Period
from analytics.selectors.posts import TopPost, top_posts
from analytics.selectors.timelines import DailyPoint, engagement_over_time

# The report's metrics, defined once in the glossary (as on the dashboards' cards and the Metrics page).
REPORT_METRICS = ("posts_published", "likes", "comments", "shares", "total_engagement", "followers")
METRIC_DEFINITIONS = [(glossary.BY_KEY[key].name, glossary.BY_KEY[key].formula) for key in REPORT_METRICS] + [
    ("Change", "against the period of the same length just before"),
]


@dataclass(frozen=True)
class ReportContent:
    report: Report
    period: Period
    kpis: DashboardKpis
    top: list[TopPost]
    generated_at: datetime
    data_fresh_at: datetime | None
    scope: str
    timeline: list[DailyPoint] = field(default_factory=list)  # the dashboard's "Engagement over time"

    @property
    def definitions(self):
        return METRIC_DEFINITIONS


def build_content(report: Report, period: Period, *, now: datetime | None = None) -> ReportContent:
    """Run inside `timezone.override(report.time_zone)` so the period's days are the report's days."""
    account_ids = list(report.accounts.values_list("pk", flat=True)) or None
    platform = report.platform or None
    with timezone.override(report.time_zone):
        kpis = dashboard_kpis(period, platform=platform, accounts=account_ids)
        top = top_posts(period, platform=platform, accounts=account_ids, limit=10)
        timeline = engagement_over_time(period, platform=platform, accounts=account_ids)
    in_scope = Account.objects.all()
    if account_ids:
        in_scope = in_scope.filter(pk__in=account_ids)
    if platform:
        in_scope = in_scope.filter(platform=platform)
    fresh = in_scope.aggregate(at=Max("last_refreshed_at"))["at"]
    handles = ", ".join(in_scope.values_list("handle", flat=True)[:20]) if account_ids else "all accounts"
    scope = f"{handles}; platform: {platform or 'all'}"
    return ReportContent(report=report, period=period, kpis=kpis, top=top,
                         generated_at=now or timezone.now(), data_fresh_at=fresh, scope=scope,
                         timeline=timeline)
