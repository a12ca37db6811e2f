"""Cached dashboard figures are shared by every process: one computation per filter set and roll-up for all
web workers, and never kept past the deadline the first one gave it."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.cache import cache

from admin_dashboards import caching
from admin_dashboards.caching import per_rollup
from admin_dashboards.filters import Criteria
from analytics.models import SHARED_CACHE_TABLE, SharedCacheEntry
from analytics.selectors.periods import Period
from analytics.services.maintenance.rollups import rebuild_account_daily_stats

pytestmark = pytest.mark.django_db
WEEK = Criteria(period=Period.last(7))


def _counting():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    return build, calls


def test_the_shared_cache_is_the_migrated_table_unless_redis_is_configured():
    assert settings.CACHES["shared"]["LOCATION"] == SHARED_CACHE_TABLE
    per_rollup("content", WEEK, lambda: "figures", from_events=True)
    assert SharedCacheEntry.objects.filter(cache_key__contains="dashboards:content:").count() == 1


def test_another_process_reads_the_figure_instead_of_computing_it():
    build, calls = _counting()
    assert per_rollup("best_time", WEEK, build, from_events=True) == 1
    cache.clear()  # another web worker: its own memory is empty, the shared table is not
    assert per_rollup("best_time", WEEK, build, from_events=True) == 1
    assert calls == [1]


def test_a_rebuild_in_any_process_renews_every_process_figures():
    build, _calls = _counting()
    per_rollup("unified", WEEK, build)
    cache.clear()
    rebuild_account_daily_stats(days=[])  # bumps the generation in the shared cache, with no audited run
    assert per_rollup("unified", WEEK, build) == 2


def test_a_copy_kept_in_memory_ends_with_the_shared_entry(monkeypatch, settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "DASHBOARD_CACHE_SECONDS": 300}
    build, _calls = _counting()
    clock = [time.time()]  # the database's expiry reads the same clock
    monkeypatch.setattr(caching.time, "time", lambda: clock[0])
    per_rollup("unified", WEEK, build)  # computed and stored for 300 s at t = 0
    cache.clear()
    kept = {}
    real_set = cache.set
    monkeypatch.setattr(caching.cache, "set", lambda key, value, timeout: kept.update(timeout=timeout)
                        or real_set(key, value, timeout))
    clock[0] += 290
    per_rollup("unified", WEEK, build)  # another worker, 290 s later
    assert kept["timeout"] == pytest.approx(10)


def test_an_empty_value_is_still_a_cached_value():
    build, calls = _counting()
    for _ in range(2):
        per_rollup("decay", WEEK, lambda: build() and None, from_events=True)
    assert calls == [1]
