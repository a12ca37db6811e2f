"""A refresh renews its heartbeat in every phase that makes one request after another (issue 10 #7): the stale-run
sweep fails a run silent for a lease, so reading counts post by post, the posts listing or many pages of
notifications must not look like a dead worker."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import responses

from analytics.models import SyncRun, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.refresh.targets import SINGLE_READ_LIMIT
from analytics.services.runs.recorder import RunRecorder
from analytics.services.sync.posts import sync_account_posts
from platforms.mastodon.client import MastodonClient
from tests.analytics.services.fake_mastodon import FakeMastodon, make_world

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@pytest.fixture(autouse=True)
def every_heartbeat_written(monkeypatch):
    monkeypatch.setattr(RunRecorder, "PROGRESS_EVERY_SECONDS", 0.0)


def _heartbeat():
    return SyncRun.objects.filter(status=SyncStatus.RUNNING).values_list("heartbeat_at", flat=True).get()


def _spy_calls(monkeypatch, name: str) -> list:
    """The running run's heartbeat as each call of MastodonClient.<name> starts."""
    seen, original = [], getattr(MastodonClient, name)

    def spy(self, *args, **kwargs):
        seen.append(_heartbeat())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MastodonClient, name, spy)
    return seen


def _spy_items(monkeypatch, name: str) -> list:
    """The running run's heartbeat as each item of the generator MastodonClient.<name> is handed over."""
    seen, original = [], getattr(MastodonClient, name)

    def spy(self, *args, **kwargs):
        for item in original(self, *args, **kwargs):
            seen.append(_heartbeat())
            yield item

    monkeypatch.setattr(MastodonClient, name, spy)
    return seen


def test_reading_counts_post_by_post_renews_the_heartbeat(fake, account, monkeypatch):
    sync_account_posts(account)
    seen = _spy_calls(monkeypatch, "get_post")
    assert refresh_account_engagement(account).status == SyncStatus.OK
    assert len(seen) == len(fake.posts) <= SINGLE_READ_LIMIT
    assert len(set(seen)) == len(seen), "a read found the same heartbeat as the read before it"


def test_reading_notifications_renews_the_heartbeat(fake, account, monkeypatch):
    sync_account_posts(account)
    for n in range(3):
        fake.notify_favourite(fake.posts[1], f"fan1{n}", datetime.now(UTC), notification_id=str(n + 1))
    seen = _spy_items(monkeypatch, "iter_engagement_events")
    refresh_account_engagement(account)
    assert len(seen) == 3
    assert len(set(seen)) == 3, "an event found the same heartbeat as the one before it"


def test_reading_the_posts_listing_renews_the_heartbeat(pauses, account, monkeypatch):
    world = FakeMastodon(make_world(SINGLE_READ_LIMIT + 4), page_size=4)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        world.register(mock)
        sync_account_posts(account)
        seen = _spy_items(monkeypatch, "iter_post_pages")
        refresh_account_engagement(account)
    assert len(seen) == 4  # 14 posts, 4 a page
    assert len(set(seen)) == len(seen), "a page found the same heartbeat as the page before it"


def test_paging_through_one_long_liker_list_renews_the_heartbeat(fake, account, monkeypatch):
    long = fake.posts[0]
    long.likers = [f"fan{n}" for n in range(9)]  # 2 a page: 5 pages inside one post's step
    sync_account_posts(account)
    seen, original = [], FakeMastodon._actors

    def spy(self, remote_id, attribute, query):
        if remote_id == long.remote_id and attribute == "likers":
            seen.append(_heartbeat())
        return original(self, remote_id, attribute, query)

    monkeypatch.setattr(FakeMastodon, "_actors", spy)
    assert refresh_account_engagement(account).status == SyncStatus.OK
    assert len(seen) == 5
    assert len(set(seen)) == 5, "a page of the list found the same heartbeat as the page before it"
