"""A liker list with a malformed item is incomplete (issue 10 #5): the refresh adds what it holds, removes no
stored like, and ends `partial` saying how many items were bad."""

from __future__ import annotations

import pytest

from analytics.models import Like, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from tests.analytics.services.fake_mastodon import FakeMastodon

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_a_malformed_liker_removes_no_stored_like_and_makes_the_run_partial(fake, account, monkeypatch):
    sync_account_posts(account)
    assert refresh_account_engagement(account).status == SyncStatus.OK
    post = next(p for p in fake.live_posts() if len(p.likers) >= 2)
    gone = post.likers.pop()  # unliked on the platform; an incomplete list cannot tell
    post.likers.append("newcomer")  # the count stays, so force the re-read
    original = FakeMastodon._actors

    def with_bad_items(self, remote_id, attribute, query):
        status, headers, body = original(self, remote_id, attribute, query)
        if remote_id == post.remote_id and attribute == "likers" and "max_id" not in query:
            body = [{"id": None, "acct": None}, "not an account", *body]
        return status, headers, body

    monkeypatch.setattr(FakeMastodon, "_actors", with_bad_items)
    result = refresh_account_engagement(account, force=True)

    assert result.status == SyncStatus.PARTIAL
    assert f"{post.remote_id}: likers list incomplete" in result.message
    assert "2 malformed item(s)" in result.message
    assert Like.objects.get(post__remote_id=post.remote_id, actor__remote_id=f"fan-{gone}").removed_at is None
    assert Like.objects.filter(post__remote_id=post.remote_id, actor__remote_id="fan-newcomer").exists()
