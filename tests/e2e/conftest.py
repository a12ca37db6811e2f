"""End to end: the sandbox instance over real HTTP, the real platform clients, the real database."""

from __future__ import annotations

import pytest

from analytics.models import Account
from analytics.services.accounts.connect import connect_account
from platforms.sandbox import start_sandbox

WORLD_START = 1_795_000_000.0  # a fixed epoch (2026-11-18) so every run sees the same world


@pytest.fixture
def e2e_settings(settings):
    settings.PLATFORM_ALLOW_INSECURE_URLS = True
    # Pixelfed paces itself at 1 request/s against real servers; the local sandbox needs no pacing.
    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "min_interval": 0.0, "backoff_base": 0.05,
                                      "backoff_max": 0.2, "max_pause": 30.0}
    return settings


@pytest.fixture
def sandbox(e2e_settings):
    handle = start_sandbox(seed=11, frozen=True, start=WORLD_START, activity=30.0, posts_per_account=12)
    yield handle
    handle.stop()


def connect_sandbox_accounts(handle, *, keys=None) -> dict[str, Account]:
    """The real connect flow for each (non-revoked) sandbox account; returns key -> Account."""
    connected = {}
    for entry in handle.accounts():
        if entry["revoked"] or (keys and entry["key"] not in keys):
            continue
        connected[entry["key"]] = connect_account(platform=entry["platform"], instance_url=entry["instance_url"],
                                                  token=entry["access_token"])
    return connected
