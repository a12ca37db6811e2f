"""Fixtures of the sandbox tests: sandboxes started on free ports (always stopped) and API sessions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from platforms.sandbox import SandboxHandle, start_sandbox

START = 1_785_600_000.0  # 2026-08-01T16:00:00Z, pinned so ids and times are reproducible


def _repo_root() -> Path:
    here = Path(__file__).resolve()
    return next(parent for parent in here.parents if (parent / "pyproject.toml").exists())


REPO_ROOT = _repo_root()
FIXTURES = REPO_ROOT.parent / "shared" / "fixtures" / "mastodon"

StartSandbox = Callable[..., SandboxHandle]


@pytest.fixture
def make_sandbox() -> Iterator[StartSandbox]:
    """Start sandboxes with any options; every one started is stopped after the test."""
    started: list[SandboxHandle] = []

    def start(**options: Any) -> SandboxHandle:
        options = {"seed": 42, "start": START, "frozen": True, **options}
        handle = start_sandbox(**options)
        started.append(handle)
        return handle

    yield start
    for handle in started:
        handle.stop()


@pytest.fixture
def sandbox(make_sandbox: StartSandbox) -> SandboxHandle:
    return make_sandbox()


class Api:
    """A requests session for one sandbox account: base URL and bearer token filled in."""

    def __init__(self, base_url: str, token: str | None) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path_or_url: str, **params: Any) -> requests.Response:
        url = path_or_url if path_or_url.startswith("http") else f"{self.base_url}{path_or_url}"
        return self.session.get(url, params=params or None, timeout=10)


def api_for(handle: SandboxHandle, key: str) -> Api:
    account = handle.account(key)
    return Api(account["instance_url"], account["access_token"])


def load_fixture(name: str) -> dict[str, Any]:
    import json

    return json.loads((FIXTURES / name).read_text())
