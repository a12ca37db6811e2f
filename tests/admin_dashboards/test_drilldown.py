"""Drill-down: chart payloads carry links, heatmap cells link to the posts list, and the links filter it right."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from admin_dashboards.filters import Criteria
from admin_dashboards.links import posts_url
from analytics.selectors.periods import Period
from tests import factories
from tests.admin_dashboards.conftest import build_dataset

pytestmark = pytest.mark.django_db


def _result_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def test_a_heatmap_cell_opens_the_posts_of_that_weekday_and_hour(viewer_client):
    account = factories.AccountFactory()
    tz = timezone.get_current_timezone()
    monday_nine = timezone.make_aware(datetime(2026, 11, 23, 9, 30), tz)
    factories.PostFactory(account=account, posted_at=monday_nine)
    factories.PostFactory(account=account, posted_at=monday_nine + timedelta(days=1))  # Tuesday
    factories.PostFactory(account=account, posted_at=monday_nine + timedelta(hours=1))  # 10:30

    html = viewer_client.get(reverse("admin:admin_dashboards_best_time")
                             + "?period=range&start=2026-11-20&end=2026-11-27").content.decode()
    cell = re.search(r'data-weekday="1" data-hour="9"[^>]*><a href="([^"]+)"', html)

    assert cell, "the Monday 09:00 cell links to its posts"
    assert _result_count(viewer_client, unescape(cell.group(1))) == 1


def test_a_platform_in_the_comparison_chart_links_to_its_dashboard_with_the_selection(viewer_client):
    build_dataset(1)
    response = viewer_client.get(reverse("admin:admin_dashboards_comparison") + "?period=7")
    chart = json.loads(response.context["split_chart"])

    assert chart["valueLabels"] is True
    assert all("/admin/dashboards/platform/" in link and "period=range" in link for link in chart["links"])
    today = timezone.localdate()
    assert f"start={(today - timedelta(days=6)).isoformat()}" in chart["links"][0]


def test_chart_series_are_told_apart_by_more_than_colour(viewer_client):
    build_dataset(2)
    chart = json.loads(viewer_client.get(reverse("admin:admin_dashboards_hashtags")).context["hashtag_chart"])

    styles = {(d["borderColor"], json.dumps(d["borderDash"]), d["pointStyle"]) for d in chart["datasets"]}
    assert len(styles) == len(chart["datasets"]) > 1
    assert len({d["pointStyle"] for d in chart["datasets"]}) == len(chart["datasets"])
    first = chart["datasets"][0]
    assert "q=%23" + first["label"].lstrip("#") in first["links"][0]


def test_posts_links_filter_by_day_accounts_media_type_and_hashtag(viewer_client):
    dataset = build_dataset(1)
    post = dataset.post
    period = Period(start=timezone.localdate() - timedelta(days=30), end=timezone.localdate())
    day = timezone.localtime(post.posted_at).date()
    both = tuple(sorted({p.account_id for p in dataset.posts}))

    assert _result_count(viewer_client, posts_url(Criteria(period=period), day=day, account=post.account_id)) == 1
    assert _result_count(viewer_client, posts_url(Criteria(period=period, accounts=both))) == len(dataset.posts)
    assert _result_count(viewer_client, posts_url(Criteria(period=period, platform="instagram"),
                                                  media_type=post.media_type)) == 5
    tag = post.hashtags.first().name
    tagged = sum(1 for p in dataset.posts if p.hashtags.filter(name=tag).exists())
    assert _result_count(viewer_client, posts_url(Criteria(period=period), hashtag=tag)) == tagged


def test_the_unified_timeline_links_each_day_to_its_posts(viewer_client):
    build_dataset(1)
    chart = json.loads(viewer_client.get(reverse("admin:index")).context["timeline_chart"])
    assert len(chart["links"]) == len(chart["labels"])
    assert all("posted_at_from=" in link for link in chart["links"])


def test_an_account_on_the_platform_page_filters_the_page_to_it(viewer_client):
    dataset = build_dataset(1)
    account = dataset.post.account
    html = viewer_client.get(reverse("admin:admin_dashboards_platform", args=[account.platform])).content.decode()
    link = re.search(rf'href="([^"]*account={account.pk}[^"]*)">{re.escape(account.handle)}<', html)

    assert link
    response = viewer_client.get(unescape(link.group(1)))
    assert response.context["criteria"].accounts == (account.pk,)


def test_a_trending_hashtag_opens_its_posts(viewer_client):
    build_dataset(1)
    html = viewer_client.get(reverse("admin:admin_dashboards_hashtags")).content.decode()
    link = re.search(r'href="([^"]*q=%23(tag\d)[^"]*)">#tag\d<', html)

    assert link
    assert _result_count(viewer_client, unescape(link.group(1))) >= 1
