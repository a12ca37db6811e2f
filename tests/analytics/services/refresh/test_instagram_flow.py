"""The same engine on Instagram: no likers or sharers lists, comments with replies, insights, token rotation.

Payload shapes are the documented ones kept in tests/fixtures/instagram (see each file's `source`).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import responses
from django.utils import timezone

from analytics.models import Account, Comment, EngagementSummary, Instance, Like, Post, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]
FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "instagram"
GRAPH = "https://graph.instagram.com"
REEL = "18000000000000003"


def _body(name: str):
    return json.loads((FIXTURES / f"{name}.json").read_text())["body"]


class FakeInstagram:
    def __init__(self) -> None:
        self.refreshed = 0
        self.refresh_answer: tuple[int, dict] | None = None  # None: the recorded success

    def route(self, request):
        url = urlparse(request.url)
        query = parse_qs(url.query)
        if url.path.endswith("/refresh_access_token"):
            self.refreshed += 1
            if self.refresh_answer is not None:
                return self.refresh_answer[0], {}, json.dumps(self.refresh_answer[1])
            return 200, {}, json.dumps(_body("refresh_token"))
        if url.path.endswith("/me"):
            return 200, {}, json.dumps(_body("me"))
        if url.path.endswith("/media"):
            return 200, {}, json.dumps(_body("media_page2" if "after" in query else "media_page1"))
        if url.path.endswith("/insights"):
            return 200, {}, json.dumps(_body("insights"))
        if url.path.endswith("/comments"):
            return 200, {}, json.dumps(_body("comments") if f"/{REEL}/" in url.path else {"data": []})
        media_id = url.path.rsplit("/", 1)[-1]
        for page in ("media_page1", "media_page2"):
            for item in _body(page)["data"]:
                if item["id"] == media_id:
                    return 200, {}, json.dumps(item)
        return 404, {}, json.dumps({"error": {"message": "Unsupported get request", "code": 100}})


@pytest.fixture
def instagram(pauses):
    fake = FakeInstagram()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.GET, re.compile(rf"{GRAPH}/.*"), fake.route)
        instance = Instance.objects.create(base_url=GRAPH, platform="instagram")
        account = Account.objects.create(instance=instance, platform="instagram", remote_id="17841400000000001",
                                         handle="studio.example", access_token="IGQWR-old-token")
        yield fake, account


def test_instagram_posts_comments_and_insights_are_stored(instagram):
    _, account = instagram
    assert sync_account_posts(account).status == SyncStatus.OK
    assert refresh_account_engagement(account).status == SyncStatus.OK
    assert Post.objects.filter(account=account).count() == 3
    reel = EngagementSummary.objects.get(post__remote_id=REEL)
    assert (reel.views, reel.reach, reel.saved) == (5400, 3100, 42)
    assert reel.insights_fetched_at is not None and reel.insights_fetched_at == reel.counts_fetched_at
    assert not Like.objects.exists(), "Instagram cannot say who liked; nothing may be invented"
    reply = Comment.objects.get(remote_id="17900000000000002")
    assert reply.parent.remote_id == "17900000000000001"
    assert Comment.objects.get(remote_id="17900000000000003").hidden is True


def test_a_hidden_like_count_is_not_stored_as_zero_over_a_known_value(instagram):
    _, account = instagram
    sync_account_posts(account)
    first = EngagementSummary.objects.get(post__remote_id=REEL)
    assert first.likes is None, "the owner hid the count: unknown, not 0"
    assert first.total_engagement == 4  # the known part: 4 comments
    EngagementSummary.objects.filter(post__remote_id=REEL).update(likes=12)
    refresh_account_engagement(account)  # the reel's listing has no like_count (hidden by the owner)
    assert EngagementSummary.objects.get(post__remote_id=REEL).likes == 12


def test_an_old_long_lived_token_is_rotated_during_sync(instagram):
    fake, account = instagram
    Account.objects.filter(pk=account.pk).update(token_refreshed_at=timezone.now() - timedelta(days=8))
    account.refresh_from_db()
    sync_account_posts(account)
    account.refresh_from_db()
    assert fake.refreshed == 1
    assert account.access_token.reveal() == "IGQWR-new-long-lived-token"
    assert account.token_expires_at > timezone.now() + timedelta(days=59)


def test_a_recent_token_is_left_alone(instagram):
    fake, account = instagram
    Account.objects.filter(pk=account.pk).update(token_refreshed_at=timezone.now() - timedelta(days=1))
    account.refresh_from_db()
    sync_account_posts(account)
    assert fake.refreshed == 0


def test_a_failed_rotation_is_kept_on_the_account_and_the_sync_still_ends_ok(instagram):
    fake, account = instagram
    expires = timezone.now() + timedelta(days=20)
    Account.objects.filter(pk=account.pk).update(token_refreshed_at=timezone.now() - timedelta(days=40),
                                                 token_expires_at=expires)
    account.refresh_from_db()
    fake.refresh_answer = (200, {"token_type": "bearer"})  # an answer without access_token
    assert sync_account_posts(account).status == SyncStatus.OK
    account.refresh_from_db()
    assert account.token_refresh_error.startswith("BadPayload")
    assert account.access_token.reveal() == "IGQWR-old-token" and account.token_expires_at == expires

    fake.refresh_answer = None  # the next sync rotates and clears the failure
    sync_account_posts(account)
    account.refresh_from_db()
    assert account.token_refresh_error == "" and account.access_token.reveal() == "IGQWR-new-long-lived-token"


def test_a_rotation_refused_for_the_token_is_kept_and_fails_the_run(instagram):
    fake, account = instagram
    Account.objects.filter(pk=account.pk).update(token_refreshed_at=timezone.now() - timedelta(days=40))
    account.refresh_from_db()
    fake.refresh_answer = (400, {"error": {"message": "Error validating access token: Session has expired",
                                           "type": "OAuthException", "code": 190}})
    assert sync_account_posts(account).status == SyncStatus.FAILED
    account.refresh_from_db()
    assert account.token_refresh_error.startswith("AuthError")
    assert "IGQWR" not in account.token_refresh_error
