"""Best time to post, honestly: a minimum sample per cell, count, mean and median, per platform, local time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from analytics.selectors.best_time import best_time_to_post
from analytics.selectors.periods import Period
from tests.analytics.selectors.conftest import at, make_post

pytestmark = pytest.mark.django_db


def _cell(heatmap, weekday: int, hour: int):
    return heatmap.rows[weekday - 1][1][hour]


def _monday(week) -> date:
    return week.start + timedelta(days=(7 - week.start.weekday()) % 7)


def test_a_single_lucky_post_never_names_the_best_slot(week, mastodon):
    monday = _monday(week)
    make_post(mastodon, at(monday, 3), likes=122)  # one post, 122 engagements
    for minute, likes in ((0, 10), (10, 20), (20, 60)):
        make_post(mastodon, at(monday, 18) + timedelta(minutes=minute), likes=likes)

    heatmap = best_time_to_post(week)

    assert heatmap.minimum == 3
    assert (heatmap.best.hour, heatmap.best.posts) == (18, 3)
    assert not heatmap.meets_minimum(_cell(heatmap, 1, 3))


@pytest.mark.smoke
def test_each_cell_has_its_post_count_mean_and_median(week, mastodon):
    monday = _monday(week)
    for minute, likes in ((0, 10), (10, 20), (20, 60)):
        make_post(mastodon, at(monday, 18) + timedelta(minutes=minute), likes=likes)

    cell = _cell(best_time_to_post(week), 1, 18)

    assert (cell.posts, cell.average, cell.median) == (3, 30.0, 20.0)


def test_without_a_cell_at_the_minimum_there_is_no_recommendation(week, mastodon, instagram):
    make_post(mastodon, at(_monday(week), 9), likes=5)
    make_post(mastodon, at(_monday(week), 9), likes=7)

    heatmap = best_time_to_post(week)

    assert heatmap.best is None
    assert [(item.platform, item.posts, item.best) for item in heatmap.by_platform] == [("mastodon", 2, None)]


def test_the_minimum_is_a_setting(week, mastodon, settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "BEST_TIME_MIN_POSTS": 2}
    make_post(mastodon, at(_monday(week), 9), likes=5)
    make_post(mastodon, at(_monday(week), 9), likes=7)

    assert best_time_to_post(week).best.posts == 2


def test_each_platform_gets_its_own_recommendation(week, mastodon, instagram):
    monday = _monday(week)
    for minute in (0, 10, 20):
        make_post(mastodon, at(monday, 8) + timedelta(minutes=minute), likes=4)
        make_post(instagram, at(monday, 20) + timedelta(minutes=minute), likes=9)

    heatmap = best_time_to_post(week)

    assert {item.platform: item.best.hour for item in heatmap.by_platform} == {"instagram": 20, "mastodon": 8}
    assert best_time_to_post(week, platform="mastodon").best.hour == 8


@pytest.mark.parametrize(("zone", "day"), [
    ("Europe/Berlin", date(2026, 3, 29)),  # clocks go forward at 02:00: the evening is UTC+2
    ("Europe/Berlin", date(2026, 10, 25)),  # clocks go back at 03:00: the evening is UTC+1
    ("America/New_York", date(2026, 3, 8)),  # a Sunday too, the evening is UTC-4
])
def test_a_post_at_2330_local_on_a_dst_change_day_lands_in_that_days_2300_cell(mastodon, zone, day):
    local = datetime(day.year, day.month, day.day, 23, 30, tzinfo=ZoneInfo(zone))
    make_post(mastodon, local.astimezone(ZoneInfo("UTC")), likes=4)

    with timezone.override(ZoneInfo(zone)):
        heatmap = best_time_to_post(Period(day - timedelta(days=1), day + timedelta(days=1)), minimum=1)

    cells = [cell for _label, row in heatmap.rows for cell in row if cell.posts]
    assert [(cell.weekday, cell.hour) for cell in cells] == [(7, 23)]  # Sunday 23:00, not Monday or 22:00
    assert heatmap.time_zone == zone


def test_the_same_post_moves_with_the_viewers_zone(mastodon):
    day = date(2026, 3, 29)
    make_post(mastodon, datetime(2026, 3, 29, 21, 30, tzinfo=ZoneInfo("UTC")), likes=4)  # 23:30 in Berlin
    period = Period(day - timedelta(days=1), day + timedelta(days=1))

    with timezone.override(ZoneInfo("UTC")):
        utc = best_time_to_post(period, minimum=1)
    with timezone.override(ZoneInfo("Europe/Berlin")):
        berlin = best_time_to_post(period, minimum=1)

    assert (utc.best.weekday, utc.best.hour) == (7, 21)
    assert (berlin.best.weekday, berlin.best.hour) == (7, 23)


def test_best_time_is_one_query_on_postgresql_and_two_elsewhere(week, mastodon, django_assert_num_queries,
                                                                 is_postgres):
    make_post(mastodon, at(_monday(week), 9), likes=5)
    with django_assert_num_queries(1 if is_postgres else 2):
        best_time_to_post(week)


@pytest.mark.postgres_only
def test_the_one_pass_grids_equal_the_two_queries(week, mastodon, instagram):
    """PostgreSQL reads the posts once for both grids (GROUPING SETS); the two grouped queries SQLite runs are
    the definition it must match, medians included."""
    import random

    from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay

    from analytics.models import Post
    from analytics.selectors.best_time import _cells_in_one_pass, _cells_in_two

    chance = random.Random(3)
    for offset in range(60):
        account = (mastodon, instagram)[offset % 2]
        make_post(account, at(week.start + timedelta(days=offset % 7), chance.randrange(24)),
                  likes=chance.randrange(40), shares=chance.randrange(3))
    with timezone.override("America/Sao_Paulo"):
        tz = timezone.get_current_timezone()
        posts = Post.objects.posted_between(week.start_at, week.end_at).annotate(
            weekday=ExtractIsoWeekDay("posted_at", tzinfo=tz), hour=ExtractHour("posted_at", tzinfo=tz),
            engagement=Coalesce("summary__total_engagement", 0))
        one_grid, one_platforms = _cells_in_one_pass(posts)
        two_grid, two_platforms = _cells_in_two(posts)

    assert one_grid == two_grid and len(one_grid) > 20
    assert {name: sorted(cells, key=lambda c: (c.weekday, c.hour)) for name, cells in one_platforms.items()} == {
        name: sorted(cells, key=lambda c: (c.weekday, c.hour)) for name, cells in two_platforms.items()}
    assert set(one_platforms) == {"mastodon", "instagram"}
