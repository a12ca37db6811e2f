"""Compares a sandbox JSON value with a recorded fixture's: same keys, same value types where set."""

from __future__ import annotations

from typing import Any

# Fields the Mastodon docs mark nullable: the sandbox may send null where the recording had a value.
NULLABLE = frozenset({
    "description", "edited_at", "in_reply_to_id", "in_reply_to_account_id", "card", "reblog", "language",
    "last_status_at", "poll", "quote", "website", "discoverable", "hide_collections", "image", "blurhash",
    "verified_at", "contact_account", "account", "status", "url", "terms_of_service",
})


def shape_differences(ours: Any, theirs: Any, path: str = "$") -> list[str]:
    if theirs is None:
        return []
    if ours is None:
        key = path.rsplit(".", 1)[-1]
        return [] if key in NULLABLE else [f"{path}: null where the fixture has {type(theirs).__name__}"]
    if type(ours) is not type(theirs) and not (_is_number(ours) and _is_number(theirs)):
        return [f"{path}: {type(ours).__name__} where the fixture has {type(theirs).__name__}"]
    if isinstance(theirs, dict):
        return _dict_differences(ours, theirs, path)
    if isinstance(theirs, list) and theirs and ours:
        return [problem for index, item in enumerate(ours)
                for problem in shape_differences(item, theirs[0], f"{path}[{index}]")]
    return []


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _dict_differences(ours: dict[str, Any], theirs: dict[str, Any], path: str) -> list[str]:
    problems = [f"{path}: missing key {key!r}" for key in theirs.keys() - ours.keys()]
    problems += [f"{path}: extra key {key!r}" for key in ours.keys() - theirs.keys()]
    for key in theirs.keys() & ours.keys():
        problems += shape_differences(ours[key], theirs[key], f"{path}.{key}")
    return problems
