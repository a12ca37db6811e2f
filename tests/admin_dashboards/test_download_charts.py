"""The server-side charts of a download show the page's numbers: the SVG's data series equal the selector's."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from admin_dashboards.downloads.document import document_from_context
from analytics.selectors.comparison import platform_comparison
from analytics.selectors.periods import Period
from analytics.selectors.timelines import engagement_over_time
from analytics.services.reports.charts import render_svg

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def svg_series(svg: str) -> list[list[float]]:
    """Each series' point values, from pygal's `<desc class="value">` elements, in drawing order."""
    root = ET.fromstring(svg)  # noqa: S314 (our own pygal output)
    series: dict[int, list[float]] = {}
    for group in root.iter(f"{SVG}g"):
        found = re.fullmatch(r"series serie-(\d+) color-\d+", group.get("class", ""))
        if found and int(found[1]) not in series:  # later groups of the same serie are text overlays
            series[int(found[1])] = [float(desc.text) for desc in group.iter(f"{SVG}desc")
                                     if desc.get("class") == "value"]
    return [series[index] for index in sorted(series)]


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
