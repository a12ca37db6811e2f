"""Fixtures for the platform client tests: network mocked for every test, a fake clock, ready clients."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import responses

from platforms.http import HttpPolicy
from platforms.instagram import InstagramClient
from platforms.mastodon import MastodonClient
from platforms.pixelfed import PixelfedClient

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"  # CI checks shared/ out beside the clone
LOCAL_FIXTURES = REPO_ROOT / "tests" / "fixtures"
MASTODON = "https://mastodon.example"
PIXELFED = "https://pixelfed.example"
GRAPH = "https://graph.instagram.com"
TOKEN = "s3cret-mastodon-token"
IG_TOKEN = "IGQWR-s3cret-instagram-token"


class FakeClock:
    """`now` and `sleep` for the policy: sleeping only moves the clock and records the wait."""

    def __init__(self, start: datetime = datetime(2026, 8, 1, 13, 50, tzinfo=UTC)) -> None:
        self.current = start
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.current += timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def mocked() -> Iterator[responses.RequestsMock]:
    """Every test here runs with `responses` active: any unmocked request fails, unused mocks fail too."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_policy(clock: FakeClock) -> Callable[..., HttpPolicy]:
    def make(**options: Any) -> HttpPolicy:
        # jitter 0.5: backoff(n) = 0.75 * base * 2**(n-1), so waits are exact numbers in assertions
        return HttpPolicy(sleep=clock.sleep, now=clock.now, jitter=lambda: 0.5, **options)

    return make


@pytest.fixture
def policy(make_policy: Callable[..., HttpPolicy]) -> HttpPolicy:
    return make_policy()


@pytest.fixture
def mastodon(policy: HttpPolicy) -> MastodonClient:
    return MastodonClient(MASTODON, TOKEN, http=policy)


@pytest.fixture
def pixelfed(make_policy: Callable[..., HttpPolicy]) -> PixelfedClient:
    return PixelfedClient(PIXELFED, TOKEN, http=make_policy(min_interval=1.0))


@pytest.fixture
def instagram(policy: HttpPolicy) -> InstagramClient:
    return InstagramClient(GRAPH, IG_TOKEN, http=policy)


@pytest.fixture
def shared_fixture() -> Callable[[str], dict[str, Any]]:
    def load(name: str) -> dict[str, Any]:
        return json.loads((SHARED_FIXTURES / "mastodon" / name).read_text(encoding="utf-8"))

    return load


@pytest.fixture
def local_fixture() -> Callable[[str], dict[str, Any]]:
    """`local_fixture("pixelfed/favourited_by_page1")` -> {"source", "status", "headers", "body"}."""

    def load(name: str) -> dict[str, Any]:
        return json.loads((LOCAL_FIXTURES / f"{name}.json").read_text(encoding="utf-8"))

    return load


@pytest.fixture
def make_status() -> Callable[..., dict[str, Any]]:
    """A minimal valid Mastodon Status with one image; keyword overrides replace fields."""

    def make(status_id: str = "110000000000000001", **overrides: Any) -> dict[str, Any]:
        status: dict[str, Any] = {
            "id": status_id,
            "created_at": "2026-08-01T12:00:00.000Z",
            "edited_at": None,
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "visibility": "public",
            "language": "en",
            "url": f"{MASTODON}/@alice/{status_id}",
            "uri": f"{MASTODON}/users/alice/statuses/{status_id}",
            "content": "<p>Hello</p>",
            "reblog": None,
            "favourites_count": 1,
            "reblogs_count": 2,
            "replies_count": 3,
            "quotes_count": 0,
            "tags": [],
            "media_attachments": [
                {
                    "id": "1",
                    "type": "image",
                    "url": f"{MASTODON}/m/1.jpg",
                    "preview_url": f"{MASTODON}/m/1_small.jpg",
                }
            ],
            "account": {"id": "1", "username": "alice", "acct": "alice", "display_name": "Alice"},
        }
        status.update(overrides)
        return status

    return make


@pytest.fixture
def make_account() -> Callable[..., dict[str, Any]]:
    def make(account_id: str, acct: str | None = None) -> dict[str, Any]:
        name = acct or f"user{account_id}"
        return {
            "id": account_id,
            "username": name.split("@")[0],
            "acct": name,
            "display_name": name.title(),
            "url": f"{MASTODON}/@{name}",
            "avatar": f"{MASTODON}/avatars/{account_id}.png",
        }

    return make
