"""Instagram Graph API error bodies and usage headers -> typed errors and pacing hints.

Errors arrive as `{"error": {"message", "type", "code", "error_subcode"}}`, mostly with HTTP 400.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests

from platforms.errors import AuthError, NotFound, PlatformError, RateLimited, TransientError
from platforms.redact import redact_text, redact_url

AUTH_CODES = frozenset({102, 190, 10}) | frozenset(range(200, 300))  # token or permission problems
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80002})  # app, user, page, custom and Instagram BUC limits
TRANSIENT_CODES = frozenset({1, 2})  # "unknown error", "service temporarily unavailable"
DEFAULT_REGAIN = timedelta(minutes=15)  # when a limit is hit and no header says how long it lasts
_METRIC_INDEX = re.compile(r"metric\[(\d+)\]")
_NO_INSIGHTS = ("not enough viewers", "business account conversion")


class UnsupportedMetric(PlatformError):
    """An insights request named a metric this media does not support (carries the server's message)."""


@dataclass(frozen=True, slots=True)
class GraphError:
    message: str
    code: int | None
    subcode: int | None


@dataclass(frozen=True, slots=True)
class Usage:
    percent: float  # the highest of call_count / total_time / total_cputime
    regain_after: timedelta | None


def graph_error_of(response: requests.Response) -> GraphError | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None
    message = error.get("message") if isinstance(error.get("message"), str) else ""
    return GraphError(message=redact_text(message)[:300], code=_int_or_none(error.get("code")),
                      subcode=_int_or_none(error.get("error_subcode")))


def interpret_error(response: requests.Response, *, now: datetime) -> PlatformError | None:
    """The narrowest error for a Graph error body, or None to fall back to the status-code mapping."""
    error = graph_error_of(response)
    if error is None or error.code is None:
        return None
    url, status = redact_url(response.url or ""), response.status_code
    text = f"Instagram error {error.code}: {error.message}"
    if error.code in RATE_LIMIT_CODES:
        usage = usage_from_headers(response.headers)
        wait = usage.regain_after if usage and usage.regain_after else DEFAULT_REGAIN
        return RateLimited(text, retry_at=now + wait, status=status, url=url)
    if error.code in AUTH_CODES:
        return AuthError(text, status=status, url=url)
    if error.code == 100 and error.subcode == 33:
        return NotFound(text, status=status, url=url)  # "object does not exist or cannot be loaded"
    if error.code in TRANSIENT_CODES:
        return TransientError(text, status=status, url=url)
    return None


def interpret_insights_error(response: requests.Response, *, now: datetime) -> PlatformError | None:
    """Like interpret_error, but a complaint about a metric becomes UnsupportedMetric (retried without it)."""
    error = graph_error_of(response)
    if error is not None and error.code == 100 and "metric" in error.message.lower():
        return UnsupportedMetric(error.message, status=response.status_code,
                                 url=redact_url(response.url or ""))
    return interpret_error(response, now=now)


def means_no_insights(error: PlatformError) -> bool:
    """Story/album media or too few viewers: insights are absent (None), not an authorisation problem."""
    return any(marker in error.message.lower() for marker in _NO_INSIGHTS)


def metrics_to_drop(message: str, requested: list[str]) -> list[str]:
    """Which requested metrics the error is about: `metric[2] must be one of ...` or a named metric."""
    indexed = [requested[int(i)] for i in _METRIC_INDEX.findall(message) if int(i) < len(requested)]
    if indexed:
        return indexed
    lowered = message.lower()
    named = [m for m in requested if re.search(rf"\b{re.escape(m)}\b", lowered)]
    return named if len(named) == 1 else []  # several names: the message lists valid ones, not the culprit


def usage_from_headers(headers: Mapping[str, str]) -> Usage | None:
    """Read `X-App-Usage` and `X-Business-Use-Case-Usage` (JSON percentages; regain time in minutes)."""
    entries = _app_usage(headers.get("X-App-Usage")) + _buc_usage(headers.get("X-Business-Use-Case-Usage"))
    if not entries:
        return None
    percent = max(_percent_of(e) for e in entries)
    minutes = max(_number(e.get("estimated_time_to_regain_access")) for e in entries)
    return Usage(percent=percent, regain_after=timedelta(minutes=minutes) if minutes > 0 else None)


def _app_usage(value: str | None) -> list[dict[str, Any]]:
    parsed = _json_or_none(value)
    return [parsed] if isinstance(parsed, dict) else []


def _buc_usage(value: str | None) -> list[dict[str, Any]]:
    parsed = _json_or_none(value)
    if not isinstance(parsed, dict):
        return []
    lists = [entries for entries in parsed.values() if isinstance(entries, list)]
    return [entry for entries in lists for entry in entries if isinstance(entry, dict)]


def _percent_of(entry: dict[str, Any]) -> float:
    return max(_number(entry.get(key)) for key in ("call_count", "total_time", "total_cputime"))


def _json_or_none(value: str | None) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value)


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
