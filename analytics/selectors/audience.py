"""Top fans: the audience members who engaged most with the posts published in a period, overall and per account.

The hourly fan-rankings job stores the rankings of the preset periods (FanRanking); any other selection is
ranked here from the event tables, with the same statement the job runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from analytics.models import Account, Actor, Comment, FanRanking, Like, Share
from analytics.selectors.periods import PRESET_DAYS, Period
from analytics.selectors.scope import posted_in, scoped

OVERALL = 25  # fans ranked across all accounts in scope (the page's and the stored rankings' size)
PER_ACCOUNT = 5  # fans ranked per account

# (kind, model, live filter, time field)
KINDS = (("likes", Like, {"removed_at__isnull": True}, "occurred_at"),
         ("shares", Share, {"removed_at__isnull": True}, "occurred_at"),
         ("comments", Comment, {"deleted_at__isnull": True}, "created_at"))


# Pairs (account, fan) summed over the kinds, then ranked overall and per account in the same statement (the
# pairs are computed once); KINDS_UNION is replaced by the per-kind grouped subqueries, PER_PLATFORM by
# _PER_PLATFORM_SQL or nothing. A pair carries its account's platform for that per-platform ranking.
_RANKING_SQL = """
WITH pairs AS (
    SELECT owner, platform, fan, CAST(SUM(likes) AS INTEGER) AS likes, CAST(SUM(shares) AS INTEGER) AS shares,
           CAST(SUM(comments) AS INTEGER) AS comments, MAX(last_at) AS last_at
    FROM (KINDS_UNION) AS kinds
    GROUP BY owner, platform, fan
), overall AS (
    SELECT fan, CAST(SUM(likes) AS INTEGER) AS likes, CAST(SUM(shares) AS INTEGER) AS shares,
           CAST(SUM(comments) AS INTEGER) AS comments, MAX(last_at) AS last_at
    FROM pairs GROUP BY fan ORDER BY SUM(likes + shares + comments) DESC, fan LIMIT %s
), ranked AS (
    SELECT owner, fan, likes, shares, comments, last_at,
           ROW_NUMBER() OVER (PARTITION BY owner ORDER BY likes + shares + comments DESC, fan) AS place
    FROM pairs
)
SELECT NULL, '', fan, likes, shares, comments, last_at FROM overall
UNION ALL
SELECT owner, '', fan, likes, shares, comments, last_at FROM ranked WHERE place <= %s
PER_PLATFORM
"""

# The overall ranking of each platform as well (the fan-rankings job stores one per platform scope). A window function
# rather than GROUPING SETS, which SQLite lacks; the across-all ranking keeps its cheaper ORDER BY ... LIMIT.
_PER_PLATFORM_SQL = """
UNION ALL
SELECT NULL, platform, fan, likes, shares, comments, last_at FROM (
    SELECT platform, fan, likes, shares, comments, last_at,
           ROW_NUMBER() OVER (PARTITION BY platform ORDER BY likes + shares + comments DESC, fan) AS place
    FROM (SELECT platform, fan, CAST(SUM(likes) AS INTEGER) AS likes, CAST(SUM(shares) AS INTEGER) AS shares,
                 CAST(SUM(comments) AS INTEGER) AS comments, MAX(last_at) AS last_at
          FROM pairs GROUP BY platform, fan) AS platform_fans
) AS by_platform WHERE place <= %s
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
    # When the fan-rankings job ranked them (FanRanking); None when they were ranked from the events for this call.
    ranked_at: datetime | None = None


def top_fans(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
             limit: int = 10) -> list[Fan]:
    """Fans ranked by likes + shares + comments on the period's live posts, across all accounts in scope."""
    return fan_rankings(period, platform=platform, accounts=accounts, limit=limit, per_account=0).overall


def fan_rankings(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
                 limit: int = OVERALL, per_account: int = PER_ACCOUNT) -> FanRankings:
    """The top `limit` fans across all accounts, and the top `per_account` of each account.

    The fan-rankings job's stored rankings when they answer exactly this selection (one or two queries, no
    event table); else the period's events ranked in one statement (three queries), as for a custom period,
    another zone, or chosen accounts: their overall ranking cannot be derived from their stored top 5s.
    """
    if not accounts and (stored := _stored_rankings(period, platform=platform, limit=limit,
                                                    per_account=per_account)):
        return stored
    return _rankings_from_events(period, platform=platform, accounts=accounts, limit=limit,
                                 per_account=per_account)


def _stored_rankings(period: Period, *, platform: str | None, limit: int, per_account: int) -> FanRankings | None:
    """FanRanking rows, if the fan-rankings job ranked this preset period today in the current zone; else None."""
    if (period.days not in PRESET_DAYS or period.end != timezone.localdate() or limit > OVERALL
            or per_account > PER_ACCOUNT):
        return None
    window = FanRanking.objects.filter(window_days=period.days, period_end=period.end,
                                       time_zone=timezone.get_current_timezone_name())
    wanted = Q(account__isnull=True, platform=platform or "", place__lte=limit)
    if per_account:
        wanted |= Q(account__isnull=False, place__lte=per_account,
                    **({"account__platform": platform} if platform else {}))
    # Values, not instances: an Account instance decrypts its token, 2,500 times for 500 accounts' top 5s.
    rows = list(window.filter(wanted).order_by("place").values(
        "account_id", "account__handle", "account__platform", "actor_id", "actor__handle", "actor__display_name",
        "actor__url", "likes", "shares", "comments", "last_engaged_at", "computed_at"))
    # No row in scope may still be a ranked window (nobody engaged on that platform): one look tells.
    ranked_at = rows[0]["computed_at"] if rows else window.values_list("computed_at", flat=True).first()
    if ranked_at is None:
        return None
    overall: list[Fan] = []
    per_account_fans: dict[tuple[int, str, str], list[Fan]] = defaultdict(list)
    for row in rows:
        fan = Fan(actor_id=row["actor_id"], handle=row["actor__handle"], display_name=row["actor__display_name"],
                  url=row["actor__url"], likes=row["likes"], shares=row["shares"], comments=row["comments"],
                  last_engaged_at=row["last_engaged_at"])
        owner = (row["account_id"], row["account__handle"], row["account__platform"])
        (overall if row["account_id"] is None else per_account_fans[owner]).append(fan)
    sections = [AccountFans(account_id=account_id, handle=handle, platform=platform, fans=fans)
                for (account_id, handle, platform), fans in sorted(per_account_fans.items(),
                                                                   key=lambda item: item[0][1])]
    return FanRankings(overall=overall, per_account=sections, ranked_at=ranked_at)


def _rankings_from_events(period: Period, *, platform: str | None, accounts: Sequence[int] | None, limit: int,
                          per_account: int) -> FanRankings:
    """One statement groups the period's events per (account, fan), filtered on the posts' publish-time index,
    and ranks them in the database, so only the ranked rows reach Python (three queries). There is no
    (account, fan, day) roll-up: it would be nearly as large as the events. A fan's last engagement is the
    newest like, share or comment time held (estimated times included)."""
    rows = ranked_pairs(period, platform=platform, accounts=accounts, limit=limit, per_account=per_account)
    actors = Actor.objects.in_bulk(list({row[2] for row in rows}))
    overall: list[Fan] = []
    per_account_fans: dict[int, list[Fan]] = defaultdict(list)
    for owner, _scope, actor_id, likes, shares, comments, last_at in rows:
        actor = actors.get(actor_id)
        if actor is None:
            continue
        fan = Fan(actor_id=actor_id, handle=actor.handle, display_name=actor.display_name, url=actor.url,
                  likes=likes, shares=shares, comments=comments, last_engaged_at=last_at)
        (overall if owner is None else per_account_fans[owner]).append(fan)
    owners = Account.objects.in_bulk(list(per_account_fans))
    sections = [
        AccountFans(account_id=account_id, handle=owners[account_id].handle, platform=owners[account_id].platform,
                    fans=_ranked(fans))
        for account_id, fans in sorted(per_account_fans.items(), key=lambda item: owners[item[0]].handle)
        if account_id in owners
    ]
    return FanRankings(overall=_ranked(overall), per_account=sections)


def ranked_pairs(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
                 limit: int, per_account: int, per_platform: bool = False) -> list[tuple]:
    """(account or None for an overall ranking, its platform scope ("" for all), actor, likes, shares,
    comments, last time) rows, unordered: the top `limit` overall (and of each platform when `per_platform`)
    and the top `per_account` of each account, ties broken by the actor's id."""
    parts, params = [], []
    for index, (kind, model, live, time_field) in enumerate(KINDS):
        events = scoped(model.objects.filter(**live), platform=platform, accounts=accounts,
                        platform_field="post__platform", account_field="post__account_id")
        grouped = (events.filter(**posted_in(period, prefix="post__"))
                   .annotate(owner=F("post__account_id"), platform=F("post__platform"), fan=F("actor_id"))
                   .values("owner", "platform", "fan")
                   .annotate(n=Count("pk"), last_at=Max(time_field)).order_by())
        sql, kind_params = grouped.query.sql_with_params()
        counts = ", ".join(f"{'CAST(n AS INTEGER)' if position == index else '0'} AS {name}"
                           for position, (name, *_rest) in enumerate(KINDS))
        # Django compiled `sql` with its own placeholders; only constant names are added here.
        parts.append(f"SELECT owner, platform, fan, {counts}, last_at FROM ({sql}) AS {kind}")  # noqa: S608
        params.extend(kind_params)
    statement = (_RANKING_SQL.replace("PER_PLATFORM", _PER_PLATFORM_SQL if per_platform else "")
                 .replace("KINDS_UNION", " UNION ALL ".join(parts)))
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit, per_account, *([limit] if per_platform else [])])
        return [(*row[:-1], _aware(row[-1])) for row in cursor.fetchall()]


def _ranked(fans: list[Fan]) -> list[Fan]:
    return sorted(fans, key=lambda fan: (-fan.total, fan.actor_id))


def _aware(value) -> datetime | None:
    """Raw rows skip Django's converters: SQLite returns text, and naive times are UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value
