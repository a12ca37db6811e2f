"""Hand-built engagement with known top fans, shared by the fan-ranking builder and selector tests.

Two Mastodon accounts and one Instagram account. Over the last 7 days: ann 4 (mastodon 3, instagram 1), cat 4
(instagram), bob 3 (mastodon 1, instagram 2); dan's only counted like is 20 days old (30 and 90 days only);
eve engaged with a post 100 days old (no window). A removed like and a deleted comment count for nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from analytics.models import Account, Actor
from tests import factories


@dataclass
class FanWorld:
    fed_a: Account
    fed_b: Account
    gram: Account
    fans: dict[str, Actor]


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def build_fan_world(today: date) -> FanWorld:
    mastodon = factories.InstanceFactory(base_url="https://mastodon.example", platform="mastodon")
    instagram = factories.InstanceFactory(base_url="https://graph.instagram.com", platform="instagram")
    fed_a = factories.AccountFactory(instance=mastodon, handle="fed_a")
    fed_b = factories.AccountFactory(instance=mastodon, handle="fed_b")
    gram = factories.AccountFactory(instance=instagram, handle="gram")
    fans = {name: factories.ActorFactory(handle=name, instance=mastodon)  # created in order: ids ascend
            for name in ("ann", "bob", "cat", "dan", "eve")}
    ann, bob, cat, dan, eve = fans.values()
    yesterday = today - timedelta(days=1)
    p1 = factories.PostFactory(account=fed_a, posted_at=at(yesterday, 9))
    p2 = factories.PostFactory(account=fed_b, posted_at=at(yesterday, 10))
    p3 = factories.PostFactory(account=gram, posted_at=at(today - timedelta(days=3)))
    old = factories.PostFactory(account=gram, posted_at=at(today - timedelta(days=20)))
    ancient = factories.PostFactory(account=fed_a, posted_at=at(today - timedelta(days=100)))

    factories.LikeFactory(post=p1, actor=ann, occurred_at=at(yesterday, 10))
    factories.ShareFactory(post=p1, actor=ann, occurred_at=at(yesterday, 11))
    factories.CommentFactory(post=p1, actor=ann, created_at=at(yesterday, 12))
    factories.LikeFactory(post=p3, actor=ann, occurred_at=at(today - timedelta(days=3), 13))
    factories.LikeFactory(post=p2, actor=bob, occurred_at=at(yesterday, 11))
    factories.LikeFactory(post=p3, actor=bob, occurred_at=at(today - timedelta(days=3), 14))
    factories.CommentFactory(post=p3, actor=bob, created_at=at(today - timedelta(days=2), 8))
    factories.LikeFactory(post=p3, actor=cat, occurred_at=at(today - timedelta(days=3), 15))
    factories.ShareFactory(post=p3, actor=cat, occurred_at=at(today - timedelta(days=3), 16))
    factories.CommentFactory(post=p3, actor=cat, created_at=at(today - timedelta(days=3), 17))
    factories.CommentFactory(post=p3, actor=cat, created_at=at(today - timedelta(days=3), 18))
    factories.LikeFactory(post=p1, actor=dan, removed_at=at(yesterday, 20))  # undone: not counted
    factories.CommentFactory(post=p2, actor=dan, deleted_at=at(yesterday, 21))  # deleted: not counted
    factories.LikeFactory(post=old, actor=dan, occurred_at=at(today - timedelta(days=20), 13))
    factories.LikeFactory(post=ancient, actor=eve)
    return FanWorld(fed_a=fed_a, fed_b=fed_b, gram=gram, fans=fans)
