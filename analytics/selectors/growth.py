"""Audience growth: followers per account per day from the daily roll-up's follower history.

The roll-up stores an account's followers on the day it runs (AccountDailyStats.followers_count), so the
history starts on the first day a roll-up ran after the account was connected; days without a value are
gaps, never zeros. Net change and growth compare the first and last known values inside the period.
Two queries whatever the number of accounts or days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Min, Q

from analytics.models import Account, AccountDailyStats
from analytics.selectors.periods import Period
from analytics.selectors.scope import scoped

# A growth percentage against fewer followers than this says "new" instead of "+4,900 %".
NEAR_EMPTY_BASE = 10


@dataclass(frozen=True, slots=True)
class AccountGrowth:
    account_id: int
    handle: str
    platform: str
    known_since: date | None
    series: list[int | None] = field(default_factory=list)  # one value per day of the period, None = unknown

    @property
    def first(self) -> int | None:
        return next((value for value in self.series if value is not None), None)

    @property
    def last(self) -> int | None:
        return next((value for value in reversed(self.series) if value is not None), None)

    @property
    def net_change(self) -> int | None:
        if self.first is None or self.last is None:
            return None
        return self.last - self.first

    @property
    def growth_percent(self) -> float | None:
        """Net change over the first known value, in percent; None when unknown or the base is near-empty."""
        if self.net_change is None or self.first < NEAR_EMPTY_BASE:
            return None
        return round(self.net_change / self.first * 100, 2)

    @property
    def is_new(self) -> bool:
        """True when the period starts from a near-empty audience: the change is shown as "new"."""
        return self.first is not None and self.first < NEAR_EMPTY_BASE and bool(self.net_change)


@dataclass(frozen=True, slots=True)
class AudienceGrowth:
    days: list[date]
    accounts: list[AccountGrowth]

    @property
    def known_since(self) -> date | None:
        known = [account.known_since for account in self.accounts if account.known_since]
        return min(known) if known else None

    @property
    def has_history(self) -> bool:
        return any(account.first is not None for account in self.accounts)


def audience_growth(period: Period, *, platform: str | None = None,
                    accounts: Sequence[int] | None = None) -> AudienceGrowth:
    scope = scoped(Account.objects, platform=platform, accounts=accounts, platform_field="platform",
                   account_field="pk")
    found = list(scope.annotate(known_since=Min("daily_stats__day",
                                                filter=Q(daily_stats__followers_count__isnull=False)))
                 .order_by("platform", "handle").values("pk", "handle", "platform", "known_since"))
    days = period.dates()
    index = {day: position for position, day in enumerate(days)}
    series = {row["pk"]: [None] * len(days) for row in found}
    stats = AccountDailyStats.objects.filter(account_id__in=list(series), day__gte=period.start,
                                             day__lte=period.end, followers_count__isnull=False)
    for account_id, day, followers in stats.values_list("account_id", "day", "followers_count"):
        series[account_id][index[day]] = followers
    return AudienceGrowth(days=days, accounts=[
        AccountGrowth(account_id=row["pk"], handle=row["handle"], platform=row["platform"],
                      known_since=row["known_since"], series=series[row["pk"]])
        for row in found
    ])
