"""Every request is logged, and no log line or error ever carries a token."""

from __future__ import annotations

import logging

import pytest
import requests

from platforms.errors import NotFound, TransientError
from platforms.http import parse_link_header
from platforms.redact import RedactingFilter, redact_url

SECRET = "tok-ABC123-secret"
URL = "https://graph.instagram.com/v25.0/me"


def test_request_is_logged_without_the_access_token_query_param(mocked, policy, caplog):
    mocked.get(URL, json={})
    with caplog.at_level(logging.DEBUG, logger="platforms.http"):
        policy.get_json(URL, params={"fields": "id", "access_token": SECRET})
    assert any(
        "GET https://graph.instagram.com/v25.0/me?fields=id -> 200" in r.getMessage()
        for r in caplog.records
        if r.name == "platforms.http"
    )
    assert SECRET not in caplog.text


def test_authorization_header_is_never_logged(mocked, policy, caplog):
    mocked.get(URL, status=500)
    mocked.get(URL, json={})
    with caplog.at_level(logging.DEBUG, logger="platforms.http"):
        policy.get_json(URL, headers={"Authorization": f"Bearer {SECRET}"})
    assert SECRET not in caplog.text


def test_error_urls_carry_no_token(mocked, policy):
    mocked.get(URL, status=404)
    with pytest.raises(NotFound) as caught:
        policy.get_json(URL, params={"access_token": SECRET})
    assert SECRET not in str(caught.value)


def test_connection_error_text_is_redacted_and_not_chained(mocked, make_policy, caplog):
    mocked.get(
        URL, body=requests.ConnectionError(f"Max retries exceeded with url: /me?access_token={SECRET}")
    )
    with caplog.at_level(logging.DEBUG, logger="platforms.http"), pytest.raises(TransientError) as caught:
        make_policy(max_attempts=1).get_json(URL, params={"access_token": SECRET})
    assert SECRET not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert SECRET not in caplog.text


def test_urllib3_connection_log_is_redacted(policy):
    record = logging.LogRecord(
        "urllib3.connectionpool",
        logging.DEBUG,
        __file__,
        1,
        '%s "GET %s"',
        ("https://graph.instagram.com:443", f"/v25.0/me?access_token={SECRET}&fields=id"),
        None,
    )
    RedactingFilter().filter(record)
    assert SECRET not in record.getMessage()
    assert any(isinstance(f, RedactingFilter) for f in logging.getLogger("urllib3.connectionpool").filters)


def test_redact_url_drops_secret_params_and_keeps_the_rest():
    assert (
        redact_url(f"https://x.example/a?access_token={SECRET}&after=QVF") == "https://x.example/a?after=QVF"
    )


def test_link_header_is_parsed_by_rel():
    header = (
        '<https://m.example/api/v1/x?max_id=9>; rel="next", '
        '<https://m.example/api/v1/x?min_id=12>; rel="prev"'
    )
    assert parse_link_header(header) == {
        "next": "https://m.example/api/v1/x?max_id=9",
        "prev": "https://m.example/api/v1/x?min_id=12",
    }


def test_unmocked_network_access_fails():
    with pytest.raises(requests.ConnectionError):
        requests.get("https://unmocked.example/", timeout=1)
