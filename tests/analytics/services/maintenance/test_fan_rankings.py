"""The roll-up ranks the top fans of the preset periods: the same answers as ranking the events per request."""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from admin_dashboards.caching import rollup_version
from analytics.models import FanRanking, SyncKind, SyncRun, SyncStatus
from analytics.schedules import schedule_table
from analytics.selectors.audience import fan_rankings
from analytics.selectors.periods import PRESET_DAYS, Period
from analytics.services.maintenance.fan_rankings import rebuild_fan_rankings
from analytics.services.maintenance.flows import rank_top_fans, rebuild_rollups
from tests import factories
from tests.analytics.fan_world import at, build_fan_world
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def world(today):
    return build_fan_world(today)


def _overall(platform: str, days: int = 7) -> list[tuple]:
    rows = FanRanking.objects.filter(window_days=days, account=None, platform=platform).order_by("place")
    return [(row.place, row.actor.handle, row.likes, row.shares, row.comments) for row in rows]


def _of_account(account, days: int = 7) -> list[tuple]:
    rows = FanRanking.objects.filter(window_days=days, account=account).order_by("place")
    return [(row.place, row.actor.handle, row.likes + row.shares + row.comments) for row in rows]


def _plain(rankings) -> tuple:
    return [asdict(fan) for fan in rankings.overall], [asdict(section) for section in rankings.per_account]


def test_rankings_hold_the_known_answers_overall_per_platform_and_per_account(world, today):
    rebuild_fan_rankings()

    assert _overall("") == [(1, "ann", 2, 1, 1), (2, "cat", 1, 1, 2), (3, "bob", 2, 0, 1)]  # ties: lower id first
    assert _overall("mastodon") == [(1, "ann", 1, 1, 1), (2, "bob", 1, 0, 0)]
    assert _overall("instagram") == [(1, "cat", 1, 1, 2), (2, "bob", 1, 0, 1), (3, "ann", 1, 0, 0)]
    assert _of_account(world.fed_a) == [(1, "ann", 3)]  # dan's removed like does not count
    assert _of_account(world.fed_b) == [(1, "bob", 1)]  # nor his deleted comment
    assert _of_account(world.gram) == [(1, "cat", 4), (2, "bob", 2), (3, "ann", 1)]
    assert _of_account(world.gram, days=30)[-1] == (4, "dan", 1)  # his like 20 days ago: 30 and 90 days
    assert "eve" not in {row.actor.handle for row in FanRanking.objects.select_related("actor")}  # 100 days ago
    assert set(FanRanking.objects.values_list("window_days", "period_end", "time_zone").distinct()) == {
        (days, today, timezone.get_current_timezone_name()) for days in PRESET_DAYS}
    ann = FanRanking.objects.get(window_days=7, account=None, platform="", place=1)
    assert ann.last_engaged_at == at(today - timedelta(days=1), 12)


@pytest.mark.smoke
def test_stored_rankings_equal_the_rankings_from_events_for_every_window_and_platform(world, today):
    scopes = [(days, platform) for days in PRESET_DAYS for platform in (None, "mastodon", "instagram")]
    from_events = {scope: fan_rankings(Period.last(scope[0]), platform=scope[1]) for scope in scopes}
    assert all(rankings.ranked_at is None for rankings in from_events.values())

    rebuild_fan_rankings()

    for (days, platform), expected in from_events.items():
        stored = fan_rankings(Period.last(days), platform=platform)
        assert stored.ranked_at is not None
        assert _plain(stored) == _plain(expected), (days, platform)


def test_each_account_keeps_its_top_five(world, today):
    post = factories.PostFactory(account=world.fed_b, posted_at=at(today))
    for _ in range(6):
        factories.LikeFactory(post=post)

    rebuild_fan_rankings()

    assert [place for place, *_rest in _of_account(world.fed_b)] == [1, 2, 3, 4, 5]


def test_a_rebuild_replaces_the_rows_of_every_window(world, today):
    rebuild_fan_rankings(today=today - timedelta(days=1))
    first = FanRanking.objects.count()
    factories.LikeFactory(post=world.gram.posts.order_by("-posted_at").first(), actor=world.fans["eve"])

    rebuild_fan_rankings()

    assert FanRanking.objects.count() == first + 3 * 3  # eve joins overall, instagram and gram in each window
    assert set(FanRanking.objects.values_list("period_end", flat=True)) == {today}
    assert ("eve", 1) in [(handle, total) for _place, handle, total in _of_account(world.gram)]


@pytest.mark.smoke
def test_the_fan_rankings_job_is_a_run_of_its_own(world):
    rank_top_fans()

    run = SyncRun.objects.get(kind=SyncKind.FAN_RANKINGS)
    assert run.status == SyncStatus.OK
    assert run.params["result"]["fan_rankings"] == FanRanking.objects.count() > 0
    assert run.params["result"]["seconds"] >= 0


def test_the_roll_up_leaves_the_rankings_to_their_job(world):
    rebuild_rollups()  # its incremental hour stays a few seconds: the rankings cost 90 days of engagement

    assert not FanRanking.objects.exists()
    # five steps: account days, content hours, hashtag days, hashtag hours, decay
    assert SyncRun.objects.get(kind=SyncKind.ROLLUP).progress_done == 5


def test_a_finished_ranking_renews_the_cached_dashboards(world):
    before = rollup_version()
    rank_top_fans()

    assert rollup_version() != before


def test_the_job_is_scheduled_hourly_after_the_roll_up(settings):
    jobs = {job.func: job.cron for job in schedule_table()}

    assert jobs["analytics.tasks.rank_top_fans"] == settings.POSTFLOW["FAN_RANKINGS_CRON"] == "40 * * * *"
    assert jobs["analytics.tasks.rebuild_rollups"] == "15 * * * *"
    assert {job.func: job.cron for job in schedule_table(demo=True)}["analytics.tasks.rank_top_fans"] == "* * * * *"


@pytest.mark.django_db(transaction=True)
def test_two_rebuilds_at_once_leave_one_ranking(today, monkeypatch):
    """The schedule and a manual roll-up overlapping: without a lock the second inserts into the first's rows."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    build_fan_world(today)
    rebuild_fan_rankings(today=today)
    expected = FanRanking.objects.count()
    manager = type(FanRanking.objects)
    insert = manager.bulk_create

    def slow_insert(self, *args, **kwargs):  # holds the deleted rows' locks while the other run arrives
        time.sleep(0.3)
        return insert(self, *args, **kwargs)

    monkeypatch.setattr(manager, "bulk_create", slow_insert)
    outcomes = at_once(lambda: rebuild_fan_rankings(today=today))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert FanRanking.objects.count() == expected
