"""Every recorded real Mastodon response in ../shared/fixtures/mastodon goes through the matching parser."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from platforms.base import MediaType
from platforms.errors import NotFound
from platforms.mastodon.html_text import html_to_text
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
Check = Callable[[dict[str, Any], Any], None]


def check_account(body: dict, _policy: Any) -> None:
    account = parse_account(body)
    assert (account.remote_id, account.handle) == (body["id"], body["acct"])
    assert account.display_name == body["display_name"]
    assert (account.followers_count, account.posts_count) == (body["followers_count"], body["statuses_count"])


def check_status(body: dict, _policy: Any) -> None:
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


def check_statuses_page(body: list, _policy: Any) -> None:
    page = parse_post_page(body)
    with_media = [s["id"] for s in body if s["media_attachments"] and s["reblog"] is None]
    assert [p.remote_id for p in page.posts] == with_media
    assert page.skipped_without_media + page.skipped_reblogs + len(page.posts) == len(body)
    assert page.bad_items == ()


def check_actors(body: list, _policy: Any) -> None:
    actors, bad = parse_actor_list(body, local_domain=DOMAIN)
    assert [a.remote_id for a in actors] == [a["id"] for a in body]
    assert all(a.handle.endswith(f"@{DOMAIN}") for a in actors)
    assert bad == []


def check_context(body: dict, _policy: Any) -> None:
    comments, bad = parse_context(body, post_id="117020585487094447", local_domain=DOMAIN)
    assert [c.remote_id for c in comments] == [d["id"] for d in body["descendants"]]
    assert bad == []


def check_history(body: list, _policy: Any) -> None:
    versions = parse_history(body, post_id="117020586180926938")
    assert [v.created_at for v in versions] == [parse_timestamp(e["created_at"]) for e in body]
    assert [v.caption_html for v in versions] == [e["content"] for e in body]


def check_source(body: dict, _policy: Any) -> None:
    # The author's own plain text must equal our rendering of the status HTML recorded beside it.
    status = json.loads(
        (SHARED_FIXTURES / "mastodon" / "status_edit__03__v1_statuses_117020586180926938.json").read_text(
            encoding="utf-8"
        )
    )["body"]
    assert html_to_text(status["content"]) == body["text"]


def check_notifications(body: list, _policy: Any) -> None:
    events = [parse_notification(n, local_domain=DOMAIN, own_account_id="117020565966271181") for n in body]
    expected = [
        n["id"]
        for n in body
        if n["type"] in ("favourite", "reblog") or (n["type"] == "mention" and n["status"]["in_reply_to_id"])
    ]
    assert [e.event_id for e in events if e is not None] == expected


def check_instance(body: dict, _policy: Any) -> None:
    instance = parse_instance(body)
    assert (instance.software, instance.version, instance.title) == ("mastodon", "4.6.4", "Mastodon")


CHECKS: list[tuple[str, Check]] = [
    (r"GET /api/v1/accounts/(verify_credentials|lookup|\d+)$", check_account),
    (r"GET /api/v1/accounts/\d+/statuses$", check_statuses_page),
    (r"GET /api/v1/trends/statuses$", check_statuses_page),
    (r"(GET|POST) /api/v1/statuses(/\d+)?$", check_status),
    (r"GET /api/v1/statuses/\d+/(favourited_by|reblogged_by)$", check_actors),
    (r"GET /api/v1/statuses/\d+/context$", check_context),
    (r"GET /api/v1/statuses/\d+/history$", check_history),
    (r"GET /api/v1/statuses/\d+/source$", check_source),
    (r"GET /api/v1/notifications$", check_notifications),
    (r"GET /api/v[12]/instance/?$", check_instance),
]


def _check_for(recorded: dict) -> Check:
    key = f"{recorded['request']['method']} {recorded['request']['path']}"
    matches = [check for pattern, check in CHECKS if re.match(pattern, key)]
    assert matches, f"no parser for {key}: add one to CHECKS"
    return matches[0]


def test_recorded_fixtures_are_present():
    assert len(FIXTURES) >= 30, f"expected the recorded payloads in {SHARED_FIXTURES / 'mastodon'}"


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_recorded_response_parses_into_matching_records(path: Path, mocked, policy):
    recorded = json.loads(path.read_text(encoding="utf-8"))
    if recorded["status"] == 404:
        url = f"https://mastodon.example{recorded['request']['path']}"
        mocked.get(url, status=404, json=recorded["body"], headers=recorded["headers"])
        with pytest.raises(NotFound):
            policy.get_json(url)
        return
    assert recorded["status"] == 200
    _check_for(recorded)(recorded["body"], policy)
