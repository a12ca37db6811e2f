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
from urllib.parse import urljoin, urlsplit

import requests
from requests.utils import parse_header_links

from platforms.errors import (
    AuthError,
    BadPayload,
    InvalidInstanceURL,
    NotFound,
    PlatformError,
    RateLimited,
    RefusedLink,
    RunBudgetExceeded,
    TransientError,
)
from platforms.ratelimit import MAX_SERVER_WAIT, Pacer, parse_retry_after, read_rate_limit
from platforms.redact import install_urllib3_redaction, redact_text, redact_url
from platforms.transport import DeadlinePassed, Watchdog, guard_session, read_bounded, refused_address
from platforms.urls import normalise_instance_url

VERSION = "0.1"
USER_AGENT = f"PostFlowAnalytics/{VERSION} (+https://postflow-analytics.invalid/bot)"
logger = logging.getLogger("platforms.http")

ErrorInterpreter = Callable[[requests.Response], PlatformError | None]
Origin = tuple[str, str, int | None]
_NETWORK_ERRORS = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
MIN_429_WAIT = 1.0  # seconds; plus up to as much again of jitter


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
    """Wraps a requests.Session with the house rules; share one per client (it counts and paces requests).

    Bounds: `max_response_bytes` per body, `request_deadline` seconds per request (all attempts and reads),
    `run_budget_seconds` / `max_requests` per policy (one policy lives for one run), at most
    MAX_REDIRECTS hops, each re-checked. Connections only reach global addresses unless `allow_insecure`.
    `on_request` (no arguments) is called before every request is sent, after any pacing pause: a run uses it
    as its heartbeat, so a long listing never looks like a dead worker.
    """

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
        allow_insecure: bool = False,
        max_response_bytes: int = 10 * 1024 * 1024,
        request_deadline: float = 60.0,
        run_budget_seconds: float | None = None,
        max_requests: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = utc_now,
        jitter: Callable[[], float] = random.random,
        monotonic: Callable[[], float] = time.monotonic,
        on_request: Callable[[], None] | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.allow_insecure = allow_insecure
        guard_session(self.session, global_only=not allow_insecure)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_time = max_retry_time
        self.max_pause = max_pause
        self.max_response_bytes = max_response_bytes
        self.request_deadline = request_deadline
        self.run_budget_seconds = run_budget_seconds
        self.max_requests = max_requests
        self.pacer = Pacer(min_interval=min_interval)
        self._sleep = sleep
        self._now = now
        self._jitter = jitter
        self._monotonic = monotonic
        self._request_count = 0
        self._run_started = now()
        self.on_request = on_request
        install_urllib3_redaction()

    @property
    def timeout(self) -> tuple[float, float]:
        # A read never waits longer than the whole request may take.
        return (self.connect_timeout, min(self.read_timeout, self.request_deadline))

    @property
    def request_count(self) -> int:
        """Every HTTP request sent, retries and redirect hops included (recorded on the SyncRun)."""
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
        allowed_origins: frozenset[Origin] | None = None,
    ) -> ApiResponse:
        response = self.request("GET", url, params=params, headers=headers, interpret_error=interpret_error,
                                allowed_origins=allowed_origins, decode=True)
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
        allowed_origins: frozenset[Origin] | None = None,
        decode: bool = False,
    ) -> requests.Response:
        """Send with pacing, bounds and retries; return a 2xx response (body read) or raise a PlatformError.

        Redirects are followed by hand (MAX_REDIRECTS): every hop is re-checked, and a request carrying
        credentials (an Authorization header, or `allowed_origins` given) never leaves those origins.
        With `decode`, a 2xx body that is not valid JSON (a truncated answer) is retried like a transient
        error, then raised as BadPayload.
        """
        safe_url = redact_url(requests.Request(method, url, params=params).prepare().url or url)
        if allowed_origins is None and headers and any(k.lower() == "authorization" for k in headers):
            allowed_origins = frozenset({origin_of(url)})
        started = self._now()
        deadline = self._monotonic() + self.request_deadline
        outgoing = _Outgoing(method, url, params, headers, data, json)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send_following_redirects(outgoing, safe_url, attempt, deadline, allowed_origins)
            except requests.exceptions.SSLError as exc:
                raise TransientError(f"TLS failed with {urlsplit(url).hostname}: is it really https? "
                                     f"({redact_text(str(exc))[:200]})", url=safe_url) from None
            except _NETWORK_ERRORS as exc:
                refused = refused_address(exc)
                if refused is not None:
                    raise RefusedLink(f"{urlsplit(url).hostname}: {refused}", url=safe_url) from None
                failure = TransientError(f"{type(exc).__name__}: {redact_text(str(exc))[:300]}", url=safe_url)
                self._retry_or_raise(failure, attempt, started, self.backoff(attempt), deadline)
                continue
            if response.status_code < 400:
                if decode and not _is_json(response):
                    failure = BadPayload("response is not valid JSON (truncated or garbled)",
                                         status=response.status_code, url=safe_url)
                    self._retry_or_raise(failure, attempt, started, self.backoff(attempt), deadline)
                    continue
                return response
            if response.status_code == 429 or response.status_code >= 500:
                delay, failure = self._retry_plan(response, attempt, safe_url)
                self._retry_or_raise(failure, attempt, started, delay, deadline)
                continue
            raise self._error_for(response, safe_url, interpret_error)

    def observe_usage(self, percent: float, *, regain_after: timedelta | None = None) -> None:
        """Let a client feed platform-specific usage (Instagram's X-App-Usage) into the pacing."""
        self.pacer.observe_usage(percent, regain_after=regain_after, now=self._now())

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with equal jitter: half the step is fixed, half random."""
        step = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return step / 2 + self._jitter() * step / 2

    def _send_following_redirects(self, out: _Outgoing, safe_url: str, attempt: int, deadline: float,
                                  allowed_origins: frozenset[Origin] | None) -> requests.Response:
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._send(out, safe_url, attempt, deadline)
            location = response.headers.get("Location")
            if response.status_code not in _REDIRECTS or not location:
                return response
            out = out.redirected(urljoin(response.url or out.url, location), response.status_code)
            self._check_hop(out.url, allowed_origins, safe_url)
        raise RefusedLink(f"more than {MAX_REDIRECTS} redirects", url=safe_url)

    def _check_hop(self, target: str, allowed_origins: frozenset[Origin] | None, safe_url: str) -> None:
        shown = redact_url(target)[:200]
        try:
            normalise_instance_url(_origin_url(target), allow_insecure=self.allow_insecure)
        except InvalidInstanceURL as exc:
            raise RefusedLink(f"refused a redirect to {shown}: {exc.message}", url=safe_url) from None
        if allowed_origins is not None and origin_of(target) not in allowed_origins:
            raise RefusedLink(f"refused a redirect to another host: {shown}", url=safe_url)

    def _send(self, out: _Outgoing, safe_url: str, attempt: int, deadline: float) -> requests.Response:
        self._check_run_budget(safe_url)
        self._pause_for_pacing(safe_url)
        if self.on_request is not None:
            self.on_request()
        if self._monotonic() > deadline:
            raise DeadlinePassed(f"request deadline of {self.request_deadline:g} s passed")
        sent_at = self._now()
        self.pacer.record_request(sent_at)
        self._request_count += 1
        watchdog = Watchdog(deadline - self._monotonic())
        try:
            with watchdog:
                response = self.session.request(out.method, out.url, params=out.params, headers=out.headers,
                                                data=out.data, json=out.json, timeout=self.timeout,
                                                allow_redirects=False, stream=True)
                response._content = read_bounded(response, max_bytes=self.max_response_bytes,
                                                  deadline=deadline, safe_url=safe_url, monotonic=self._monotonic)
        except _NETWORK_ERRORS as exc:
            logger.warning("%s %s failed: %s (attempt %d)", out.method, safe_url, type(exc).__name__, attempt)
            if watchdog.fired:
                raise DeadlinePassed(f"request deadline of {self.request_deadline:g} s passed") from None
            raise
        elapsed_ms = (self._now() - sent_at).total_seconds() * 1000
        logger.info("%s %s -> %d in %.0f ms (attempt %d)", out.method, safe_url, response.status_code,
                    elapsed_ms, attempt)
        state = read_rate_limit(response.headers, received_at=self._now())
        if state is not None:
            self.pacer.observe_rate_limit(state, now=self._now())
        return response

    def _check_run_budget(self, safe_url: str) -> None:
        if self.max_requests is not None and self._request_count >= self.max_requests:
            raise RunBudgetExceeded(f"the run's budget of {self.max_requests} requests is spent", url=safe_url)
        if self.run_budget_seconds is not None:
            spent = (self._now() - self._run_started).total_seconds()
            if spent >= self.run_budget_seconds:
                raise RunBudgetExceeded(f"the run's budget of {self.run_budget_seconds:g} s is spent",
                                        url=safe_url)

    def _pause_for_pacing(self, safe_url: str) -> None:
        wait = self.pacer.wait_before_next(self._now())
        if wait <= 0:
            return
        if wait > self.max_pause:
            retry_at = self._now() + timedelta(seconds=min(wait, MAX_SERVER_WAIT))
            raise RateLimited(f"rate budget spent until {retry_at.isoformat()}", retry_at=retry_at,
                              status=None, url=safe_url)
        logger.info("pacing: waiting %.2f s before %s", wait, safe_url)
        self._sleep(wait)

    def _retry_plan(self, response: requests.Response, attempt: int,
                    safe_url: str) -> tuple[float, PlatformError]:
        status = response.status_code
        delay = self._server_delay(response)
        if status == 429:
            # Never 0: GoToSocial rounds its reset down to the second, so "now" would retry at once.
            delay = min(MAX_SERVER_WAIT, max(MIN_429_WAIT, delay or 0.0)) + self._jitter() * MIN_429_WAIT
            retry_at = self._now() + timedelta(seconds=delay)
            return delay, RateLimited(f"rate limited by the server until {retry_at.isoformat()}",
                                      retry_at=retry_at, status=429, url=safe_url)
        if delay is None:
            delay = self.backoff(attempt)
        return delay, TransientError(f"server error{_server_message(response)}", status=status, url=safe_url)

    def _server_delay(self, response: requests.Response) -> float | None:
        """What the server asked for (clamped): Retry-After first, else (on 429) the rate-limit reset time."""
        now = self._now()
        told = parse_retry_after(response.headers.get("Retry-After"), now=now)
        if told is not None or response.status_code != 429:
            return told
        state = read_rate_limit(response.headers, received_at=now)
        return None if state is None else max(0.0, (state.reset_at - now).total_seconds())

    def _retry_or_raise(self, failure: PlatformError, attempt: int, started: datetime, delay: float,
                        deadline: float) -> None:
        spent = (self._now() - started).total_seconds()
        out_of_time = self._monotonic() + delay > deadline
        if attempt >= self.max_attempts or spent + delay > self.max_retry_time or out_of_time:
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


@dataclass(frozen=True, slots=True)
class _Outgoing:
    """One request as it is sent; a redirect turns it into the next hop's request."""

    method: str
    url: str
    params: Any
    headers: Any
    data: Any
    json: Any

    def redirected(self, target: str, status: int) -> _Outgoing:
        if status == 303 or (status in (301, 302) and self.method == "POST"):
            return _Outgoing("GET", target, None, self.headers, None, None)  # what browsers do
        return _Outgoing(self.method, target, None, self.headers, self.data, self.json)


def origin_of(url: str) -> Origin:
    """(scheme, host, port) with default ports filled in; ('', '', None) for an unparsable URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"https": 443, "http": 80}.get(scheme)
    except ValueError:
        return ("", "", None)
    return (scheme, (parts.hostname or "").rstrip(".").lower(), port)


def _origin_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else url


def _is_json(response: requests.Response) -> bool:
    try:
        response.json()
    except RecursionError:
        return True  # deterministic, not worth retrying: decode_json turns it into a BadPayload
    except ValueError:
        return False
    return True


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
    except RecursionError:
        raise BadPayload("response JSON is nested too deeply", status=response.status_code,
                         url=safe_url) from None
    except ValueError as exc:
        raise BadPayload("response is not valid JSON", status=response.status_code, url=safe_url) from exc
    return ApiResponse(data=data, status=response.status_code, url=safe_url, headers=response.headers,
                       links=parse_link_header(response.headers.get("Link")))


def _server_message(response: requests.Response) -> str:
    """The server's own short error text (Mastodon: {"error": "..."}), for error messages."""
    try:
        body = response.json()
    except (ValueError, RecursionError):
        return ""
    message = body.get("error") if isinstance(body, dict) else None
    if isinstance(message, dict):
        message = message.get("message")
    if not isinstance(message, str) or not message:
        return ""
    return f": {redact_text(message)[:200]}"
