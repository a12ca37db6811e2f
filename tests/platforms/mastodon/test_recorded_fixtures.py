"""Every recorded real Mastodon response in ../shared/fixtures/mastodon is either read by the product (and parses
into matching records), an error body (mapped to the right error), or listed here with why the product ignores it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from platforms.base import MediaType
from platforms.errors import AuthError, NotFound, PlatformError
from platforms.mastodon.parsers import (
    parse_account,
    parse_actor_list,
    parse_context,
    parse_history,
    parse_instance,
    parse_notification,
    parse_post_page,
    parse_status,
)
from platforms.parsing import parse_timestamp
from tests.platforms.conftest import SHARED_FIXTURES

FIXTURES = sorted((SHARED_FIXTURES / "mastodon").glob("*.json"))
DOMAIN = "localhost:3000"
Check = Callable[[Any], None]


def check_account(body: dict) -> None:
    account = parse_account(body)
    assert (account.remote_id, account.handle) == (body["id"], body["acct"])
    assert account.display_name == body["display_name"]
    assert (account.followers_count, account.posts_count) == (body["followers_count"], body["statuses_count"])


def check_status(body: dict) -> None:
    post = parse_status(body)
    assert post.remote_id == body["id"]
    assert post.posted_at == parse_timestamp(body["created_at"])
    assert post.caption_html == body["content"]
    assert post.media_urls == tuple(m["url"] for m in body["media_attachments"])
    expected_type = {0: MediaType.UNKNOWN, 1: None}.get(len(body["media_attachments"]), MediaType.CAROUSEL)
    assert post.media_type == (expected_type or MediaType(body["media_attachments"][0]["type"]))
    assert (post.metrics.likes, post.metrics.shares, post.metrics.comments) == (
        body["favourites_count"],
        body["reblogs_count"],
        body["replies_count"],
    )
    assert post.visibility.value == body["visibility"]
    assert post.hashtags == tuple(t["name"].lower() for t in body["tags"])
    assert post.warnings == ()


def check_statuses_page(body: list) -> None:
    page = parse_post_page(body)
    with_media = [s["id"] for s in body if s["media_attachments"] and s["reblog"] is None]
    assert [p.remote_id for p in page.posts] == with_media
    assert page.skipped_without_media + page.skipped_reblogs + len(page.posts) == len(body)
    assert page.bad_items == ()


def check_actors(body: list) -> None:
    actors, bad = parse_actor_list(body, local_domain=DOMAIN)
    assert [a.remote_id for a in actors] == [a["id"] for a in body]
    assert all(a.handle.endswith(f"@{DOMAIN}") for a in actors)
    assert bad == []


def check_context(body: dict) -> None:
    comments, bad = parse_context(body, post_id="117020585487094447", local_domain=DOMAIN)
    assert [c.remote_id for c in comments] == [d["id"] for d in body["descendants"]]
    assert bad == []


def check_history(body: list) -> None:
    versions = parse_history(body, post_id="117020586180926938")
    assert [v.created_at for v in versions] == [parse_timestamp(e["created_at"]) for e in body]
    assert [v.caption_html for v in versions] == [e["content"] for e in body]


def check_notifications(body: list) -> None:
    events = [parse_notification(n, local_domain=DOMAIN, own_account_id="117020565966271181") for n in body]
    expected = [
        n["id"]
        for n in body
        if n["type"] in ("favourite", "reblog") or (n["type"] == "mention" and n["status"]["in_reply_to_id"])
    ]
    assert [e.event_id for e in events if e is not None] == expected


def check_instance(body: dict) -> None:
    instance = parse_instance(body)
    assert (instance.software, instance.version, instance.title) == ("mastodon", "4.6.4", "Mastodon")
    assert instance.domain == DOMAIN  # v1 `uri` and v2 `domain` are both the bare account domain


# What the product reads (GET only: it never writes) -> the parser check. Patterns match "METHOD path".
READ: list[tuple[str, Check]] = [
    (r"GET /api/v1/accounts/(verify_credentials|lookup|\d+)$", check_account),
    (r"GET /api/v1/accounts/\d+/statuses$", check_statuses_page),
    (r"GET /api/v1/statuses/\d+$", check_status),
    (r"GET /api/v1/statuses/\d+/(favourited_by|reblogged_by)$", check_actors),
    (r"GET /api/v1/statuses/\d+/context$", check_context),
    (r"GET /api/v1/statuses/\d+/history$", check_history),
    (r"GET /api/v1/notifications$", check_notifications),
    (r"GET /api/v[12]/instance/?$", check_instance),
]

# Recorded endpoints the product does not read, each with the reason (a new recording must be placed).
NOT_READ: list[tuple[str, str]] = [
    (r"(POST|PUT) /api/v1/statuses(/\d+)?$", "posting or editing: the product never writes"),
    (r"POST /api/v1/statuses/\d+/(favourite|reblog|unreblog)$", "answers of actions the product never takes"),
    (r"GET /api/v1/statuses/\d+/source$", "the author's plain text: the product renders content HTML itself"),
    (r"(GET|POST) /api/v1/polls/\d+(/votes)?$", "polls are not media engagement"),
    (r"(GET|POST|PUT) /api/v[12]/media(/\d+)?$", "media upload: the product never uploads"),
    (r"GET /api/v2/notifications(/.*)?$", "grouped notifications: the product pages v1 notifications"),
    (r"GET /api/v1/timelines/(home|public|tag/\w+)$", "timelines: the product reads one account's statuses"),
    (r"GET /api/v1/trends/statuses$", "trends: not the account's own posts"),
    (r"GET /api/v1/accounts/\d+/followers$", "followers lists: counts come from the account"),
    (r"GET /(\.well-known/nodeinfo|nodeinfo/2\.0)$", "nodeinfo: not read yet (issue 14 item 3)"),
]

# Error bodies go through the policy's status mapping; their texts are never parsed (some are Japanese).
ERRORS: dict[int, type[PlatformError]] = {401: AuthError, 403: AuthError, 404: NotFound, 422: PlatformError}


def _key(recorded: dict) -> str:
    return f"{recorded['request']['method']} {recorded['request']['path']}"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_recorded_fixtures_are_present():
    assert len(FIXTURES) >= 50, f"expected both recorded batches in {SHARED_FIXTURES / 'mastodon'}"


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_every_recorded_file_is_read_ignored_for_a_reason_or_an_error(path: Path):
    recorded = _load(path)
    key = _key(recorded)
    if recorded["status"] >= 400:
        assert recorded["status"] in ERRORS, f"{key}: add the status to ERRORS"
        return
    read = [check for pattern, check in READ if re.match(pattern, key)]
    ignored = [reason for pattern, reason in NOT_READ if re.match(pattern, key)]
    assert len(read) + len(ignored) == 1, f"{key} must be in exactly one of READ or NOT_READ"


READ_FILES = [p for p in FIXTURES if _load(p)["status"] < 300 and any(re.match(pat, _key(_load(p))) for pat, _ in READ)]
ERROR_FILES = [p for p in FIXTURES if _load(p)["status"] >= 400]


@pytest.mark.parametrize("path", READ_FILES, ids=[p.stem for p in READ_FILES])
def test_recorded_response_of_a_read_endpoint_parses_into_matching_records(path: Path):
    recorded = _load(path)
    check = next(check for pattern, check in READ if re.match(pattern, _key(recorded)))
    check(recorded["body"])


@pytest.mark.parametrize("path", ERROR_FILES, ids=[p.stem for p in ERROR_FILES])
def test_recorded_error_body_maps_to_its_error(path: Path, mocked, policy):
    recorded = _load(path)
    url = f"https://mastodon.example{recorded['request']['path']}"
    mocked.add(recorded["request"]["method"], url, status=recorded["status"], json=recorded["body"],
               headers={k: v for k, v in recorded["headers"].items() if k.lower() != "content-type"})
    with pytest.raises(ERRORS[recorded["status"]]) as caught:
        policy.request(recorded["request"]["method"], url)
    assert caught.value.status == recorded["status"]
    if recorded["status"] == 422:
        assert not isinstance(caught.value, (AuthError, NotFound))


def test_the_read_map_covers_each_read_endpoint_with_a_recording():
    keys = [_key(_load(p)) for p in READ_FILES]
    for pattern, _check in READ:
        assert any(re.match(pattern, k) for k in keys), f"no recording for {pattern}"
