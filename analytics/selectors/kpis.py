"""Headline numbers for a period (posts, engagement, rates) with deltas against the period before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from analytics.models import Account, AccountDailyStats
from analytics.selectors.periods import Period, percent_change
from analytics.selectors.rates import engagement_rate, rate_sums
from analytics.selectors.scope import scoped

# A KPI growing by more than this many percent grew from a near-empty base: it reads "new" (percent_change).
NEW_ABOVE_PERCENT = 1000
PREVIOUS = "previous"

COUNTS = ("posts_published", "likes", "comments", "shares", "total_engagement")


@dataclass(frozen=True, slots=True)
class Kpis:
    posts_published: int
    likes: int
    comments: int
    shares: int
    total_engagement: int
    followers: int | None
    rate_sum: float = 0.0  # sum over posts of engagement / their own account's followers (see rates.py)
    rated_posts: int = 0

    @property
    def avg_engagement_per_post(self) -> float | None:
        if not self.posts_published:
            return None
        return round(self.total_engagement / self.posts_published, 1)

    @property
    def engagement_rate(self) -> float | None:
        """Mean per-post rate (engagement / own account's followers that day x 100); see rates.py."""
        return engagement_rate(self.rate_sum, self.rated_posts)


@dataclass(frozen=True, slots=True)
class DashboardKpis:
    period: Period
    current: Kpis
    previous: Kpis
    accounts_connected: int
    against: Period | None = None  # the period deltas compare with; None: "Compare to: nothing"

    def delta(self, name: str) -> float | None:
        """Percent change of one KPI against the comparison period (None: nothing to compare; NEW: new)."""
        if self.against is None:
            return None
        return percent_change(getattr(self.current, name), getattr(self.previous, name),
                              new_above=NEW_ABOVE_PERCENT)

    @property
    def deltas(self) -> dict[str, float | None]:
        names = (*COUNTS, "avg_engagement_per_post", "engagement_rate")
        return {name: self.delta(name) for name in names}


def dashboard_kpis(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
                   against: Period | str | None = PREVIOUS) -> DashboardKpis:
    """KPIs from AccountDailyStats (two queries: the roll-up, then followers of the accounts in scope).

    Engagement is attributed to the day a post was published, so "engagement in the period" is the
    engagement of the posts published in it. The rate is the mean per-post rate (analytics.selectors.rates).
    """
    if against == PREVIOUS:
        against = period.previous()
    previous = against or period  # nothing to compare with: the "previous" sums are never shown
    in_current = Q(day__gte=period.start, day__lte=period.end)
    in_previous = Q(day__gte=previous.start, day__lte=previous.end)
    rows = scoped(AccountDailyStats.objects, platform=platform, accounts=accounts).filter(in_current | in_previous)
    sums = {}
    for name in COUNTS:
        sums[f"cur_{name}"] = Coalesce(Sum(name, filter=in_current), 0)
        sums[f"prev_{name}"] = Coalesce(Sum(name, filter=in_previous), 0)
    for prefix, condition in (("cur", in_current), ("prev", in_previous)):
        for name, expression in rate_sums(condition).items():
            sums[f"{prefix}_{name}"] = expression
    totals = rows.aggregate(**sums)
    audience = scoped(Account.objects, platform=platform, accounts=accounts, platform_field="platform",
                      account_field="pk").aggregate(followers=Sum("followers_count"), connected=Count("pk"))
    followers = audience["followers"]
    return DashboardKpis(
        period=period,
        current=Kpis(**{name: totals[f"cur_{name}"] for name in COUNTS}, followers=followers,
                     rate_sum=totals["cur_rate_sum"], rated_posts=totals["cur_rated_posts"]),
        previous=Kpis(**{name: totals[f"prev_{name}"] for name in COUNTS}, followers=followers,
                      rate_sum=totals["prev_rate_sum"], rated_posts=totals["prev_rated_posts"]),
        accounts_connected=audience["connected"],
        against=against,
    )
