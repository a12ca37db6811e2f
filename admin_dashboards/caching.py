"""Dashboard aggregates cached per roll-up: keyed by page, filters and the last finished roll-up run.

Every figure a dashboard aggregates comes from the roll-up tables (or, for the pages computed from posts
and events, changes only as often), so it is computed once per filter set and roll-up and then served from
two caches: the process's own memory first (no query), then the shared cache every web worker and
qcluster process sees (settings.CACHES["shared"]: a database table, or Redis), so one worker's computation
serves them all and the warm-up job after each roll-up (warming.py) can compute the usual selections before
anyone asks. The key holds the id and end of the latest finished roll-up run (one indexed query), so a new
roll-up is seen at once by every process, plus a generation every rebuild bumps in the shared cache; the
timeout (DASHBOARD_CACHE_SECONDS) bounds how old the live values shown beside them (a top post's current
counts, followers) can be, in both caches. Sync runs and other live tables are never cached.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.utils import timezone, translation

from admin_dashboards.filters import Criteria
from analytics.models import SyncKind, SyncRun
from analytics.services.maintenance.rollups import rollup_generation

# Set while one request renders a page whose cache key already holds the version (page_cache.py).
_READ_VERSION: ContextVar[str | None] = ContextVar("rollup_version", default=None)


def rollup_version() -> str:
    """The latest finished roll-up or fan-rankings run (id and end; "none" before the first one) and the
    generation the rebuild functions bump in the shared cache (which catches rebuilds called directly)."""
    if (version := _READ_VERSION.get()) is not None:
        return version
    run = (SyncRun.objects.filter(kind__in=(SyncKind.ROLLUP, SyncKind.FAN_RANKINGS), finished_at__isnull=False)
           .order_by("-created_at").values_list("pk", "finished_at").first())
    finished = f"{run[0]}-{run[1].timestamp():.6f}" if run else "none"
    return f"{finished}-{rollup_generation()}"


@contextmanager
def same_rollup_version(version: str) -> Iterator[None]:
    """Inside the block rollup_version() answers `version` without a query: one read per request."""
    token = _READ_VERSION.set(version)
    try:
        yield
    finally:
        _READ_VERSION.reset(token)


def cache_key(page: str, criteria: Criteria, version: str) -> str:
    filters = (f"{criteria.period.start}|{criteria.period.end}|{criteria.platform}|{sorted(criteria.accounts)}"
               f"|{criteria.compare}"  # the KPI deltas depend on "Compare to"
               # hours, weekdays and local days follow the viewer's zone; labels their language
               f"|{timezone.get_current_timezone_name()}|{translation.get_language()}")
    digest = hashlib.sha256(f"{page}|{filters}|{version}".encode()).hexdigest()[:32]
    return f"dashboards:{page}:{digest}"


def per_rollup[T](page: str, criteria: Criteria, build: Callable[[], T], *, from_events: bool = False) -> T:
    """`build()` once per page, filters and roll-up; later calls, in any process, read the cached value.

    `from_events`: figures computed from posts and events rather than roll-up tables (fans, content, decay,
    best time), too slow to compute per request at 1M posts; they are kept for the whole roll-up
    (DASHBOARD_EVENT_CACHE_SECONDS), so they are as of the last roll-up, like the freshness line says."""
    seconds = _seconds(from_events)
    if seconds <= 0:
        return build()
    key = cache_key(page, criteria, rollup_version())
    if (value := cache.get(key, _MISSING)) is not _MISSING:
        return value
    stored = shared_cache().get(key)
    if stored is None:
        stored = _store(key, build(), seconds)
    deadline, value = stored
    if (left := deadline - time.time()) > 0:  # the shared entry's age counts: never kept past its deadline
        cache.set(key, value, timeout=left)
    return value


def warm(page: str, criteria: Criteria, build: Callable[[], object], *, from_events: bool = False) -> bool:
    """Compute a figure into the shared cache unless it is there already (the warm-up job, warming.py);
    True when it was computed. The process's own cache is left alone: it serves no page."""
    seconds = _seconds(from_events)
    if seconds <= 0:
        return False
    key = cache_key(page, criteria, rollup_version())
    if shared_cache().get(key) is not None:
        return False
    _store(key, build(), seconds)
    return True


def shared_cache():
    return caches["shared"]


def empty_caches() -> None:
    """Every cache, the process's and the shared one: what a first request with nothing cached costs (the
    bench's cold rows, the query-budget tests). The shared one may be a table: call it with the database up."""
    for alias in settings.CACHES:
        caches[alias].clear()


_MISSING = object()


def _seconds(from_events: bool) -> int:
    return settings.POSTFLOW["DASHBOARD_EVENT_CACHE_SECONDS" if from_events else "DASHBOARD_CACHE_SECONDS"]


def _store(key: str, value, seconds: int) -> tuple[float, object]:
    stored = (time.time() + seconds, value)
    shared_cache().set(key, stored, timeout=seconds)
    return stored
