"""The one HTTP policy every client uses: timeouts, bounded retries, pacing, typed errors, safe logs.

Clock, sleeper and jitter are injected so tests can assert the computed waits without ever sleeping.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from requests.utils import parse_header_links

from platforms.errors import (
    AuthError,
    BadPayload,
    NotFound,
    PlatformError,
    RateLimited,
    TransientError,
)
from platforms.ratelimit import Pacer, parse_retry_after, read_rate_limit
from platforms.redact import install_urllib3_redaction, redact_text, redact_url

VERSION = "0.1"
USER_AGENT = f"PostFlowAnalytics/{VERSION} (+https://postflow-analytics.invalid/bot)"
logger = logging.getLogger("platforms.http")

ErrorInterpreter = Callable[[requests.Response], PlatformError | None]
_NETWORK_ERRORS = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_link_header(value: str | None) -> dict[str, str]:
    """`Link: <url>; rel="next", <url>; rel="prev"` as {rel: url}; the first URL of a rel wins."""
    links: dict[str, str] = {}
    if not value:
        return links
    for entry in parse_header_links(value):
        url = entry.get("url", "").strip()
        for rel in entry.get("rel", "").split():
            if url and rel not in links:
                links[rel] = url
    return links


@dataclass(frozen=True, slots=True)
class ApiResponse:
    """A decoded JSON response: the body, the headers, the Link relations and the (redacted) URL."""

    data: Any
    status: int
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    links: Mapping[str, str] = field(default_factory=dict)


class HttpPolicy:
    """Wraps a requests.Session with the house rules; share one per client (it counts and paces requests)."""

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        user_agent: str = USER_AGENT,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_attempts: int = 4,
        backoff_base: float = 1.0,
        backoff_max: float = 30.0,
        max_retry_time: float = 120.0,
        max_pause: float = 300.0,
        min_interval: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = utc_now,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.timeout = (connect_timeout, read_timeout)
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_time = max_retry_time
        self.max_pause = max_pause
        self.pacer = Pacer(min_interval=min_interval)
        self._sleep = sleep
        self._now = now
        self._jitter = jitter
        self._request_count = 0
        install_urllib3_redaction()

    @property
    def request_count(self) -> int:
        """Every HTTP request sent, retries included (recorded on the SyncRun)."""
        return self._request_count

    def now(self) -> datetime:
        """The policy's (injected) clock, for clients computing retry times."""
        return self._now()

    def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        interpret_error: ErrorInterpreter | None = None,
    ) -> ApiResponse:
        response = self.request("GET", url, params=params, headers=headers, interpret_error=interpret_error)
        return decode_json(response)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Any = None,
        json: Any = None,
        interpret_error: ErrorInterpreter | None = None,
    ) -> requests.Response:
        """Send with pacing and retries; return a 2xx/3xx response or raise the narrowest PlatformError."""
        safe_url = redact_url(requests.Request(method, url, params=params).prepare().url or url)
        started = self._now()
        attempt = 0
        while True:
            attempt += 1
            self._pause_for_pacing(safe_url)
            try:
                response = self._send(method, url, params, headers, safe_url, attempt, data=data, json=json)
            except _NETWORK_ERRORS as exc:
                failure = TransientError(f"{type(exc).__name__}: {redact_text(str(exc))[:300]}", url=safe_url)
                self._retry_or_raise(failure, attempt, started, self.backoff(attempt))
                continue
            if response.status_code < 400:
                return response
            if response.status_code == 429 or response.status_code >= 500:
                delay, failure = self._retry_plan(response, attempt, safe_url)
                self._retry_or_raise(failure, attempt, started, delay)
                continue
            raise self._error_for(response, safe_url, interpret_error)

    def observe_usage(self, percent: float, *, regain_after: timedelta | None = None) -> None:
        """Let a client feed platform-specific usage (Instagram's X-App-Usage) into the pacing."""
        self.pacer.observe_usage(percent, regain_after=regain_after, now=self._now())

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with equal jitter: half the step is fixed, half random."""
        step = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return step / 2 + self._jitter() * step / 2

    def _send(self, method: str, url: str, params: Any, headers: Any, safe_url: str,
              attempt: int, *, data: Any = None, json: Any = None) -> requests.Response:
        sent_at = self._now()
        self.pacer.record_request(sent_at)
        self._request_count += 1
        try:
            response = self.session.request(method, url, params=params, headers=headers, data=data, json=json,
                                            timeout=self.timeout)
        except _NETWORK_ERRORS as exc:
            logger.warning("%s %s failed: %s (attempt %d)", method, safe_url, type(exc).__name__, attempt)
            raise
        elapsed_ms = (self._now() - sent_at).total_seconds() * 1000
        logger.info("%s %s -> %d in %.0f ms (attempt %d)", method, safe_url, response.status_code,
                    elapsed_ms, attempt)
        state = read_rate_limit(response.headers, received_at=self._now())
        if state is not None:
            self.pacer.observe_rate_limit(state, now=self._now())
        return response

    def _pause_for_pacing(self, safe_url: str) -> None:
        wait = self.pacer.wait_before_next(self._now())
        if wait <= 0:
            return
        if wait > self.max_pause:
            retry_at = self._now() + timedelta(seconds=wait)
            raise RateLimited(f"rate budget spent until {retry_at.isoformat()}", retry_at=retry_at,
                              status=None, url=safe_url)
        logger.info("pacing: waiting %.2f s before %s", wait, safe_url)
        self._sleep(wait)

    def _retry_plan(self, response: requests.Response, attempt: int,
                    safe_url: str) -> tuple[float, PlatformError]:
        status = response.status_code
        delay = self._server_delay(response)
        if delay is None:
            delay = self.backoff(attempt)
        if status == 429:
            retry_at = self._now() + timedelta(seconds=delay)
            return delay, RateLimited("rate limited by the server", retry_at=retry_at, status=429,
                                      url=safe_url)
        return delay, TransientError(f"server error{_server_message(response)}", status=status, url=safe_url)

    def _server_delay(self, response: requests.Response) -> float | None:
        """What the server asked for: Retry-After first, else (on 429) the rate-limit reset time."""
        now = self._now()
        told = parse_retry_after(response.headers.get("Retry-After"), now=now)
        if told is not None or response.status_code != 429:
            return told
        state = read_rate_limit(response.headers, received_at=now)
        return None if state is None else max(0.0, (state.reset_at - now).total_seconds())

    def _retry_or_raise(self, failure: PlatformError, attempt: int, started: datetime, delay: float) -> None:
        spent = (self._now() - started).total_seconds()
        if attempt >= self.max_attempts or spent + delay > self.max_retry_time:
            # `from None`: a chained requests exception would carry the unredacted URL into tracebacks.
            raise failure from None
        logger.warning("retrying in %.2f s after %s", delay, failure)
        self._sleep(delay)

    def _error_for(self, response: requests.Response, safe_url: str,
                   interpret_error: ErrorInterpreter | None) -> PlatformError:
        if interpret_error is not None:
            specific = interpret_error(response)
            if specific is not None:
                return specific
        return error_for_status(response, safe_url)


def error_for_status(response: requests.Response, safe_url: str) -> PlatformError:
    """The generic status-code mapping, used when no platform-specific interpretation applies."""
    status = response.status_code
    detail = _server_message(response)
    if status in (401, 403):
        return AuthError(f"not authorised{detail}", status=status, url=safe_url)
    if status in (404, 410):
        return NotFound(f"not found{detail}", status=status, url=safe_url)
    return PlatformError(f"unexpected response{detail}", status=status, url=safe_url)


def decode_json(response: requests.Response) -> ApiResponse:
    safe_url = redact_url(response.url or "")
    try:
        data = response.json()
    except ValueError as exc:
        raise BadPayload("response is not valid JSON", status=response.status_code, url=safe_url) from exc
    return ApiResponse(data=data, status=response.status_code, url=safe_url, headers=response.headers,
                       links=parse_link_header(response.headers.get("Link")))


def _server_message(response: requests.Response) -> str:
    """The server's own short error text (Mastodon: {"error": "..."}), for error messages."""
    try:
        body = response.json()
    except ValueError:
        return ""
    message = body.get("error") if isinstance(body, dict) else None
    if isinstance(message, dict):
        message = message.get("message")
    if not isinstance(message, str) or not message:
        return ""
    return f": {redact_text(message)[:200]}"
