"""A staff user in headless Chromium: log in, filter posts, refresh two of them, export CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from analytics.models import SyncRun
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def posts():
    now = timezone.now()
    insta = factories.AccountFactory(instance=factories.InstanceFactory(platform="instagram"), handle="shop")
    recent = [factories.SummaryFactory(post__account=insta, post__posted_at=now - timedelta(days=d),
                                       post__caption_text=f"Instagram post {d}").post for d in (1, 2)]
    factories.SummaryFactory(post__account=insta, post__posted_at=now - timedelta(days=60))
    factories.SummaryFactory(post__caption_text="A mastodon post")
    return recent


def test_filter_refresh_and_export_posts(page: Page, live_server, log_in, posts):
    base = live_server.url
    log_in()
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    today = timezone.localdate().isoformat()
    page.goto(f"{base}/admin/analytics/post/")
    page.locator("a.filter-open-button").click()
    page.locator("select[name=platform__exact]").select_option("instagram", force=True)
    page.fill("input[name=posted_at_from]", week_ago)
    page.fill("input[name=posted_at_to]", today)
    page.get_by_role("button", name="Apply Filters").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)

    page.locator("#result_list tbody input.action-select").nth(0).check()
    page.locator("#result_list tbody input.action-select").nth(1).check()
    page.locator("select[name=action]").select_option("refresh_engagement")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("2 refreshes queued")).to_be_visible()
    run = SyncRun.objects.get()
    assert sorted(run.params["post_ids"]) == sorted(p.pk for p in posts)

    page.get_by_role("link", name="Export").click()
    page.locator("select[name=format]").select_option(label="csv", force=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Submit").click()
    body = download_info.value.path().read_text(encoding="utf-8-sig")
    captions = {row["Caption"] for row in csv.DictReader(io.StringIO(body))}
    assert captions == {"Instagram post 1", "Instagram post 2"}
