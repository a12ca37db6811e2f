"""Rate-limit headers a hostile or sloppy server sends: waits are never 0 after a 429 and never unbounded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from platforms.errors import InvalidInstanceURL, RateLimited
from platforms.ratelimit import MAX_SERVER_WAIT, read_rate_limit
from platforms.urls import check_public_url, is_safe_link

URL = "https://api.example/thing"


def _http_date(when) -> str:
    return when.strftime("%a, %d %b %Y %H:%M:%S GMT")


def test_429_with_a_reset_rounded_down_to_now_still_waits_at_least_a_second(mocked, policy, clock):
    now = clock.now().isoformat().replace("+00:00", "Z")
    mocked.get(URL, status=429, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": now,
                                         "Date": _http_date(clock.now())})
    mocked.get(URL, json=[])
    policy.get_json(URL)
    assert clock.sleeps and clock.sleeps[0] >= 1.0


@pytest.mark.parametrize("value", ["inf", "1e20", "-5", "nan", "Fri, 01 Jan 3000 00:00:00 GMT", "garbage"])
def test_absurd_retry_after_gives_a_bounded_retry_at(mocked, make_policy, clock, value):
    policy = make_policy(max_attempts=1)
    mocked.get(URL, status=429, headers={"Retry-After": value})
    with pytest.raises(RateLimited) as caught:
        policy.get_json(URL)
    wait = (caught.value.retry_at - clock.now()).total_seconds()
    assert 1.0 <= wait <= MAX_SERVER_WAIT + 1.0


def test_a_reset_far_from_the_date_header_is_clamped(mocked, make_policy, clock):
    policy = make_policy(max_attempts=1)
    mocked.get(URL, status=429, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "3000-01-01T00:00:00Z",
                                         "Date": _http_date(clock.now())})
    with pytest.raises(RateLimited) as caught:
        policy.get_json(URL)
    assert caught.value.retry_at <= clock.now() + timedelta(seconds=MAX_SERVER_WAIT + 1)


def test_read_rate_limit_clamps_a_reset_years_ahead(clock):
    state = read_rate_limit({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "9999-12-31T23:59:59Z"},
                            received_at=clock.now())
    assert state.reset_at == clock.now() + timedelta(seconds=MAX_SERVER_WAIT)


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest", "https://100.64.0.1/a.jpg", "https://[::ffff:127.0.0.1]/a.jpg",
    "https://10.1.2.3/a.jpg", "javascript:alert(1)", "data:text/html,x", "https://user:pw@cdn.example/a.jpg",
    "https://localhost/a.jpg", "http://cdn.example/a.jpg",
])
def test_check_public_url_refuses_internal_or_odd_urls(url):
    with pytest.raises(InvalidInstanceURL):
        check_public_url(url, allow_insecure=False)


def test_check_public_url_accepts_a_public_literal_and_insecure_when_allowed():
    assert check_public_url("https://93.184.216.34/a.jpg", allow_insecure=False) == "https://93.184.216.34/a.jpg"
    assert check_public_url("http://127.0.0.1:8000/m.png", allow_insecure=True) == "http://127.0.0.1:8000/m.png"


def test_check_public_url_refuses_a_name_resolving_to_a_private_address(monkeypatch):
    import socket

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("192.168.1.5", 443))])
    with pytest.raises(InvalidInstanceURL, match="non-public"):
        check_public_url("https://media.example/a.jpg", allow_insecure=False)


@pytest.mark.parametrize(("url", "safe"), [
    ("https://cdn.example/a.jpg", True), ("http://cdn.example/a.jpg", True), ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False), ("data:image/png;base64,xx", False), ("", False), (None, False),
    ("//cdn.example/a.jpg", False),
])
def test_is_safe_link_allows_only_http_and_https(url, safe):
    assert is_safe_link(url) is safe
