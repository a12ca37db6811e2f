"""The server-side charts of a download show the page's numbers: the SVG's data series equal the selector's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admin_dashboards.downloads.document import document_from_context
from analytics.selectors.comparison import platform_comparison
from analytics.selectors.periods import Period
from analytics.selectors.timelines import engagement_over_time
from analytics.services.reports.charts import render_svg
from tests.svg import svg_series

pytestmark = pytest.mark.django_db


def _charts(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return {chart.title: chart for chart in document_from_context(response.context_data).charts}


def test_the_platform_timeline_svg_holds_the_selectors_daily_numbers(viewer_client, dataset):
    account = dataset.post.account
    url = reverse("admin:admin_dashboards_platform", args=[account.platform]) + "?period=30"
    chart = _charts(viewer_client, url)["Engagement over time"]
    points = engagement_over_time(Period.last(30), platform=account.platform, accounts=())
    engagement, posts = svg_series(render_svg(chart))
    assert engagement == [point.total_engagement for point in points]
    assert posts == [point.posts_published for point in points]
    assert sum(engagement) > 0


def test_the_platform_split_svg_holds_the_comparison_selectors_totals(viewer_client, dataset):
    chart = _charts(viewer_client, reverse("admin:index") + "?period=30")["Platform split"]
    rows = platform_comparison(Period.last(30), accounts=())
    assert chart.labels == [row.label for row in rows]
    assert svg_series(render_svg(chart)) == [[row.total_engagement for row in rows]]
