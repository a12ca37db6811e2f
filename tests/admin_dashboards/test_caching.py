"""Dashboard aggregates are computed once per filter set and roll-up run, and again after a new roll-up."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from admin_dashboards.caching import per_rollup
from admin_dashboards.filters import Criteria
from analytics.models import SyncKind, SyncStatus
from analytics.selectors.periods import Period
from analytics.services.maintenance.flows import rebuild_rollups
from tests import factories
from tests.admin_dashboards.conftest import build_dataset

pytestmark = pytest.mark.django_db


def test_aggregates_are_built_once_per_filters_and_roll_up_run():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    week, month = Criteria(period=Period.last(7)), Criteria(period=Period.last(30))
    assert [per_rollup("unified", week, build), per_rollup("unified", week, build)] == [1, 1]
    assert per_rollup("unified", month, build) == 2  # other filters
    assert per_rollup("unified", Criteria(period=Period.last(7), accounts=(3,)), build) == 3

    factories.SyncRunFactory(account=None, kind=SyncKind.ROLLUP, status=SyncStatus.OK)
    assert per_rollup("unified", week, build) == 4  # a new roll-up finished
    factories.SyncRunFactory(account=None, kind=SyncKind.ROLLUP, status=SyncStatus.RUNNING, finished_at=None)
    assert per_rollup("unified", week, build) == 4  # one still running changes nothing yet


def test_each_time_zone_and_language_has_its_own_entry():
    """Local days, hours and weekdays follow the viewer's zone, and labels their language."""
    criteria, built = Criteria(period=Period.last(7)), iter(range(10))
    with timezone.override("UTC"), translation.override("en"):
        utc = per_rollup("best_time", criteria, lambda: next(built))
        assert per_rollup("best_time", criteria, lambda: next(built)) == utc
    with timezone.override("Asia/Tokyo"), translation.override("en"):
        assert per_rollup("best_time", criteria, lambda: next(built)) != utc
    with timezone.override("UTC"), translation.override("de"):
        assert per_rollup("best_time", criteria, lambda: next(built)) != utc


def test_zero_seconds_turns_the_cache_off(settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "DASHBOARD_CACHE_SECONDS": 0}
    values = iter(range(10))
    criteria = Criteria(period=Period.last(7))
    first = per_rollup("unified", criteria, lambda: next(values))
    assert per_rollup("unified", criteria, lambda: next(values)) != first


@pytest.mark.smoke
def test_the_index_shows_new_figures_after_the_next_roll_up(viewer_client):
    dataset = build_dataset(1)
    rebuild_rollups()
    link = reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk])
    assert link in viewer_client.get(reverse("admin:index")).content.decode()
    dataset.post.deleted_at = timezone.now()
    dataset.post.save()

    assert link in viewer_client.get(reverse("admin:index")).content.decode()  # as of the last roll-up
    rebuild_rollups()
    assert link not in viewer_client.get(reverse("admin:index")).content.decode()


def test_a_rebuild_called_directly_also_renews_the_figures(viewer_client):
    before = viewer_client.get(reverse("admin:index")).content.decode()  # empty install, now cached
    dataset = build_dataset(1)  # rebuilds the roll-ups directly, with no audited run

    link = reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk])
    assert link not in before
    assert link in viewer_client.get(reverse("admin:index")).content.decode()


def test_each_compare_to_choice_gets_its_own_cached_deltas(viewer_client):
    build_dataset(1)
    index = reverse("admin:index")
    assert "vs previous period" in viewer_client.get(index + "?period=30&compare=previous").content.decode()

    assert "vs previous period" not in viewer_client.get(index + "?period=30&compare=none").content.decode()
