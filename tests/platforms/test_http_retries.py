"""Retries, backoff and the status-code -> typed error mapping of HttpPolicy."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from platforms.errors import AuthError, BadPayload, NotFound, PlatformError, RateLimited, TransientError
from platforms.http import USER_AGENT

URL = "https://api.example/thing"


def test_success_returns_decoded_json_and_counts_one_request(mocked, policy):
    mocked.get(URL, json={"ok": True})
    response = policy.get_json(URL)
    assert response.data == {"ok": True}
    assert policy.request_count == 1


def test_user_agent_names_the_product_and_version(mocked, policy):
    mocked.get(URL, json={})
    policy.get_json(URL)
    assert mocked.calls[0].request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("PostFlowAnalytics/0.1 (+")


def test_connect_and_read_timeouts_are_sent_with_every_request(mocked, make_policy):
    mocked.get(URL, json={})
    make_policy(connect_timeout=3.0, read_timeout=20.0).get_json(URL)
    assert mocked.calls[0].request.req_kwargs["timeout"] == (3.0, 20.0)


def test_server_error_then_success_retries_after_backoff(mocked, policy, clock):
    mocked.get(URL, status=502)
    mocked.get(URL, json=[1])
    assert policy.get_json(URL).data == [1]
    assert clock.sleeps == [0.75]  # base 1 s, equal jitter at 0.5
    assert policy.request_count == 2


def test_server_errors_exhausting_attempts_raise_transient_error(mocked, policy, clock):
    for _ in range(4):
        mocked.get(URL, status=503)
    with pytest.raises(TransientError) as caught:
        policy.get_json(URL)
    assert caught.value.status == 503
    assert clock.sleeps == [0.75, 1.5, 3.0]  # exponential
    assert policy.request_count == 4


def test_timeout_then_success_retries(mocked, policy, clock):
    mocked.get(URL, body=requests.ReadTimeout("read timed out"))
    mocked.get(URL, json={"ok": 1})
    assert policy.get_json(URL).data == {"ok": 1}
    assert clock.sleeps == [0.75]


def test_connection_errors_exhausting_attempts_raise_transient_error(mocked, make_policy, clock):
    policy = make_policy(max_attempts=2)
    for _ in range(2):
        mocked.get(URL, body=requests.ConnectionError("connection refused"))
    with pytest.raises(TransientError, match="ConnectionError"):
        policy.get_json(URL)
    assert policy.request_count == 2


def test_total_retry_time_is_bounded_even_with_attempts_left(mocked, make_policy, clock):
    policy = make_policy(max_attempts=10, max_retry_time=2.0)
    for _ in range(2):
        mocked.get(URL, status=500)
    with pytest.raises(TransientError):
        policy.get_json(URL)
    assert clock.sleeps == [0.75]  # the next wait (1.5 s) would pass the 2 s budget


def test_429_waits_the_retry_after_seconds_then_succeeds(mocked, policy, clock):
    mocked.get(URL, status=429, headers={"Retry-After": "7"})
    mocked.get(URL, json=[])
    policy.get_json(URL)
    assert clock.sleeps == [7.5]  # plus jitter (0.5 of 1 s here)


def test_429_retry_after_as_http_date_is_honoured(mocked, policy, clock):
    when = clock.now() + timedelta(seconds=12)
    mocked.get(URL, status=429, headers={"Retry-After": when.strftime("%a, %d %b %Y %H:%M:%S GMT")})
    mocked.get(URL, json=[])
    policy.get_json(URL)
    assert clock.sleeps == [12.5]


def test_429_after_retries_raises_rate_limited_with_retry_at(mocked, make_policy, clock):
    policy = make_policy(max_attempts=2)
    mocked.get(URL, status=429, headers={"Retry-After": "5"})
    mocked.get(URL, status=429, headers={"Retry-After": "30"})
    with pytest.raises(RateLimited) as caught:
        policy.get_json(URL)
    assert caught.value.retry_at == clock.now() + timedelta(seconds=30.5)


def test_429_asking_longer_than_the_budget_raises_without_sleeping(mocked, policy, clock):
    mocked.get(URL, status=429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimited) as caught:
        policy.get_json(URL)
    assert clock.sleeps == []
    assert caught.value.retry_at == clock.now() + timedelta(hours=1, seconds=0.5)


def test_429_without_retry_after_waits_until_the_rate_limit_reset(mocked, policy, clock):
    reset = (clock.now() + timedelta(seconds=40)).isoformat().replace("+00:00", "Z")
    mocked.get(URL, status=429, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
    mocked.get(URL, json=[])
    policy.get_json(URL)
    assert clock.sleeps == [40.5]


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, AuthError), (403, AuthError), (404, NotFound), (410, NotFound), (422, PlatformError)],
)
def test_client_errors_map_to_typed_errors_without_retry(mocked, policy, status, error):
    mocked.get(URL, status=status, json={"error": "nope"})
    with pytest.raises(error) as caught:
        policy.get_json(URL)
    assert caught.value.status == status
    assert "nope" in str(caught.value)
    assert policy.request_count == 1


def test_invalid_json_raises_bad_payload(mocked, policy):
    mocked.get(URL, body="<html>maintenance</html>", content_type="text/html")
    with pytest.raises(BadPayload, match="not valid JSON"):
        policy.get_json(URL)


def test_on_request_is_called_before_every_attempt_after_the_pause(mocked, make_policy, clock):
    calls = []
    policy = make_policy(on_request=lambda: calls.append(clock.now()))
    mocked.get(URL, status=503)
    mocked.get(URL, json={"ok": True})
    assert policy.get_json(URL).data == {"ok": True}
    assert len(calls) == 2 and calls[1] > calls[0]  # the retry's call comes after its backoff sleep
