"""End to end: the sandbox instance over real HTTP, the real platform clients, the real database."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest
from django.db import connection

from analytics.models import Account
from analytics.services.accounts.connect import connect_account
from platforms.sandbox import start_sandbox

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, no persistence, stopped after the test."""
    if not os.access(REDIS_SERVER, os.X_OK):
        pytest.fail("redis-server is missing: make test installs Debian's redis-server")
    port = _free_port()
    workdir = tempfile.mkdtemp(prefix="postflow-redis-")
    process = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", workdir], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(workdir, ignore_errors=True)


def database_url() -> str:
    """The test database, for a child process (a transactional test: the child sees committed rows)."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
