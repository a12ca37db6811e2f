"""The cached figures of the pages computed from posts and events, as named builders.

The views read them through `Figure.read`; the warm-up job after each roll-up (warming.py) computes the
same builders for the usual selections through `Figure.warm`. Both go through one page name, builder and
cache lifetime, so what the job stores is exactly what a request would have computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from admin_dashboards import caching
from admin_dashboards.filters import Criteria
from analytics.selectors.audience import OVERALL, PER_ACCOUNT, fan_rankings
from analytics.selectors.best_time import best_time_to_post
from analytics.selectors.content import content_comparison
from analytics.selectors.decay import post_decay


@dataclass(frozen=True, slots=True)
class Figure:
    page: str
    build: Callable[[Criteria], Any]

    def read(self, criteria: Criteria) -> Any:
        return caching.per_rollup(self.page, criteria, lambda: self.build(criteria), from_events=True)

    def warm(self, criteria: Criteria) -> bool:
        return caching.warm(self.page, criteria, lambda: self.build(criteria), from_events=True)


def _scope(criteria: Criteria) -> dict[str, Any]:
    return {"platform": criteria.platform, "accounts": criteria.accounts}


CONTENT = Figure("content", lambda criteria: content_comparison(criteria.period, **_scope(criteria)))
DECAY = Figure("decay", lambda criteria: post_decay(criteria.period, **_scope(criteria)))
BEST_TIME = Figure("best_time", lambda criteria: best_time_to_post(criteria.period, **_scope(criteria)))
# A selection the fan-rankings job did not rank (custom period, chosen accounts, before the day's first
# ranking) is ranked from the events.
FANS = Figure("fans", lambda criteria: fan_rankings(criteria.period, limit=OVERALL, per_account=PER_ACCOUNT,
                                                    **_scope(criteria)))

FROM_EVENTS = (CONTENT, DECAY, BEST_TIME, FANS)
