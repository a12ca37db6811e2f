"""Against the sandbox: a post's Comments count equals its whole thread, and its timeline never falls."""

from __future__ import annotations

import pytest

from analytics.models import Post, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from tests.e2e.conftest import connect_sandbox_accounts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_the_comments_count_is_the_sandboxs_thread_and_the_timeline_never_falls(sandbox):
    account = connect_sandbox_accounts(sandbox, keys={"alice"})["alice"]
    assert sync_account_posts(account).status == SyncStatus.OK
    assert refresh_account_engagement(account).status == SyncStatus.OK
    threads = {post["id"]: len(post["comments"]) for post in sandbox.truth()["accounts"]["alice"]["media_posts"]}

    posts = list(Post.objects.filter(account=account).select_related("summary"))
    assert posts
    for post in posts:
        assert post.summary.comments == threads[post.remote_id], post.remote_id
        series = list(post.snapshots.order_by("captured_at").values_list("comments", flat=True))
        assert series == sorted(series), (post.remote_id, series)
    assert any(post.summary.platform_comments < post.summary.comments for post in posts), \
        "the sandbox reports direct replies only: some thread should be longer than its replies_count"
