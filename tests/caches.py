"""What the shared cache adds to a page's query budget, for the budget tests."""

from __future__ import annotations

# What a page caching its figures (per_rollup) costs on a miss beyond its own statements: the roll-up
# generation and the figure read from the shared cache, then DatabaseCache's write (count, savepoint,
# select, insert, release; outside a test's transaction the savepoints are a plain BEGIN and COMMIT).
SHARED_MISS_QUERIES = 7
# Served from the process's own cache, a page still reads the generation from the shared one.
SHARED_HIT_QUERIES = 1
CACHING_PAGES = frozenset({"index", "platform", "hashtags", "best_time", "growth", "fans", "content", "decay"})


def with_shared_cache(budgets: dict[str, int], extra: int) -> dict[str, int]:
    """Budgets measured before the shared cache, plus its statements on the pages that cache figures."""
    return {page: count + (extra if page in CACHING_PAGES else 0) for page, count in budgets.items()}
