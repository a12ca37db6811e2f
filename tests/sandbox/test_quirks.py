"""The `quirks=gotosocial` mode over real HTTP: what GoToSocial's source says it does, and that the capability
table in platforms/software.py says the same."""

from __future__ import annotations

import re

import pytest

from platforms.http import HttpPolicy
from platforms.nodeinfo import read_nodeinfo
from platforms.sandbox.quirks import GOTOSOCIAL, PLAIN, quirks_of
from platforms.software import SOFTWARE
from tests.sandbox.conftest import api_for

ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


@pytest.fixture
def gts(make_sandbox):
    return make_sandbox(quirks="gotosocial", posts_per_account=12, activity=30.0)


def _most_liked(sandbox, key="alice"):
    posts = sandbox.truth(account=key)["accounts"][key]["media_posts"]
    return max(posts, key=lambda post: len(post["likers"]))


def test_nodeinfo_names_gotosocial_with_a_version(gts):
    node = read_nodeinfo(HttpPolicy(allow_insecure=True, max_attempts=1), gts.mastodon_url)
    assert (node.software, node.version) == ("gotosocial", GOTOSOCIAL.version)
    assert read_nodeinfo(HttpPolicy(allow_insecure=True, max_attempts=1), gts.pixelfed_url).software == "pixelfed"


def test_every_id_is_a_ulid_and_pages_follow_their_string_order(gts):
    alice = gts.account("alice")
    assert ULID.match(alice["account_id"])
    api = api_for(gts, "alice")
    first = api.get(f"/api/v1/accounts/{alice['account_id']}/statuses", limit=5, only_media="true")
    second = api.get(first.links["next"]["url"])
    ids = [status["id"] for status in first.json() + second.json()]
    assert all(ULID.match(i) for i in ids) and ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
    post = _most_liked(gts)
    likers = api.get(f"/api/v1/statuses/{post['id']}/favourited_by").json()
    assert likers and all(ULID.match(actor["id"]) for actor in likers)
    notifications = api.get("/api/v1/notifications", limit=5).json()
    assert notifications and all(ULID.match(n["id"]) for n in notifications)


def test_no_rate_limit_headers_and_no_429(make_sandbox):
    sandbox = make_sandbox(quirks="gotosocial", rate_limit=2)
    api = api_for(sandbox, "alice")
    answers = [api.get("/api/v1/accounts/verify_credentials") for _ in range(4)]
    assert [a.status_code for a in answers] == [200] * 4
    assert not any(name.lower().startswith("x-ratelimit") for a in answers for name in a.headers)


def test_likers_come_in_one_unpaged_list(gts):
    post = _most_liked(gts)
    assert len(post["likers"]) > 1
    answer = api_for(gts, "alice").get(f"/api/v1/statuses/{post['id']}/favourited_by", limit=1)
    assert "Link" not in answer.headers
    assert sorted(actor["id"] for actor in answer.json()) == sorted(post["likers"])


def test_account_statuses_ignore_since_id(gts):
    alice = gts.account("alice")
    api = api_for(gts, "alice")
    newest_first = api.get(f"/api/v1/accounts/{alice['account_id']}/statuses", limit=40).json()
    since = newest_first[2]["id"]
    again = api.get(f"/api/v1/accounts/{alice['account_id']}/statuses", limit=40, since_id=since).json()
    assert [s["id"] for s in again] == [s["id"] for s in newest_first]


def test_edit_history_is_served_as_the_table_says(gts):
    post = _most_liked(gts)
    answer = api_for(gts, "alice").get(f"/api/v1/statuses/{post['id']}/history")
    assert (answer.status_code == 200) is SOFTWARE["gotosocial"].edit_history


def test_the_mode_agrees_with_the_capability_table():
    profile = SOFTWARE["gotosocial"]
    assert GOTOSOCIAL.software == profile.name
    assert (profile.id_shape == "ULID") is GOTOSOCIAL.ulid_ids
    assert (profile.favourited_by_paging == "none") is not GOTOSOCIAL.engagers_paged
    assert profile.edit_history is GOTOSOCIAL.edit_history
    assert profile.rate_limit_headers == "optional" and not GOTOSOCIAL.rate_limit_headers
    assert not profile.grouped_notifications  # the sandbox serves no /api/v2/notifications at all


def test_unknown_quirks_are_refused_and_plain_is_mastodon():
    assert quirks_of("") is PLAIN
    with pytest.raises(ValueError, match="unknown quirks mode"):
        quirks_of("misskey")
