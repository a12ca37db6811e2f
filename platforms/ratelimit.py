"""Rate-limit signals (Retry-After, X-RateLimit-*, usage percentages) and the pacer that obeys them.

The pacer spreads what is left of a budget over the time until it resets, so a client slows down
before the server refuses it instead of sleeping a fixed amount after a 429.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from platforms.parsing import parse_timestamp

USAGE_SLOWDOWN_FROM = 75.0  # percent of an Instagram usage budget where pacing starts
USAGE_MAX_GAP = 60.0  # seconds between requests when a usage budget is nearly spent
MAX_SERVER_WAIT = 3600.0  # seconds: the longest wait a server may impose through any header (1e20, inf...)


def parse_http_date(value: str | None) -> datetime | None:
    """An RFC 9110 HTTP date (`Date`, `Retry-After`) as an aware datetime, or None when absent/invalid."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)  # HTTP dates are always GMT


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header given as seconds or as an HTTP date."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        when = parse_http_date(text)
        if when is None:
            return None
        seconds = (when - now).total_seconds()
    if math.isnan(seconds):
        return None
    return clamp_wait(seconds)


def clamp_wait(seconds: float) -> float:
    """A server-imposed wait within [0, MAX_SERVER_WAIT] (infinite and absurd values included)."""
    return min(MAX_SERVER_WAIT, max(0.0, seconds))


@dataclass(frozen=True, slots=True)
class RateLimitState:
    """What `X-RateLimit-*` said, with the reset moved onto our own clock."""

    remaining: int
    reset_at: datetime
    limit: int | None = None


def read_rate_limit(headers: Mapping[str, str], *, received_at: datetime) -> RateLimitState | None:
    """Parse `X-RateLimit-Remaining` and `X-RateLimit-Reset` (an ISO 8601 timestamp, not seconds)."""
    remaining = _int_header(headers, "X-RateLimit-Remaining")
    reset_text = headers.get("X-RateLimit-Reset")
    if remaining is None or not reset_text:
        return None
    try:
        reset = parse_timestamp(reset_text)
    except (ValueError, OverflowError):
        return None
    server_now = parse_http_date(headers.get("Date")) or received_at
    # Measure the reset against the server's own clock so clock skew cannot stretch or shrink waits, and
    # clamp it: a reset far from the Date header (year 3000, or long past) must not park the client.
    try:
        ahead = (reset - server_now).total_seconds()
    except OverflowError:
        ahead = MAX_SERVER_WAIT
    reset = received_at + timedelta(seconds=clamp_wait(ahead))
    limit = _int_header(headers, "X-RateLimit-Limit")
    return RateLimitState(remaining=remaining, reset_at=reset, limit=limit)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    try:
        return int(str(headers.get(name, "")).strip())
    except ValueError:
        return None


class Pacer:
    """Decides how long to wait before the next request; fed by every response the policy sees."""

    def __init__(self, *, min_interval: float = 0.0, low_fraction: float = 0.1, low_floor: int = 5) -> None:
        self.min_interval = min_interval
        self.low_fraction = low_fraction
        self.low_floor = low_floor
        self.last_request_at: datetime | None = None
        self.not_before: datetime | None = None
        self.rate_gap = 0.0
        self.usage_gap = 0.0

    def record_request(self, at: datetime) -> None:
        self.last_request_at = at

    def defer_until(self, when: datetime) -> None:
        if self.not_before is None or when > self.not_before:
            self.not_before = when

    def observe_rate_limit(self, state: RateLimitState, *, now: datetime) -> None:
        seconds_left = max(0.0, (state.reset_at - now).total_seconds())
        if state.remaining <= 0:
            self.rate_gap = 0.0
            self.defer_until(state.reset_at)
        elif state.remaining <= self._low_water(state.limit):
            self.rate_gap = seconds_left / state.remaining
        else:
            self.rate_gap = 0.0

    def observe_usage(self, percent: float, *, regain_after: timedelta | None, now: datetime) -> None:
        """Instagram-style usage: a percentage of an hourly budget, and minutes until access returns."""
        if regain_after is not None and regain_after > timedelta(0):
            self.defer_until(now + regain_after)
        if percent < USAGE_SLOWDOWN_FROM:
            self.usage_gap = 0.0
            return
        share = min(1.0, (percent - USAGE_SLOWDOWN_FROM) / (100.0 - USAGE_SLOWDOWN_FROM))
        self.usage_gap = USAGE_MAX_GAP * share * share

    def wait_before_next(self, now: datetime) -> float:
        gap = max(self.min_interval, self.rate_gap, self.usage_gap)
        target = now if self.last_request_at is None else self.last_request_at + timedelta(seconds=gap)
        if self.not_before is not None and self.not_before > target:
            target = self.not_before
        return max(0.0, (target - now).total_seconds())

    def _low_water(self, limit: int | None) -> int:
        if not limit:
            return self.low_floor
        return max(self.low_floor, math.ceil(limit * self.low_fraction))
