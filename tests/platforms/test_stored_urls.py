"""Storage-time screen of URLs staff browsers load (media, thumbnails, profiles, avatars): a host *name* that
resolves to a private address is refused before it is stored, which the render-time check cannot see."""

from __future__ import annotations

import socket

import pytest

from platforms import urls
from platforms.urls import forget_url_verdicts, screen_stored_url


@pytest.fixture
def dns(monkeypatch):
    """A resolver with fixed answers; counts lookups per host. Unknown names do not resolve."""
    answers: dict[str, list[str]] = {}
    lookups: dict[str, int] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        lookups[host] = lookups.get(host, 0) + 1
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    forget_url_verdicts()
    yield answers, lookups
    forget_url_verdicts()


def test_a_name_resolving_to_a_public_address_is_kept_and_resolved_once_per_host(dns):
    answers, lookups = dns
    answers["files.example.org"] = ["93.184.216.34"]
    stored = [screen_stored_url(f"https://files.example.org/media/{n}.jpg", allow_insecure=False) for n in range(40)]
    assert stored == [f"https://files.example.org/media/{n}.jpg" for n in range(40)]
    assert lookups == {"files.example.org": 1}


@pytest.mark.parametrize("private", ["127.0.0.1", "10.1.2.3", "192.168.0.9", "169.254.169.254", "100.64.0.1",
                                     "0.0.0.0", "::1", "fd00::5"])  # noqa: S104 (a resolver answer)
def test_a_name_resolving_to_a_non_public_address_is_not_stored(dns, private):
    answers, _ = dns
    answers["cdn.attacker.example"] = [private]
    assert screen_stored_url("https://cdn.attacker.example/a.jpg", allow_insecure=False) == ""


def test_one_private_answer_among_public_ones_is_enough_to_refuse(dns):
    answers, _ = dns
    answers["mixed.example.org"] = ["93.184.216.34", "10.0.0.8"]
    assert screen_stored_url("https://mixed.example.org/a.jpg", allow_insecure=False) == ""


def test_a_name_that_does_not_resolve_is_kept(dns):
    # A browser cannot reach it either; the recorded fixtures' hosts do not resolve on this machine.
    assert screen_stored_url("https://files.nowhere.example/a.jpg", allow_insecure=False) == \
        "https://files.nowhere.example/a.jpg"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:image/png;base64,AAAA", "ftp://files.example.org/a.jpg", "https:///a.jpg",
    "https://user:pw@files.example.org/a.jpg", "https://localhost/a.jpg", "https://media.local/a.jpg",
    "https://127.0.0.1/a.jpg", "http://[::1]:3000/a.jpg", "https://2130706433/a.jpg", "https://10.0.0.1/a.jpg",
    "https://exa mple.org/a.jpg", "https://files.example.org/" + "a" * 2000, "", None, 42,
])
def test_unsafe_or_malformed_urls_are_not_stored(dns, url):
    assert screen_stored_url(url, allow_insecure=False) == ""


def test_a_backslash_ends_the_host_as_it_does_in_browsers(dns):
    answers, lookups = dns
    answers["cdn.example.org"] = ["10.0.0.3"]
    assert screen_stored_url("https://cdn.example.org\\@93.184.216.34/a.jpg", allow_insecure=False) == ""
    assert lookups == {"cdn.example.org": 1}


def test_the_insecure_setting_keeps_local_hosts_but_never_other_schemes(dns):
    assert screen_stored_url("http://localhost:3000/a.jpg", allow_insecure=True) == "http://localhost:3000/a.jpg"
    assert screen_stored_url("javascript:alert(1)", allow_insecure=True) == ""


def test_a_verdict_expires_so_a_re_pointed_name_is_refused_again(dns, monkeypatch):
    answers, lookups = dns
    answers["cdn.example.org"] = ["93.184.216.34"]
    now = [1000.0]
    monkeypatch.setattr(urls.time, "monotonic", lambda: now[0])
    assert screen_stored_url("https://cdn.example.org/a.jpg", allow_insecure=False)
    answers["cdn.example.org"] = ["10.0.0.3"]
    now[0] += urls.VERDICT_SECONDS - 1
    assert screen_stored_url("https://cdn.example.org/b.jpg", allow_insecure=False)  # still the cached verdict
    now[0] += 2
    assert screen_stored_url("https://cdn.example.org/c.jpg", allow_insecure=False) == ""
    assert lookups == {"cdn.example.org": 2}
