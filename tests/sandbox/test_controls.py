"""The /__sandbox__/ controls: a like, a boost, a comment or an edit made now shows up in the API."""

from __future__ import annotations

import requests

from tests.sandbox.conftest import api_for


def _first_post(sandbox, key="alice"):
    return sandbox.truth(key)["accounts"][key]["media_posts"][0]


def test_a_like_made_now_appears_in_likers_and_notifications(sandbox):
    post = _first_post(sandbox)
    api = api_for(sandbox, "alice")
    made = sandbox.like(post["id"])
    assert made["created"] is True and made["actor_id"] not in post["likers"]
    likers = [a["id"] for a in api.get(f"/api/v1/statuses/{post['id']}/favourited_by", limit=80).json()]
    assert likers[0] == made["actor_id"], "the newest favourite comes first"
    newest = api.get("/api/v1/notifications", **{"types[]": "favourite", "limit": 1}).json()[0]
    assert newest["account"]["id"] == made["actor_id"] and newest["status"]["id"] == post["id"]
    assert newest["created_at"] == made["at_iso"]


def test_liking_twice_with_the_same_actor_adds_nothing(sandbox):
    post = _first_post(sandbox)
    made = sandbox.like(post["id"])
    assert sandbox.like(post["id"], actor=made["actor_id"]) == {"created": False}


def test_boost_and_comment_controls_add_events(sandbox):
    post = _first_post(sandbox, "pia")
    base = f"{sandbox.pixelfed_url}/__sandbox__"
    boosted = requests.post(f"{base}/boost", params={"post": post["id"]}, timeout=10).json()
    commented = requests.post(f"{base}/comment", params={"post": post["id"]}, timeout=10).json()
    after = sandbox.truth("pia")["accounts"]["pia"]["media_posts"][0]
    if post["visibility"] in ("public", "unlisted"):
        assert boosted["actor_id"] in after["sharers"]
    assert commented["comment_id"] in {c["id"] for c in after["comments"]}


def test_edit_adds_a_version_and_sets_edited_at(sandbox):
    post = _first_post(sandbox)
    api = api_for(sandbox, "alice")
    edited = sandbox.edit(post["id"])
    assert edited["versions"] == post["versions"] + 1
    status = api.get(f"/api/v1/statuses/{post['id']}").json()
    assert status["edited_at"] == edited["edited_at"]
    source = api.get(f"/api/v1/statuses/{post['id']}/source").json()
    assert "edited" in source["text"]


def test_advance_moves_the_clock_forward_only(sandbox):
    before = sandbox.clock()["now"]
    assert sandbox.advance(90)["now"] == before + 90
    refused = requests.post(f"{sandbox.mastodon_url}/__sandbox__/advance", params={"seconds": -5}, timeout=10)
    assert refused.status_code == 400


def test_unknown_post_is_a_404_from_the_controls(sandbox):
    response = requests.post(f"{sandbox.mastodon_url}/__sandbox__/like", params={"post": "nope"}, timeout=10)
    assert response.status_code == 404


def test_accounts_list_every_account_with_its_token_and_instance(sandbox):
    accounts = sandbox.accounts()
    platforms = {entry["key"]: entry["platform"] for entry in accounts}
    assert platforms == {"alice": "mastodon", "bruno": "mastodon", "chen": "mastodon", "dana": "mastodon",
                         "erin": "mastodon", "pia": "pixelfed", "quinn": "pixelfed"}
    assert [entry["key"] for entry in accounts if entry["revoked"]] == ["erin"]
    assert all(entry["access_token"] for entry in accounts)
    assert {entry["instance_url"] for entry in accounts} == {sandbox.mastodon_url, sandbox.pixelfed_url}
