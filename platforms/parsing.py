"""Defensive field readers shared by the parsers: a wrong or missing field is a BadPayload naming it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from platforms.errors import BadPayload


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


def req_str(obj: dict[str, Any], key: str, *, remote_id: str | None = None) -> str:
    raw = obj.get(key)
    if not isinstance(raw, str):
        raise BadPayload(f"missing or invalid {key}", field=key, remote_id=remote_id)
    return raw


def opt_str(obj: dict[str, Any], key: str, *, remote_id: str | None = None, default: str = "") -> str:
    raw = obj.get(key)
    if raw is None:
        return default
    if not isinstance(raw, str):
        raise BadPayload(f"{key} is not a string", field=key, remote_id=remote_id)
    return raw


def opt_int(obj: dict[str, Any], key: str, *, remote_id: str | None = None) -> int | None:
    """A count that may be hidden or unsupported: missing or null is None (unknown), never 0."""
    raw = obj.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise BadPayload(f"{key} is not an integer", field=key, remote_id=remote_id)
    return raw


def opt_bool(obj: dict[str, Any], key: str, *, remote_id: str | None = None, default: bool = False) -> bool:
    raw = obj.get(key)
    if raw is None:
        return default
    if not isinstance(raw, bool):
        raise BadPayload(f"{key} is not a boolean", field=key, remote_id=remote_id)
    return raw


def req_datetime(obj: dict[str, Any], key: str, *, remote_id: str | None = None) -> datetime:
    raw = obj.get(key)
    if not isinstance(raw, str):
        raise BadPayload(f"missing or invalid {key}", field=key, remote_id=remote_id)
    try:
        return parse_timestamp(raw)
    except ValueError as exc:
        raise BadPayload(f"{key} is not an ISO 8601 timestamp: {raw[:40]!r}", field=key,
                         remote_id=remote_id) from exc


def opt_datetime(obj: dict[str, Any], key: str, *, remote_id: str | None = None) -> datetime | None:
    if obj.get(key) is None:
        return None
    return req_datetime(obj, key, remote_id=remote_id)
