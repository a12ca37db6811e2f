"""In headless Chromium: log in, see the unified dashboard's KPI cards and a drawn chart, open a post."""

from __future__ import annotations

import pytest

from tests.admin_dashboards.conftest import build_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged_in(log_in):
    return log_in("analyst")


def test_the_unified_dashboard_draws_kpis_and_a_chart_then_opens_a_post(logged_in, live_server):
    dataset = build_dataset(1)
    page = logged_in
    page.goto(f"{live_server.url}/admin/")

    assert page.locator(".pf-kpi").count() >= 5
    assert page.get_by_text("Posts published").first.is_visible()
    canvas = page.locator("canvas.chart").first
    canvas.wait_for(state="visible")
    # Chart.js sizes the canvas when it draws; an undrawn canvas keeps the 300x150 default.
    page.wait_for_function("() => Array.from(document.querySelectorAll('canvas.chart')).some(c => Chart.getChart(c))")
    assert canvas.bounding_box()["height"] > 0

    page.locator(f"a[href$='/admin/dashboards/posts/{dataset.post.pk}/']").first.click()
    page.wait_for_url(f"**/admin/dashboards/posts/{dataset.post.pk}/")
    assert page.get_by_text("Who engaged, and when").is_visible()
    assert page.get_by_text("≈ first seen").first.is_visible()
    assert page.locator("canvas.chart").count() == 2
