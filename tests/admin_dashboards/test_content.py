"""What the pages say: n/a instead of 0, estimated times labelled, empty states, escaped captions, charts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.admin_dashboards.conftest import dashboard_urls

pytestmark = pytest.mark.django_db


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.smoke
def test_the_unified_dashboard_shows_kpis_charts_and_tables(viewer_client, dataset):
    html = _html(viewer_client, reverse("admin:index"))
    assert "pf-kpis" in html and "Posts published" in html
    assert 'class="chart"' in html and 'data-type="bar"' in html
    assert reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk]) in html
    assert "Trending hashtags" in html and "Recent sync runs" in html


def test_an_empty_install_says_to_connect_an_account(viewer_client):
    html = _html(viewer_client, reverse("admin:index"))
    assert "No accounts connected yet." in html


def test_a_period_without_posts_says_so(viewer_client, dataset):
    html = _html(viewer_client, reverse("admin:index") + "?period=range&start=2001-01-01&end=2001-01-31")
    assert "No posts in this period." in html


def test_an_invalid_range_is_reported_and_the_default_period_used(viewer_client, dataset):
    html = _html(viewer_client, reverse("admin:index") + "?period=range&start=2026-02-01&end=2026-01-01")
    assert "The range ends before it starts." in html
    assert "Last 30 days" in html


def test_metrics_a_platform_cannot_report_show_na(viewer_client, dataset):
    html = _html(viewer_client, reverse("admin:admin_dashboards_comparison"))
    assert html.count('class="pf-na"') >= 3  # Mastodon's views and reach, Instagram's likers list


def test_post_detail_labels_estimated_times(viewer_client, dataset):
    html = _html(viewer_client, dashboard_urls(dataset.post.pk)["post"])
    assert "≈ first seen" in html
    assert "Refresh engagement" not in html  # the viewer lacks the refresh permission


def test_post_detail_shows_threads_history_freshness_and_charts(client, refresher, dataset):
    client.force_login(refresher)
    html = _html(client, dashboard_urls(dataset.post.pk)["post"])
    assert "pf-depth-1" in html  # a reply, indented under its comment
    assert "Edit history" in html and "v0" in html
    assert "Counts:" in html and "Insights (views, reach, saved):" in html
    assert html.count('class="chart"') == 2
    assert "Refresh engagement" in html


def test_captions_are_escaped(viewer_client):
    post = factories.PostFactory(caption_text='<script>alert("x")</script>', caption_html="<p>x</p>")
    html = _html(viewer_client, reverse("admin:admin_dashboards_post_detail", args=[post.pk]))
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_instagram_pages_say_likers_are_not_listed(viewer_client, dataset):
    html = _html(viewer_client, reverse("admin:admin_dashboards_platform", args=["instagram"]))
    assert "reports how many people liked a post but not who" in html


def test_best_time_shades_cells_by_level(viewer_client, dataset):
    html = _html(viewer_client, reverse("admin:admin_dashboards_best_time") + "?period=90")
    assert "pf-heat-5" in html and "pf-heat-0" in html
    assert "style=" not in html.split('class="pf-heatmap"')[1].split("</table>")[0]


def test_the_platform_index_opens_the_first_platform(viewer_client, dataset):
    response = viewer_client.get(reverse("admin:admin_dashboards_platform_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:admin_dashboards_platform", args=["instagram"])


def test_best_time_says_not_enough_posts_yet_below_the_minimum(viewer_client, dataset):
    html = _html(viewer_client, reverse("admin:admin_dashboards_best_time") + "?period=90")
    assert "Best slot" not in html and "best slot" not in html
    assert html.count("not enough posts yet") == 2  # Mastodon and Instagram: 5 posts each, 4 days apart
    assert "pf-heat-thin" in html and "n2 · m15" in html  # both accounts post at the same hours
