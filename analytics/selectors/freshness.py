"""How fresh a dashboard's numbers are: the last roll-up and the oldest engagement refresh in scope.

Each is flagged stale when older than twice its schedule (ROLLUP_CRON, ENGAGEMENT_REFRESH_CRON), so a lead
sees at a glance whether "updated 12 min ago" is normal or a sign that a job stopped. One query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, DateTimeField, Max, Min, Q, Subquery
from django.utils import timezone

from analytics.models import Account, SyncKind, SyncRun, SyncStatus
from analytics.selectors.scope import scoped


@dataclass(frozen=True, slots=True)
class FreshnessItem:
    label: str
    at: datetime | None  # None: never happened
    interval: timedelta  # the job's schedule
    now: datetime

    @property
    def age_minutes(self) -> int | None:
        return None if self.at is None else max(0, int((self.now - self.at).total_seconds() // 60))

    @property
    def interval_minutes(self) -> int:
        return int(self.interval.total_seconds() // 60)

    @property
    def stale(self) -> bool:
        """Older than twice the schedule, or never run."""
        return self.at is None or self.now - self.at > 2 * self.interval


@dataclass(frozen=True, slots=True)
class DashboardFreshness:
    rollup: FreshnessItem
    refresh: FreshnessItem
    never_refreshed: int  # active accounts in scope never refreshed

    @property
    def items(self) -> tuple[FreshnessItem, FreshnessItem]:
        return (self.rollup, self.refresh)


def schedule_interval(cron: str, *, now: datetime | None = None) -> timedelta:
    """The gap between two runs of a CRON schedule (an hour for "7 * * * *")."""
    from croniter import croniter

    runs = croniter(cron, now or timezone.now())
    first = runs.get_next(datetime)
    return runs.get_next(datetime) - first


def dashboard_freshness(*, platform: str | None = None, accounts: Sequence[int] | None = None,
                        now: datetime | None = None) -> DashboardFreshness:
    """The last good roll-up and the oldest last refresh of the active accounts in scope (one query)."""
    now = now or timezone.now()
    last_rollup = (SyncRun.objects.filter(kind=SyncKind.ROLLUP, status=SyncStatus.OK, account__isnull=True,
                                          finished_at__isnull=False)
                   .order_by("-finished_at").values("finished_at")[:1])
    rows = scoped(Account.objects.filter(is_active=True), platform=platform, accounts=accounts,
                  platform_field="platform", account_field="pk")
    found = rows.aggregate(oldest=Min("last_refreshed_at"),
                           never=Count("pk", filter=Q(last_refreshed_at__isnull=True)),
                           rollup=Max(Subquery(last_rollup, output_field=DateTimeField())))
    jobs = settings.POSTFLOW
    return DashboardFreshness(
        rollup=FreshnessItem("Roll-up", found["rollup"], schedule_interval(jobs["ROLLUP_CRON"], now=now), now),
        refresh=FreshnessItem("Oldest engagement refresh in scope", None if found["never"] else found["oldest"],
                              schedule_interval(jobs["ENGAGEMENT_REFRESH_CRON"], now=now), now),
        never_refreshed=found["never"] or 0,
    )
