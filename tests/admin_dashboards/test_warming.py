"""The warm-up job after each roll-up computes the usual selections of the pages read from posts and events,
so a staff request finds them in the shared cache, in any worker."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admin_dashboards import figures, warming
from admin_dashboards.filters import Criteria
from analytics import tasks
from analytics.models import Account, SharedCacheEntry
from analytics.selectors.content import content_comparison
from analytics.selectors.periods import PRESET_DAYS, Period
from tests.admin_dashboards.conftest import build_dataset

pytestmark = pytest.mark.django_db
PAGES = {"content": "admin:admin_dashboards_content", "decay": "admin:admin_dashboards_decay",
         "best_time": "admin:admin_dashboards_best_time", "fans": "admin:admin_dashboards_fans"}


def test_it_warms_every_preset_with_all_platforms_and_each_platform_that_has_accounts():
    build_dataset(1)
    platforms = sorted(set(Account.objects.values_list("platform", flat=True)))
    selections = warming.usual_selections()
    assert {(c.period.days, c.platform) for c in selections} == {
        (days, platform) for days in PRESET_DAYS for platform in (None, *platforms)}
    expected = len(selections) * len(figures.FROM_EVENTS)
    assert warming.warm_dashboards().startswith(f"Warmed {expected} of {expected} ")
    assert SharedCacheEntry.objects.filter(cache_key__contains=":dashboards:").count() == expected
    assert warming.warm_dashboards().startswith(f"Warmed 0 of {expected} ")  # nothing new to compute


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_warmed_page_is_served_without_computing(viewer_client, page, monkeypatch):
    build_dataset(1)
    warming.warm_dashboards()
    cache.clear()  # a web worker that has not served this page since the roll-up

    def fail(criteria):
        raise AssertionError(f"{page} was computed on request")

    figure = next(figure for figure in figures.FROM_EVENTS if figure.page == page)
    monkeypatch.setattr(figures, figure.page.upper(), figures.Figure(figure.page, fail))
    with CaptureQueriesContext(connection) as queries:
        assert viewer_client.get(reverse(PAGES[page]) + "?period=30").status_code == 200
    assert not any("analytics_engagementsummary" in query["sql"] for query in queries)


def test_the_warmed_figure_is_what_the_request_would_compute():
    build_dataset(1)
    warming.warm_dashboards()
    cache.clear()
    criteria = Criteria(period=Period.last(30))
    assert figures.CONTENT.read(criteria) == content_comparison(criteria.period)


def test_a_selection_outside_the_usual_ones_is_computed_on_request(viewer_client, monkeypatch):
    build_dataset(1)
    warming.warm_dashboards()
    calls = []
    monkeypatch.setattr(figures, "CONTENT", figures.Figure("content", lambda c: calls.append(c) or
                                                           content_comparison(c.period)))
    viewer_client.get(reverse(PAGES["content"]) + "?period=range&start=2026-01-01&end=2026-01-31")
    assert [criteria.period.days for criteria in calls] == [31]


def test_the_roll_up_and_ranking_jobs_queue_the_warm_up(monkeypatch):
    queued = []
    monkeypatch.setattr(tasks, "async_task", lambda name, **options: queued.append(name))
    tasks.rebuild_rollups()
    tasks.rank_top_fans()
    assert queued == [tasks.WARM_DASHBOARDS_TASK] * 2


def test_a_new_roll_up_is_warmed_again(q_sync):
    build_dataset(1)
    first = warming.warm_dashboards()
    tasks.rebuild_rollups()  # a new audited run: a new cache version (Q runs the queued warm-up inline)
    assert warming.warm_dashboards().startswith("Warmed 0 ")  # the queued one already did it
    assert first.startswith("Warmed ") and not first.startswith("Warmed 0 ")


def test_a_failing_warm_up_is_a_sanitised_crash(monkeypatch):
    def boom(criteria):
        raise RuntimeError("password=hunter2 in a row")

    monkeypatch.setattr(figures, "FROM_EVENTS", (figures.Figure("content", boom),))
    with pytest.raises(tasks.RunCrashed) as crashed:
        warming.warm_dashboards()
    assert "hunter2" not in str(crashed.value)
