"""In headless Chromium: click a platform in the comparison chart and a heatmap cell and land on correctly
filtered views; then save every dashboard at 1440x900 and 390x844 into docs/screenshots/ (docs/dashboards.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from analytics.models import Account, AccountDailyStats, SyncKind, SyncStatus
from analytics.services.maintenance.decay import rebuild_post_decay
from analytics.services.maintenance.rollups import rebuild_account_daily_stats
from tests import factories
from tests.admin_dashboards.conftest import build_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
CHARTS_READY = "() => document.documentElement.dataset.pfCharts === 'ready'"


def _lead_page_data():
    """The dashboards' dataset plus a follower history and timed events, so every page has something to show."""
    dataset = build_dataset(2)
    today = timezone.localdate()
    for offset, account in enumerate(sorted({post.account for post in dataset.posts}, key=lambda a: a.pk)):
        account.followers_count = 400 + offset * 150  # today's roll-up row takes the account's current count
        account.save(update_fields=["followers_count"])
        for days_ago in range(0, 28, 3):
            AccountDailyStats.objects.update_or_create(
                account=account, day=today - timedelta(days=days_ago),
                defaults={"followers_count": 400 + offset * 150 - days_ago * (3 + offset)})
    for index, post in enumerate(dataset.posts[:8]):
        for hours in (0.5, 1, 1.5, 2, 4, 6, 9, 20, 30 + index * 5):
            factories.LikeFactory(post=post, occurred_at=post.posted_at + timedelta(hours=hours * (1 + index % 3)),
                                  time_is_estimate=False)
    for index, post in enumerate(dataset.posts):
        post.media_type = ("image", "video", "carousel")[index % 3]
        post.caption_text = "Sunset over the harbour " * (index % 4) * 4
        post.save(update_fields=["media_type", "caption_text"])
        post.summary.likes = 5 + index * 3
        post.summary.total_engagement = post.summary.likes + post.summary.comments + post.summary.shares
        post.summary.save(update_fields=["likes", "total_engagement"])
    rebuild_account_daily_stats()
    rebuild_post_decay()
    # A fresh roll-up run and engagement refresh, so the pages' freshness line reads as on a healthy site.
    factories.SyncRunFactory(account=None, kind=SyncKind.ROLLUP, status=SyncStatus.OK)
    Account.objects.update(last_refreshed_at=timezone.now())
    return dataset


def _click_chart_element(page, canvas_selector: str, index: int) -> None:
    """Click the index-th bar of the first dataset where Chart.js drew it."""
    canvas = page.locator(canvas_selector).first
    canvas.scroll_into_view_if_needed()
    point = canvas.evaluate(
        "(c, i) => { const e = Chart.getChart(c).getDatasetMeta(0).data[i]; "
        "return {x: e.x, y: (e.y + e.base) / 2}; }", index)
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_clicking_a_platform_and_a_heatmap_cell_lands_on_filtered_views(log_in, live_server):
    _lead_page_data()
    page = log_in("clicker")
    base = live_server.url

    page.goto(f"{base}/admin/dashboards/comparison/?period=7")
    page.wait_for_function(CHARTS_READY)
    labels = page.locator(".pf-chart canvas.chart").first.evaluate("c => Chart.getChart(c).data.labels")
    assert page.locator(".pf-chart canvas.chart").first.evaluate(
        "c => Chart.getChart(c).options.interaction.mode") == "index"
    target = 1 if labels[1] == "Instagram" else 0
    _click_chart_element(page, ".pf-chart canvas.chart", target)
    page.wait_for_url("**/admin/dashboards/platform/instagram/**")
    query = parse_qs(urlparse(page.url).query)
    today = timezone.localdate()
    assert query["period"] == ["range"] and query["start"] == [(today - timedelta(days=6)).isoformat()]
    assert page.locator(".pf-tabs").get_by_text("Instagram").first.is_visible()

    page.goto(f"{base}/admin/dashboards/best-time/?period=30")
    cell = page.locator("td.pf-heat a").first
    weekday = cell.locator("xpath=..").get_attribute("data-weekday")
    hour = cell.locator("xpath=..").get_attribute("data-hour")
    posts_in_cell = int(cell.get_attribute("aria-label").rsplit(": ", 1)[1].split()[0])
    cell.click()
    page.wait_for_url("**/admin/analytics/post/**")
    query = parse_qs(urlparse(page.url).query)
    assert query["weekday"] == [weekday] and query["hour"] == [hour]
    assert page.locator("#result_list tbody tr").count() == posts_in_cell


def test_screenshots_of_every_dashboard(log_in, live_server):
    dataset = _lead_page_data()
    page = log_in("photographer")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "unified": "/admin/", "platform": "/admin/dashboards/platform/mastodon/",
        "comparison": "/admin/dashboards/comparison/", "hashtags": "/admin/dashboards/hashtags/",
        "best-time": "/admin/dashboards/best-time/", "growth": "/admin/dashboards/growth/",
        "fans": "/admin/dashboards/fans/", "content": "/admin/dashboards/content/",
        "decay": "/admin/dashboards/decay/", "post": f"/admin/dashboards/posts/{dataset.post.pk}/",
        "metrics": "/admin/dashboards/metrics/",
    }
    for size, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages.items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            page.wait_for_function(CHARTS_READY)
            page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png")
    assert len(list(SCREENSHOTS.glob("*.png"))) >= len(pages) * len(VIEWPORTS)
