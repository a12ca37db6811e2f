"""The world's future: a seeded stream of likes, boosts and comments, an hour at a time after the start.

Hours are materialised in order the first time the clock reaches them, so the events of an hour depend
only on the seed and on what happened before. Development tool only.
"""

from __future__ import annotations

import math
import random

from platforms.sandbox.engagement import Engagement, thread_of
from platforms.sandbox.model import Status

HOUR = 3600.0
DAY = 86400.0


class ActivityStream:
    def __init__(self, engagement: Engagement, *, seed: int, start: float, per_minute: float) -> None:
        self.engagement = engagement
        self.seed = seed
        self.start = start
        self.per_hour = max(0.0, per_minute) * 60
        self._next_hour = 0

    def catch_up(self, now: float) -> None:
        """Materialise every hour that has begun; events later in the hour stay hidden until due."""
        last_hour = math.floor((now - self.start) / HOUR)
        while self._next_hour <= last_hour:
            self._materialise(self._next_hour)
            self._next_hour += 1

    def _materialise(self, hour: int) -> None:
        instance = self.engagement.instance
        rng = random.Random(f"{self.seed}:{instance.platform}:hour:{hour}")
        count = self._event_count(rng)
        begin = self.start + hour * HOUR
        posts = self._candidates(begin)
        if not posts or count == 0:
            return
        weights = [1 / (1 + (begin - post.created_at) / DAY) ** 2 for post in posts]
        for at in sorted(begin + rng.random() * HOUR for _ in range(count)):
            post = rng.choices(posts, weights=weights)[0]
            self._one_event(rng, post, at)

    def _event_count(self, rng: random.Random) -> int:
        if self.per_hour <= 0:
            return 0
        return max(0, round(rng.gauss(self.per_hour, math.sqrt(self.per_hour))))

    def _candidates(self, begin: float) -> list[Status]:
        """Posts of the connected accounts (not the bulk one), recent ones weighted up by the caller."""
        return [
            status
            for account in self.engagement.instance.accounts if not account.bulk
            for status in account.statuses
            if status.reblog_of is None and not status.deleted and status.created_at <= begin
        ]

    def _one_event(self, rng: random.Random, post: Status, at: float) -> None:
        audience = self.engagement.instance.actors
        roll = rng.random()
        if roll < 0.2:
            thread = [reply for reply in thread_of(post) if reply.created_at < at]
            parent = rng.choice(thread) if thread and rng.random() < 0.3 else post
            self.engagement.comment(parent, rng.choice(audience), at, rng)
            return
        boost = roll < 0.35
        for _ in range(3):  # a few tries to find someone who has not liked / boosted it yet
            actor = rng.choice(audience)
            added = self.engagement.boost(post, actor, at) if boost else self.engagement.like(post, actor, at)
            if added is not None:
                return
