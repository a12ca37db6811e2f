"""Layout at 1440 x 900: the posts list fits without scrolling sideways, with its secondary columns hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_posts_list_fits_a_1440_px_screen(page: Page, live_server, log_in):
    now = timezone.now()
    shop = factories.AccountFactory(handle="a_very_long_shop_handle_name", instance=factories.InstanceFactory(
        platform="instagram", base_url="https://graph.instagram.com"))
    for days in range(5):  # five-digit counts and a long handle: 1,239 px of table in 1,118 px before
        factories.SummaryFactory(post__account=shop, post__posted_at=now - timedelta(days=days), likes=12345,
                                 comments=1234, shares=123, total_engagement=13702, engagement_rate=0.0123,
                                 views=123456, reach=98765,
                                 post__caption_text="A long caption about the harbour at sunset " * 4)
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in()

    page.goto(f"{live_server.url}/admin/analytics/post/")

    widths = page.evaluate("""() => {
        const table = document.getElementById('result_list');
        const box = table.parentElement;
        return {table: table.scrollWidth, box: box.clientWidth, page: document.documentElement.scrollWidth};
    }""")
    assert widths["page"] <= 1440, widths
    assert widths["table"] <= widths["box"], widths
    assert not page.locator("#result_list th.column-views").is_visible()
    assert page.locator("#result_list th.column-links").is_visible()
