"""Defensive field readers shared by the parsers: a wrong or missing field is a BadPayload naming it.

Bounds every platform benefits from: counts are ints in [0, 2**31-1], timestamps lie in [1990-01-01,
now + 1 day], text has no NUL or other C0 control (tab, newline, carriage return kept) and is cut at a
size limit, URLs are http(s). An optional value out of bounds is stored unknown and a warning is
appended to the `warnings` list the caller passes (RemotePost.warnings); a required one is a BadPayload.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from platforms.errors import BadPayload

MAX_COUNT = 2**31 - 1  # what the database's integer columns hold
MIN_TIMESTAMP = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
TEXT_LIMIT = 65_536  # captions, comments: HTML and text
NAME_LIMIT = 255  # names, handles, titles
URL_LIMIT = 2_000
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
Warnings = list[str] | None


def clean_text(text: str, *, limit: int = TEXT_LIMIT, what: str = "text", warnings: Warnings = None) -> str:
    """Drop NUL and other C0 controls (keep \\t \\n \\r), cut at `limit` characters with a warning."""
    cleaned = _CONTROLS.sub("", text)
    if len(cleaned) > limit:
        _warn(warnings, f"{what} cut from {len(cleaned)} to {limit} characters")
        cleaned = cleaned[:limit]
    return cleaned


def safe_url(value: str, *, what: str = "url", warnings: Warnings = None) -> str:
    """An http(s) URL within URL_LIMIT, else '' with a warning (javascript:, data: and friends never pass)."""
    text = clean_text(value.strip(), limit=10 * URL_LIMIT)
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(text) > URL_LIMIT:
        _warn(warnings, f"{what} dropped: not an http(s) URL of at most {URL_LIMIT} characters")
        return ""
    return text


def _warn(warnings: Warnings, message: str) -> None:
    if warnings is not None:
        warnings.append(message)


def parse_timestamp(text: str) -> datetime:
    """ISO 8601 (`...Z`, `+00:00` or Instagram's `+0000`) as an aware datetime; naive means UTC."""
    parsed = datetime.fromisoformat(text.strip())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def expect_object(value: Any, *, what: str, remote_id: str | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadPayload(f"{what} is not a JSON object", field=what, remote_id=remote_id)
    return value


def expect_list(value: Any, *, what: str, remote_id: str | None = None) -> list[Any]:
    if not isinstance(value, list):
        raise BadPayload(f"{what} is not a JSON list", field=what, remote_id=remote_id)
    return value


def peek_id(value: Any, key: str = "id") -> str | None:
    """The item's id for error messages, if it has a usable one."""
    if isinstance(value, dict):
        raw = value.get(key)
        if isinstance(raw, str) or (isinstance(raw, int) and not isinstance(raw, bool)):
            return str(raw)
    return None


def req_id(obj: dict[str, Any], key: str = "id", *, remote_id: str | None = None) -> str:
    """An opaque id kept as text; integers (some servers) become their decimal text, never the reverse."""
    raw = obj.get(key)
    if isinstance(raw, bool) or not isinstance(raw, str | int) or raw == "":
        raise BadPayload(f"missing or invalid {key}", field=key, remote_id=remote_id)
    return str(raw)


def opt_id(obj: dict[str, Any], key: str, *, remote_id: str | None = None) -> str | None:
    if obj.get(key) is None:
        return None
    return req_id(obj, key, remote_id=remote_id)


def req_str(obj: dict[str, Any], key: str, *, remote_id: str | None = None, limit: int = TEXT_LIMIT,
            warnings: Warnings = None) -> str:
    raw = obj.get(key)
    if not isinstance(raw, str):
        raise BadPayload(f"missing or invalid {key}", field=key, remote_id=remote_id)
    return clean_text(raw, limit=limit, what=key, warnings=warnings)


def opt_str(obj: dict[str, Any], key: str, *, remote_id: str | None = None, default: str = "",
            limit: int = TEXT_LIMIT, warnings: Warnings = None) -> str:
    raw = obj.get(key)
    if raw is None:
        return default
    if not isinstance(raw, str):
        raise BadPayload(f"{key} is not a string", field=key, remote_id=remote_id)
    return clean_text(raw, limit=limit, what=key, warnings=warnings)


def opt_url(obj: dict[str, Any], key: str, *, remote_id: str | None = None, warnings: Warnings = None) -> str:
    return safe_url(opt_str(obj, key, remote_id=remote_id, limit=10 * URL_LIMIT), what=key, warnings=warnings)


def opt_int(obj: dict[str, Any], key: str, *, remote_id: str | None = None, warnings: Warnings = None) -> int | None:
    """A count that may be hidden or unsupported: missing or null is None (unknown), never 0.

    A count that is not an int in [0, 2**31-1] (-5, 10**30, "12", 1.5) is unknown too, with a warning:
    one bad number must not stop the post, nor be stored as a figure."""
    raw = obj.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_COUNT:
        _warn(warnings, f"{key} stored as unknown: {str(raw)[:40]!r} is not a count in [0, {MAX_COUNT}]")
        return None
    return raw


def opt_bool(obj: dict[str, Any], key: str, *, remote_id: str | None = None, default: bool = False) -> bool:
    raw = obj.get(key)
    if raw is None:
        return default
    if not isinstance(raw, bool):
        raise BadPayload(f"{key} is not a boolean", field=key, remote_id=remote_id)
    return raw


def req_datetime(obj: dict[str, Any], key: str, *, remote_id: str | None = None,
                 now: datetime | None = None) -> datetime:
    """A timestamp in [1990-01-01, now + 1 day]; anything else (year 9999, 1970) is a BadPayload."""
    raw = obj.get(key)
    if not isinstance(raw, str):
        raise BadPayload(f"missing or invalid {key}", field=key, remote_id=remote_id)
    try:
        parsed = parse_timestamp(raw[:64])
    except (ValueError, OverflowError) as exc:
        raise BadPayload(f"{key} is not an ISO 8601 timestamp: {raw[:40]!r}", field=key,
                         remote_id=remote_id) from exc
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    if not MIN_TIMESTAMP <= parsed <= latest:
        raise BadPayload(f"{key} {raw[:40]!r} is outside [1990-01-01, now + 1 day]", field=key,
                         remote_id=remote_id)
    return parsed


def opt_datetime(obj: dict[str, Any], key: str, *, remote_id: str | None = None,
                 warnings: Warnings = None) -> datetime | None:
    """An optional timestamp: out of range or malformed is unknown (None) with a warning."""
    if obj.get(key) is None:
        return None
    try:
        return req_datetime(obj, key, remote_id=remote_id)
    except BadPayload as exc:
        _warn(warnings, f"{key} stored as unknown: {exc.message}")
        return None
