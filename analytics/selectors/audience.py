"""Top fans: the audience members who engaged most with the posts published in a period, overall and per account."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max

from analytics.models import Account, Actor, Comment, Like, Share
from analytics.selectors.periods import Period
from analytics.selectors.scope import posted_in, scoped

# (kind, model, live filter, time field)
KINDS = (("likes", Like, {"removed_at__isnull": True}, "occurred_at"),
         ("shares", Share, {"removed_at__isnull": True}, "occurred_at"),
         ("comments", Comment, {"deleted_at__isnull": True}, "created_at"))


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
    """The top `limit` fans across all accounts, and the top `per_account` of each account (five queries).

    Events have no roll-up: this groups the period's events per (account, actor) in SQL, filtered on the
    posts' publish-time index, so its cost grows with the engagement of the period shown, not with history.
    A fan's last engagement is the newest like, share or comment time held (estimated times included).
    """
    counts: dict[str, Counter] = {kind: Counter() for kind, *_ in KINDS}
    last_at: dict[tuple[int, int], datetime] = {}
    for kind, model, live, time_field in KINDS:
        events = scoped(model.objects.filter(**live), platform=platform, accounts=accounts,
                        platform_field="post__platform", account_field="post__account_id")
        events = events.filter(**posted_in(period, prefix="post__"))
        grouped = events.values_list("post__account_id", "actor_id").annotate(n=Count("pk"), last=Max(time_field))
        for account_id, actor_id, n, last in grouped.order_by():
            counts[kind][(account_id, actor_id)] = n
            if last_at.get((account_id, actor_id)) is None or last > last_at[(account_id, actor_id)]:
                last_at[(account_id, actor_id)] = last
    pair_totals = counts["likes"] + counts["shares"] + counts["comments"]
    overall_keys = _rank(_by_actor(pair_totals), limit)
    per_account_keys: dict[int, list[int]] = {}
    if per_account:
        by_account: dict[int, Counter] = defaultdict(Counter)
        for (account_id, actor_id), total in pair_totals.items():
            by_account[account_id][actor_id] = total
        per_account_keys = {account_id: _rank(totals, per_account) for account_id, totals in by_account.items()}
    wanted = set(overall_keys) | {actor_id for ids in per_account_keys.values() for actor_id in ids}
    actors = Actor.objects.in_bulk(list(wanted))

    def fan(actor_id: int, account_ids: Sequence[int]) -> Fan:
        actor = actors[actor_id]
        times = [last_at[(a, actor_id)] for a in account_ids if (a, actor_id) in last_at]
        return Fan(actor_id=actor_id, handle=actor.handle, display_name=actor.display_name, url=actor.url,
                   **{kind: sum(counts[kind][(a, actor_id)] for a in account_ids) for kind, *_ in KINDS},
                   last_engaged_at=max(times) if times else None)

    all_accounts = sorted({account_id for account_id, _actor in pair_totals})
    overall = [fan(actor_id, all_accounts) for actor_id in overall_keys if actor_id in actors]
    owners = Account.objects.in_bulk(list(per_account_keys))
    sections = [
        AccountFans(account_id=account_id, handle=owners[account_id].handle, platform=owners[account_id].platform,
                    fans=[fan(actor_id, [account_id]) for actor_id in ids if actor_id in actors])
        for account_id, ids in sorted(per_account_keys.items(), key=lambda item: owners[item[0]].handle)
        if account_id in owners
    ]
    return FanRankings(overall=overall, per_account=sections)


def _by_actor(pair_totals: Counter) -> Counter:
    totals: Counter = Counter()
    for (_account_id, actor_id), total in pair_totals.items():
        totals[actor_id] += total
    return totals


def _rank(totals: Counter, limit: int) -> list[int]:
    return [actor_id for actor_id, _n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]]
