"""Pixelfed-like differences over real HTTP: max_id paging without Link, swapped cursor Links, limits."""

from __future__ import annotations

import requests

from tests.sandbox.conftest import api_for
from tests.sandbox.paging_helpers import follow, ids, popular_post


def _truth(sandbox, key="pia"):
    return sandbox.truth(key)["accounts"][key]


def test_account_statuses_have_no_link_and_page_with_the_last_id(sandbox):
    truth = _truth(sandbox)
    api = api_for(sandbox, "pia")
    path = f"/api/v1/accounts/{truth['account_id']}/statuses"
    seen: list[str] = []
    response = api.get(path, limit=10)
    while response.json():
        assert "link" not in response.headers
        seen += [status["id"] for status in response.json()]
        response = api.get(path, limit=10, max_id=seen[-1])
    assert seen == [post["id"] for post in truth["media_posts"]]


def test_account_statuses_ignore_since_id_and_cap_the_limit(sandbox):
    truth = _truth(sandbox)
    api = api_for(sandbox, "pia")
    path = f"/api/v1/accounts/{truth['account_id']}/statuses"
    plain = api.get(path, limit=5).json()
    assert api.get(path, limit=5, since_id=plain[0]["id"]).json() == plain
    assert len(api.get(path, limit=100).json()) == min(40, truth["media_post_count"])


def test_favourited_by_links_the_next_page_as_prev_for_the_author(sandbox):
    post = popular_post(_truth(sandbox))
    api = api_for(sandbox, "pia")
    first = api.get(f"/api/v1/statuses/{post['id']}/favourited_by")
    assert len(first.json()) == 40
    assert set(first.links) == {"prev"}, "Pixelfed labels the next page rel=prev"
    assert "cursor=" in first.links["prev"]["url"]
    second = api.get(first.links["prev"]["url"])
    assert set(second.links) >= {"next"}, "and the previous page rel=next"
    pages = follow(api, f"/api/v1/statuses/{post['id']}/favourited_by", rel="prev")
    assert sorted(ids(pages)) == post["likers"]


def test_favourited_by_gives_others_one_page_and_nothing_for_a_cursor(sandbox):
    post = popular_post(_truth(sandbox))
    author = api_for(sandbox, "pia")
    other = api_for(sandbox, "quinn")
    first = other.get(f"/api/v1/statuses/{post['id']}/favourited_by")
    assert len(first.json()) == 40 and "link" not in first.headers
    cursor_url = author.get(f"/api/v1/statuses/{post['id']}/favourited_by").links["prev"]["url"]
    assert other.get(cursor_url).json() == []


def test_reblogged_by_defaults_to_ten_and_refuses_a_limit_over_80(sandbox):
    post = popular_post(_truth(sandbox))
    api = api_for(sandbox, "pia")
    assert len(api.get(f"/api/v1/statuses/{post['id']}/reblogged_by").json()) == min(10, len(post["sharers"]))
    refused = api.get(f"/api/v1/statuses/{post['id']}/reblogged_by", limit=81)
    assert refused.status_code == 422
    pages = follow(api, f"/api/v1/statuses/{post['id']}/reblogged_by", rel="prev", limit=3)
    assert sorted(ids(pages)) == post["sharers"]


def test_context_gives_at_most_20_direct_replies_and_only_the_parent(sandbox):
    post = popular_post(_truth(sandbox))
    api = api_for(sandbox, "pia")
    assert post["counts"]["direct_replies"] > 20
    descendants = api.get(f"/api/v1/statuses/{post['id']}/context").json()["descendants"]
    assert len(descendants) == 20
    assert {status["in_reply_to_id"] for status in descendants} == {post["id"]}
    status = api.get(f"/api/v1/statuses/{post['id']}").json()
    assert status["replies_count"] == post["counts"]["direct_replies"]
    nested = next(c for c in post["comments"] if c["in_reply_to_id"] != post["id"])
    ancestors = api.get(f"/api/v1/statuses/{nested['id']}/context").json()["ancestors"]
    assert [a["id"] for a in ancestors] == [nested["in_reply_to_id"]]


def test_history_is_empty_until_a_post_is_edited(sandbox):
    truth = _truth(sandbox)
    api = api_for(sandbox, "pia")
    plain = next(p for p in truth["media_posts"] if p["versions"] == 1)
    assert api.get(f"/api/v1/statuses/{plain['id']}/history").json() == []
    sandbox.edit(plain["id"])
    assert len(api.get(f"/api/v1/statuses/{plain['id']}/history").json()) == 2


def test_pixelfed_sends_no_rate_limit_headers_and_wants_a_token(sandbox):
    api = api_for(sandbox, "pia")
    account_id = _truth(sandbox)["account_id"]
    response = api.get("/api/v1/accounts/verify_credentials")
    assert response.status_code == 200
    assert not any(name.lower().startswith("x-ratelimit") for name in response.headers)
    anonymous = requests.get(f"{sandbox.pixelfed_url}/api/v1/accounts/{account_id}/statuses", timeout=10)
    assert anonymous.status_code == 403


def test_instance_reports_pixelfed_compatibility_version(sandbox):
    api = api_for(sandbox, "pia")
    assert "Pixelfed" in api.get("/api/v1/instance").json()["version"]
    assert api.get("/api/v2/instance").json()["version"] == "3.5.3 (compatible; Pixelfed 0.12.5)"
