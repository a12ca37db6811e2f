"""Instance URL validation: scheme+host(+port) only, https and public addresses unless allowed."""

from __future__ import annotations

import pytest

from platforms.errors import InvalidInstanceURL
from platforms.mastodon import MastodonClient
from platforms.urls import normalise_instance_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://Mastodon.Social/", "https://mastodon.social"),
        ("mastodon.social", "https://mastodon.social"),
        ("  https://pixelfed.social:443  ", "https://pixelfed.social"),
        ("https://example.org:8443", "https://example.org:8443"),
        ("https://münchen.social", "https://xn--mnchen-3ya.social"),
        ("https://example.org.", "https://example.org"),
    ],
)
def test_valid_urls_are_normalised(given, expected):
    assert normalise_instance_url(given, allow_insecure=False) == expected


@pytest.mark.parametrize(
    "given",
    [
        "",
        "ftp://example.org",
        "https://user:pw@example.org",
        "https://example.org/api/v1",
        "https://example.org/?x=1",
        "https://example.org/#top",
        "https://exa_mple.org",
        "https://example.org:99999",
    ],
)
def test_malformed_urls_are_refused(given):
    with pytest.raises(InvalidInstanceURL):
        normalise_instance_url(given, allow_insecure=True)


@pytest.mark.parametrize(
    "given",
    [
        "http://example.org",
        "https://localhost",
        "https://api.localhost",
        "https://127.0.0.1",
        "https://10.1.2.3",
        "https://192.168.0.10:8443",
        "https://169.254.169.254",
        "https://[::1]",
        "https://[fe80::1]",
        "https://0.0.0.0",
        "https://2130706433",
        "https://0x7f.1",
    ],
)
def test_insecure_or_internal_urls_are_refused_by_default(given):
    with pytest.raises(InvalidInstanceURL):
        normalise_instance_url(given, allow_insecure=False)


@pytest.mark.parametrize("given", ["http://localhost:3000/", "http://127.0.0.1:8000", "https://10.0.0.5"])
def test_insecure_urls_are_accepted_when_allowed(given):
    assert normalise_instance_url(given, allow_insecure=True).startswith(("http://", "https://"))


def test_ipv6_literal_keeps_its_brackets():
    assert (
        normalise_instance_url("https://[2001:db8::1]:8443", allow_insecure=True)
        == "https://[2001:db8::1]:8443"
    )


def test_clients_validate_their_instance_url():
    with pytest.raises(InvalidInstanceURL):
        MastodonClient("http://mastodon.example", "token")
