"""Slowing down before the server refuses: rate-limit headers, usage and minimum-interval pacing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from platforms.errors import RateLimited
from platforms.ratelimit import parse_retry_after, read_rate_limit

URL = "https://api.example/thing"


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _limit_headers(remaining: int, reset: datetime, limit: int = 300) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": _iso(reset),
    }


def test_rate_limit_reset_is_read_as_an_iso_timestamp_not_seconds():
    received = datetime(2026, 8, 1, 13, 50, tzinfo=UTC)
    state = read_rate_limit(
        {"X-RateLimit-Remaining": "299", "X-RateLimit-Reset": "2026-08-01T13:55:00.031164Z"},
        received_at=received,
    )
    assert state is not None
    assert state.reset_at == datetime(2026, 8, 1, 13, 55, 0, 31164, tzinfo=UTC)


def test_server_date_header_corrects_clock_skew():
    ours = datetime(2026, 8, 1, 13, 50, tzinfo=UTC)
    headers = {
        "X-RateLimit-Remaining": "1",
        "X-RateLimit-Reset": "2026-08-01T14:00:10Z",
        "Date": "Sat, 01 Aug 2026 14:00:00 GMT",
    }  # the server's clock is 10 min ahead of ours
    state = read_rate_limit(headers, received_at=ours)
    assert state is not None
    assert state.reset_at == ours + timedelta(seconds=10)


def test_low_remaining_spreads_the_budget_over_the_time_until_reset(mocked, policy, clock):
    mocked.get(URL, json=[], headers=_limit_headers(5, clock.now() + timedelta(seconds=100)))
    mocked.get(URL, json=[])
    policy.get_json(URL)
    policy.get_json(URL)
    assert clock.sleeps == [20.0]  # 100 s left / 5 requests left


def test_plenty_remaining_does_not_slow_down(mocked, policy, clock):
    mocked.get(URL, json=[], headers=_limit_headers(250, clock.now() + timedelta(seconds=100)))
    mocked.get(URL, json=[])
    policy.get_json(URL)
    policy.get_json(URL)
    assert clock.sleeps == []


def test_zero_remaining_waits_until_the_reset(mocked, policy, clock):
    mocked.get(URL, json=[], headers=_limit_headers(0, clock.now() + timedelta(seconds=90)))
    mocked.get(URL, json=[])
    policy.get_json(URL)
    policy.get_json(URL)
    assert clock.sleeps == [90.0]


def test_pacing_longer_than_max_pause_raises_rate_limited_instead_of_sleeping(mocked, make_policy, clock):
    policy = make_policy(max_pause=60.0)
    reset = clock.now() + timedelta(minutes=5)
    mocked.get(URL, json=[], headers=_limit_headers(0, reset))
    policy.get_json(URL)
    with pytest.raises(RateLimited) as caught:
        policy.get_json(URL)
    assert caught.value.retry_at == reset
    assert clock.sleeps == []


def test_min_interval_paces_servers_without_rate_limit_headers(mocked, make_policy, clock):
    policy = make_policy(min_interval=1.5)
    for _ in range(3):
        mocked.get(URL, json=[])
    for _ in range(3):
        policy.get_json(URL)
    assert clock.sleeps == [1.5, 1.5]


def test_high_usage_percentage_spaces_requests(mocked, policy, clock):
    mocked.get(URL, json=[])
    mocked.get(URL, json=[])
    policy.get_json(URL)
    policy.observe_usage(95.0)
    policy.get_json(URL)
    assert clock.sleeps == [pytest.approx(60.0 * 0.8 * 0.8)]  # (95-75)/25 = 0.8, squared, of 60 s


def test_usage_regain_time_defers_the_next_request(mocked, policy, clock):
    mocked.get(URL, json=[])
    policy.observe_usage(100.0, regain_after=timedelta(minutes=2))
    policy.get_json(URL)
    assert clock.sleeps == [120.0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12.0), ("0", 0.0), ("Sat, 01 Aug 2026 13:50:30 GMT", 30.0), ("soon", None), (None, None)],
)
def test_retry_after_accepts_seconds_or_http_date(value, expected):
    assert parse_retry_after(value, now=datetime(2026, 8, 1, 13, 50, tzinfo=UTC)) == expected
