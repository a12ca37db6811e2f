"""Top fans: the audience members who engaged most with the posts published in a period, overall and per account."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from analytics.models import Account, Actor, Comment, Like, Share
from analytics.selectors.periods import Period
from analytics.selectors.scope import posted_in, scoped

# (kind, model, live filter, time field)
KINDS = (("likes", Like, {"removed_at__isnull": True}, "occurred_at"),
         ("shares", Share, {"removed_at__isnull": True}, "occurred_at"),
         ("comments", Comment, {"deleted_at__isnull": True}, "created_at"))


# Pairs (account, fan) summed over the kinds, then ranked overall and per account in the same statement (the
# pairs are computed once); KINDS_UNION is replaced by the per-kind grouped subqueries.
_RANKING_SQL = """
WITH pairs AS (
    SELECT owner, fan, CAST(SUM(likes) AS INTEGER) AS likes, CAST(SUM(shares) AS INTEGER) AS shares,
           CAST(SUM(comments) AS INTEGER) AS comments, MAX(last_at) AS last_at
    FROM (KINDS_UNION) AS kinds
    GROUP BY owner, fan
), overall AS (
    SELECT fan, CAST(SUM(likes) AS INTEGER) AS likes, CAST(SUM(shares) AS INTEGER) AS shares,
           CAST(SUM(comments) AS INTEGER) AS comments, MAX(last_at) AS last_at
    FROM pairs GROUP BY fan ORDER BY SUM(likes + shares + comments) DESC, fan LIMIT %s
), ranked AS (
    SELECT owner, fan, likes, shares, comments, last_at,
           ROW_NUMBER() OVER (PARTITION BY owner ORDER BY likes + shares + comments DESC, fan) AS place
    FROM pairs
)
SELECT NULL, fan, likes, shares, comments, last_at FROM overall
UNION ALL
SELECT owner, fan, likes, shares, comments, last_at FROM ranked WHERE place <= %s
"""


@dataclass(frozen=True, slots=True)
class Fan:
    actor_id: int
    handle: str
    display_name: str
    url: str
    likes: int
    shares: int
    comments: int
    last_engaged_at: datetime | None = None

    @property
    def total(self) -> int:
        return self.likes + self.shares + self.comments


@dataclass(frozen=True, slots=True)
class AccountFans:
    account_id: int
    handle: str
    platform: str
    fans: list[Fan]


@dataclass(frozen=True, slots=True)
class FanRankings:
    overall: list[Fan]
    per_account: list[AccountFans]


def top_fans(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
             limit: int = 10) -> list[Fan]:
    """Fans ranked by likes + shares + comments on the period's live posts, across all accounts in scope."""
    return fan_rankings(period, platform=platform, accounts=accounts, limit=limit, per_account=0).overall


def fan_rankings(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
                 limit: int = 25, per_account: int = 5) -> FanRankings:
    """The top `limit` fans across all accounts, and the top `per_account` of each account (three queries).

    Events have no roll-up (one row per account, fan and day would be nearly as large as the events): one
    statement groups the period's events per (account, fan), filtered on the posts' publish-time index, and
    ranks them in the database, so only the ranked rows reach Python. A fan's last engagement is the newest
    like, share or comment time held (estimated times included).
    """
    rows = _ranked_pairs(period, platform=platform, accounts=accounts, limit=limit, per_account=per_account)
    actors = Actor.objects.in_bulk(list({row[1] for row in rows}))
    overall: list[Fan] = []
    per_account_fans: dict[int, list[Fan]] = defaultdict(list)
    for owner, actor_id, likes, shares, comments, last_at in rows:
        actor = actors.get(actor_id)
        if actor is None:
            continue
        fan = Fan(actor_id=actor_id, handle=actor.handle, display_name=actor.display_name, url=actor.url,
                  likes=likes, shares=shares, comments=comments, last_engaged_at=_aware(last_at))
        (overall if owner is None else per_account_fans[owner]).append(fan)
    owners = Account.objects.in_bulk(list(per_account_fans))
    sections = [
        AccountFans(account_id=account_id, handle=owners[account_id].handle, platform=owners[account_id].platform,
                    fans=_ranked(fans))
        for account_id, fans in sorted(per_account_fans.items(), key=lambda item: owners[item[0]].handle)
        if account_id in owners
    ]
    return FanRankings(overall=_ranked(overall), per_account=sections)


def _ranked_pairs(period: Period, *, platform: str | None, accounts: Sequence[int] | None, limit: int,
                  per_account: int) -> list[tuple]:
    """(account or None for the overall ranking, actor, likes, shares, comments, last time) rows, best first."""
    parts, params = [], []
    for index, (kind, model, live, time_field) in enumerate(KINDS):
        events = scoped(model.objects.filter(**live), platform=platform, accounts=accounts,
                        platform_field="post__platform", account_field="post__account_id")
        grouped = (events.filter(**posted_in(period, prefix="post__"))
                   .annotate(owner=F("post__account_id"), fan=F("actor_id")).values("owner", "fan")
                   .annotate(n=Count("pk"), last_at=Max(time_field)).order_by())
        sql, kind_params = grouped.query.sql_with_params()
        counts = ", ".join(f"{'CAST(n AS INTEGER)' if position == index else '0'} AS {name}"
                           for position, (name, *_rest) in enumerate(KINDS))
        # Django compiled `sql` with its own placeholders; only constant names are added here.
        parts.append(f"SELECT owner, fan, {counts}, last_at FROM ({sql}) AS {kind}")  # noqa: S608
        params.extend(kind_params)
    statement = _RANKING_SQL.replace("KINDS_UNION", " UNION ALL ".join(parts))
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit, per_account])
        return cursor.fetchall()


def _ranked(fans: list[Fan]) -> list[Fan]:
    return sorted(fans, key=lambda fan: (-fan.total, fan.actor_id))


def _aware(value) -> datetime | None:
    """Raw rows skip Django's converters: SQLite returns text, and naive times are UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value
