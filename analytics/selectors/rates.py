"""Engagement rate: one definition shared by the KPI cards and the comparison tables.

Per post: the post's engagement / the followers of its own account on the day it was posted x 100
(AccountDailyStats.followers_count of that day, else the account's current followers).
For a set of posts: the mean of those per-post rates. It is a post-weighted mean of each account's own
rate, so it always lies between the lowest and highest per-account rate (summing the followers of every
account in scope, as before, made the all-accounts rate lower than every single account).
Computed from the daily roll-up only (one row per account and day), never from event tables.
"""

from __future__ import annotations

from django.db.models import F, FloatField, Q, Sum
from django.db.models.functions import Cast, Coalesce

DAY_FOLLOWERS = Coalesce(F("followers_count"), F("account__followers_count"))
_KNOWN = Q(followers_count__gt=0) | Q(followers_count__isnull=True, account__followers_count__gt=0)


def rate_sums(condition: Q | None = None) -> dict:
    """Aggregates `rate_sum` (sum of engagement / day followers) and `rated_posts` for `.aggregate()`."""
    where = _KNOWN & condition if condition is not None else _KNOWN
    return {
        "rate_sum": Coalesce(Sum(Cast("total_engagement", FloatField()) / DAY_FOLLOWERS, filter=where), 0.0),
        "rated_posts": Coalesce(Sum("posts_published", filter=where), 0),
    }


def engagement_rate(rate_sum: float, rated_posts: int) -> float | None:
    """The mean per-post rate in percent, rounded to 2 decimals; None when no post has known followers."""
    if not rated_posts:
        return None
    return round(rate_sum / rated_posts * 100, 2)
