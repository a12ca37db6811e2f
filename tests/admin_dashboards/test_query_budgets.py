"""Query budgets: every dashboard runs the same small number of queries at 1x and 10x the data (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admin_dashboards.caching import empty_caches
from tests.admin_dashboards.conftest import build_dataset, dashboard_urls
from tests.caches import SHARED_HIT_QUERIES, SHARED_MISS_QUERIES, with_shared_cache

pytestmark = pytest.mark.django_db

# Measured on SQLite and PostgreSQL; includes the session, user and permission look-ups of the admin. The
# index and platform pages count a cache miss here (the roll-up version look-up included); see below for a hit.
# Every page: +1 for its freshness line (analytics.selectors.freshness, one query).
# best_time: +1 more since the recommendation is per platform (the grid, then the same grid per platform).
BUDGETS = with_shared_cache({"index": 17, "platform": 14, "comparison": 9, "post": 12, "hashtags": 9, "best_time": 9,
                             "growth": 9, "fans": 12, "content": 11, "decay": 10}, SHARED_MISS_QUERIES)
CACHED_BUDGETS = with_shared_cache({"index": 8, "platform": 7, "hashtags": 6, "best_time": 7, "growth": 7, "fans": 7,
                                    "content": 7, "decay": 7}, SHARED_HIT_QUERIES)


def _count(client, url) -> int:
    empty_caches()  # the budget of a request that computes its aggregates
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_each_page_stays_within_its_budget_at_any_size(viewer_client, page, django_assert_max_num_queries):
    small = build_dataset(1)
    small_count = _count(viewer_client, dashboard_urls(small.post.pk)[page])
    large = build_dataset(10)
    empty_caches()
    with django_assert_max_num_queries(BUDGETS[page]):
        response = viewer_client.get(dashboard_urls(large.post.pk)[page])
    assert response.status_code == 200
    assert _count(viewer_client, dashboard_urls(large.post.pk)[page]) == small_count


@pytest.mark.parametrize("page", sorted(CACHED_BUDGETS))
def test_a_cached_page_reads_only_the_roll_up_version_and_live_tables(viewer_client, page,
                                                                      django_assert_max_num_queries):
    url = dashboard_urls(build_dataset(2).post.pk)[page]
    cold = _count(viewer_client, url)
    with django_assert_max_num_queries(CACHED_BUDGETS[page]):
        assert viewer_client.get(url).status_code == 200
    assert CACHED_BUDGETS[page] < cold
