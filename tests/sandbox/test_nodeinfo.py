"""The sandbox's nodeinfo, read by the product's own reader over real HTTP, and its `software` switch."""

from __future__ import annotations

from typing import Any

from platforms.http import HttpPolicy
from platforms.nodeinfo import read_nodeinfo


def _read(url: str):
    return read_nodeinfo(HttpPolicy(allow_insecure=True, max_attempts=1), url)


def test_each_instance_names_its_software(make_sandbox: Any) -> None:
    sandbox = make_sandbox()
    assert (_read(sandbox.mastodon_url).software, _read(sandbox.mastodon_url).version) == ("mastodon", "4.6.4")
    assert (_read(sandbox.pixelfed_url).software, _read(sandbox.pixelfed_url).version) == ("pixelfed", "0.12.5")


def test_the_software_switch_renames_the_mastodon_like_instance(make_sandbox: Any) -> None:
    sandbox = make_sandbox(software="gotosocial")
    assert _read(sandbox.mastodon_url).software == "gotosocial"
    assert _read(sandbox.pixelfed_url).software == "pixelfed"
