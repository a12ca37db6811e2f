"""Top fans read the roll-up's rankings when they answer the selection exactly, and rank the events otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.models import FanRanking
from analytics.selectors.audience import fan_rankings, top_fans
from analytics.selectors.periods import Period
from analytics.services.maintenance.fan_rankings import rebuild_fan_rankings
from tests.analytics.fan_world import build_fan_world

pytestmark = pytest.mark.django_db

EVENT_TABLES = ("analytics_like", "analytics_share", "analytics_comment")


@pytest.fixture
def world(today):
    world = build_fan_world(today)
    rebuild_fan_rankings()
    return world


def _event_reads(queries) -> list[str]:
    return [query["sql"] for query in queries if any(table in query["sql"] for table in EVENT_TABLES)]


def test_a_preset_period_reads_the_stored_rankings_without_touching_the_event_tables(
        world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(4):
        rankings = fan_rankings(Period.last(30))

    assert _event_reads(queries) == []
    assert rankings.ranked_at is not None
    assert [fan.handle for fan in rankings.overall] == ["ann", "cat", "bob", "dan"]
    assert [(section.handle, [fan.handle for fan in section.fans]) for section in rankings.per_account] == [
        ("fed_a", ["ann"]), ("fed_b", ["bob"]), ("gram", ["cat", "bob", "ann", "dan"])]


def test_a_platform_reads_its_own_overall_ranking_and_only_its_accounts(world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(4):
        rankings = fan_rankings(Period.last(7), platform="mastodon")

    assert _event_reads(queries) == []
    assert [(fan.handle, fan.total) for fan in rankings.overall] == [("ann", 3), ("bob", 1)]
    assert [section.handle for section in rankings.per_account] == ["fed_a", "fed_b"]


def test_smaller_limits_are_cut_from_the_stored_places(world):
    rankings = fan_rankings(Period.last(7), limit=2, per_account=1)

    assert rankings.ranked_at is not None
    assert [fan.handle for fan in rankings.overall] == ["ann", "cat"]
    assert [[fan.handle for fan in section.fans] for section in rankings.per_account] == [["ann"], ["bob"], ["cat"]]
    assert [fan.handle for fan in top_fans(Period.last(7), limit=1)] == ["ann"]


def test_a_ranked_window_with_nobody_on_a_platform_is_an_empty_answer_not_a_fallback(
        world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(2):
        rankings = fan_rankings(Period.last(7), platform="pixelfed")

    assert _event_reads(queries) == []
    assert (rankings.overall, rankings.per_account) == ([], [])
    assert rankings.ranked_at is not None


@pytest.mark.parametrize("selection", [
    pytest.param({"period": "custom"}, id="custom period"),
    pytest.param({"accounts": "gram"}, id="account subset"),
    pytest.param({"limit": 26}, id="more fans than stored"),
])
def test_selections_the_roll_up_did_not_rank_are_ranked_from_the_events(world, today, selection):
    period = Period(start=today - timedelta(days=7), end=today) if "period" in selection else Period.last(7)
    accounts = [world.gram.pk] if "accounts" in selection else None

    with CaptureQueriesContext(connection) as queries:
        rankings = fan_rankings(period, accounts=accounts, limit=selection.get("limit", 25))

    assert rankings.ranked_at is None and _event_reads(queries)
    expected = ["cat", "bob", "ann"] if accounts else ["ann", "cat", "bob"]
    assert [fan.handle for fan in rankings.overall] == expected


def test_rankings_of_an_earlier_day_are_stale(world, today):
    rebuild_fan_rankings(today=today - timedelta(days=1))

    assert fan_rankings(Period.last(7)).ranked_at is None
    assert fan_rankings(Period.last(7, today=today - timedelta(days=1))).ranked_at is None  # not today


def test_rankings_cut_in_another_zone_do_not_answer_a_viewer_in_this_one(world):
    other = "Pacific/Kiritimati" if timezone.get_current_timezone_name() != "Pacific/Kiritimati" else "UTC"
    FanRanking.objects.update(time_zone=other)  # same days and end, other midnights

    rankings = fan_rankings(Period.last(7))

    assert rankings.ranked_at is None
    assert [fan.handle for fan in rankings.overall] == ["ann", "cat", "bob"]
