"""The growth, fans, content and decay pages render their answers with glossary help; the selection carries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from analytics.models import AccountDailyStats, FanRanking
from analytics.selectors import glossary
from analytics.services.maintenance.fan_rankings import rebuild_fan_rankings
from tests import factories
from tests.admin_dashboards.conftest import build_dataset

pytestmark = pytest.mark.django_db


def _page(client, name, query=""):
    response = client.get(reverse(f"admin:admin_dashboards_{name}") + query)
    assert response.status_code == 200
    return response


def test_growth_page_says_from_when_the_history_is_known(viewer_client):
    dataset = build_dataset(1)
    AccountDailyStats.objects.create(account=dataset.post.account, day=timezone.localdate() - timedelta(days=6),
                                     followers_count=80)
    html = _page(viewer_client, "growth").content.decode()
    known = (timezone.localdate() - timedelta(days=6))
    assert "Follower history is known from" in html and f"{known.day} {known:%b %Y}" in html  # "22 Nov 2026"
    assert escape(glossary.BY_KEY["followers_net_change"].help_text) in html


def test_fans_page_links_each_fan_to_their_profile(viewer_client):
    dataset = build_dataset(1)
    fan = factories.ActorFactory(handle="superfan", url="https://mastodon.example/@superfan",
                                 instance=dataset.post.account.instance)
    factories.LikeFactory(post=dataset.post, actor=fan)
    html = _page(viewer_client, "fans").content.decode()
    assert 'href="https://mastodon.example/@superfan"' in html
    assert escape(glossary.BY_KEY["last_engaged"].help_text) in html
    assert dataset.post.account.handle in html  # a section per account


def test_fans_page_never_links_an_unsafe_profile_url(viewer_client):
    dataset = build_dataset(1)
    fan = factories.ActorFactory(handle="sneaky", url="javascript:alert(1)", instance=dataset.post.account.instance)
    factories.LikeFactory(post=dataset.post, actor=fan)
    assert "javascript:alert" not in _page(viewer_client, "fans").content.decode()


def test_fans_page_reads_the_roll_ups_ranking_of_a_preset_period_and_says_when_it_was_made(viewer_client):
    dataset = build_dataset(1)
    fan = factories.ActorFactory(handle="superfan", instance=dataset.post.account.instance)
    factories.LikeFactory(post=dataset.post, actor=fan)
    rebuild_fan_rankings()

    with CaptureQueriesContext(connection) as queries:
        html = _page(viewer_client, "fans").content.decode()

    ranked_at = timezone.localtime(FanRanking.objects.first().computed_at)
    assert f"Ranked by the hourly fan-rankings job at {ranked_at:%H:%M}." in html and "superfan" in html
    assert not [query for query in queries
                if any(table in query["sql"] for table in ("analytics_like", "analytics_share", "analytics_comment"))]


def test_fans_page_says_a_selection_the_roll_up_did_not_rank_is_computed_from_the_events(viewer_client):
    dataset = build_dataset(1)
    rebuild_fan_rankings()

    html = _page(viewer_client, "fans", f"?account={dataset.post.account.pk}").content.decode()

    assert "Computed from the events for this selection" in html and "Ranked by the hourly" not in html


def test_content_page_shows_sample_sizes_and_links_media_types_to_the_posts(viewer_client):
    build_dataset(1)
    html = _page(viewer_client, "content").content.decode()
    assert escape(glossary.BY_KEY["sample_size"].help_text) in html
    assert "media_type__exact=" in html and reverse("admin:analytics_post_changelist") in html


def test_decay_page_reads_the_roll_up_medians(viewer_client):
    dataset = build_dataset(1)
    post = dataset.post
    for hours in (1, 1, 2, 4, 8):
        factories.LikeFactory(post=post, occurred_at=post.posted_at + timedelta(hours=hours), time_is_estimate=False)
    from analytics.services.maintenance.decay import rebuild_post_decay
    rebuild_post_decay(post_ids=[post.pk])
    response = _page(viewer_client, "decay")
    assert [(g.platform, g.posts) for g in response.context["decay"].groups] == [("mastodon", 1)]
    assert escape(glossary.BY_KEY["hours_to_half"].help_text) in response.content.decode()


def test_the_selection_carries_to_the_next_dashboard(viewer_client):
    build_dataset(1)
    _page(viewer_client, "comparison", "?period=7&compare=year")
    response = _page(viewer_client, "growth")
    criteria = response.context["criteria"]
    assert criteria.period.days == 7 and criteria.compare == "year"
    assert _page(viewer_client, "growth", "?clear=1").context["criteria"].period.days == 30


def test_the_filter_offers_a_calendar_and_compare_to_where_there_are_deltas(viewer_client):
    html = viewer_client.get(reverse("admin:index")).content.decode()
    assert 'type="date" name="start"' in html and 'type="date" name="end"' in html
    assert "Same period last year" in html and "Previous period" in html
    content = _page(viewer_client, "content", "?period=7&compare=year").content.decode()
    assert "Same period last year" not in content and 'name="compare" value="year"' in content


def test_dates_picked_on_the_calendar_win_over_the_preset(viewer_client):
    response = _page(viewer_client, "content", "?period=30&start=2026-01-05&end=2026-01-11")
    period = response.context["criteria"].period
    assert (period.start.isoformat(), period.end.isoformat()) == ("2026-01-05", "2026-01-11")
    assert 'href="?clear=1"' in response.content.decode()
