"""Fixtures for the sync engine and its commands: an account on a fake Mastodon served by `responses`, no real
sleeping."""

from __future__ import annotations

import pytest
import responses

from analytics.models import Account, Instance
from tests import factories
from tests.analytics.services.fake_mastodon import BASE, OWN_ID, FakeMastodon, make_world


@pytest.fixture
def pauses(settings):
    """Every pause the HTTP policy asks for, recorded instead of slept."""
    taken: list[float] = []
    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "sleep": taken.append, "max_attempts": 2}
    return taken


@pytest.fixture
def fake(pauses):
    world = FakeMastodon(make_world(5))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        world.register(mock)
        yield world


@pytest.fixture
def account(db):
    instance = Instance.objects.create(base_url=BASE, platform="mastodon")
    return Account.objects.create(instance=instance, platform="mastodon", remote_id=OWN_ID, handle="brand",
                                  access_token="test-token-123", followers_count=1000)


# Two accounts with known followers, for the selector and roll-up tests.
@pytest.fixture
def mastodon(db):
    return factories.AccountFactory(followers_count=100)


@pytest.fixture
def instagram(db):
    instance = factories.InstanceFactory(base_url="https://graph.instagram.com", platform="instagram")
    return factories.AccountFactory(instance=instance, followers_count=400)
