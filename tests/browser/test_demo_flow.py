"""The demo as a new user drives it: log in, open the unified dashboard, refresh a post, see the new numbers.

The data comes from the sandbox over real HTTP through the real connect, sync and refresh flows.
"""

from __future__ import annotations

import re

import pytest

from analytics.models import Post
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from platforms.sandbox import start_sandbox
from tests.e2e.conftest import WORLD_START, connect_sandbox_accounts

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_world(settings, q_sync):
    settings.PLATFORM_ALLOW_INSECURE_URLS = True
    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "min_interval": 0.0}
    handle = start_sandbox(seed=21, frozen=True, start=WORLD_START, posts_per_account=8)
    alice = connect_sandbox_accounts(handle, keys={"alice"})["alice"]
    sync_account_posts(alice)
    refresh_account_engagement(alice)
    yield handle, alice
    handle.stop()


def _likes_on_page(page) -> int:
    card = page.locator(".pf-kpi").filter(has_text=re.compile(r"^\s*Likes")).first
    return int(re.sub(r"\D", "", card.inner_text().split("Likes", 1)[1]))


def test_a_new_user_refreshes_a_post_and_sees_the_new_numbers(page, live_server, log_in, demo_world):
    sandbox, alice = demo_world
    log_in("newstaff")
    assert page.locator(".pf-kpi").count() >= 5

    post = Post.objects.filter(account=alice).order_by("-posted_at").first()
    page.goto(f"{live_server.url}/admin/dashboards/posts/{post.pk}/")
    before = _likes_on_page(page)
    for _ in range(3):
        sandbox.like(post.remote_id)

    page.get_by_role("button", name=re.compile("Refresh engagement")).click()
    page.wait_for_url(f"**/admin/dashboards/posts/{post.pk}/")
    assert page.get_by_text(re.compile(r"1 job queued")).is_visible()
    assert _likes_on_page(page) == before + 3
