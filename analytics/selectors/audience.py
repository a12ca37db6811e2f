"""Top fans: the audience members who engaged most with the posts published in a period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count

from analytics.models import Actor, Comment, Like, Share
from analytics.selectors.periods import Period
from analytics.selectors.scope import posted_in, scoped


@dataclass(frozen=True, slots=True)
class Fan:
    actor_id: int
    handle: str
    display_name: str
    url: str
    likes: int
    shares: int
    comments: int

    @property
    def total(self) -> int:
        return self.likes + self.shares + self.comments


def top_fans(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
             limit: int = 10) -> list[Fan]:
    """Fans ranked by likes + shares + comments on the period's live posts (four queries).

    Events have no roll-up, so this reads the period's events grouped per actor in SQL; its cost grows
    with the engagement of the period shown, never with older history (filtered on the posts' index).
    """
    counts: dict[str, Counter] = {}
    for kind, model, extra in (("likes", Like, {"removed_at__isnull": True}),
                               ("shares", Share, {"removed_at__isnull": True}),
                               ("comments", Comment, {"deleted_at__isnull": True})):
        events = scoped(model.objects.filter(**extra), platform=platform, accounts=accounts,
                        platform_field="post__platform", account_field="post__account_id")
        events = events.filter(**posted_in(period, prefix="post__"))
        counts[kind] = Counter(dict(events.values_list("actor_id").annotate(n=Count("pk")).order_by()))
    totals = counts["likes"] + counts["shares"] + counts["comments"]
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
    actors = Actor.objects.in_bulk([actor_id for actor_id, _ in ranked])
    return [
        Fan(actor_id=actor_id, handle=actors[actor_id].handle, display_name=actors[actor_id].display_name,
            url=actors[actor_id].url, likes=counts["likes"][actor_id], shares=counts["shares"][actor_id],
            comments=counts["comments"][actor_id])
        for actor_id, _total in ranked if actor_id in actors
    ]
