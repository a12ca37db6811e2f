"""Hostile cases (issue 10): each one switched on alone changes only the target posts, as documented."""

from __future__ import annotations

import json

import pytest
import requests

from platforms.sandbox import start_sandbox
from platforms.sandbox.hostile import CASES, parse_cases
from tests.sandbox.conftest import api_for


def _target(sandbox, key="alice"):
    truth = sandbox.truth(key)["accounts"][key]
    [target] = truth["hostile_posts"]
    return target, [p["id"] for p in truth["media_posts"] if p["id"] != target]


def _status(sandbox, post_id, key="alice"):
    return api_for(sandbox, key).get(f"/api/v1/statuses/{post_id}")


@pytest.mark.parametrize(("case", "field", "value"), [
    ("negative_count", "favourites_count", -5),
    ("huge_count", "favourites_count", 10**30),
    ("int32_count", "favourites_count", 2**31),
    ("year_9999", "created_at", "9999-12-31T23:59:59.000Z"),
    ("year_0001", "created_at", "0001-01-01T00:00:00.000Z"),
])
def test_value_cases_change_the_target_post_only(make_sandbox, case, field, value):
    sandbox = make_sandbox(hostile=case)
    target, others = _target(sandbox)
    assert _status(sandbox, target).json()[field] == value
    assert _status(sandbox, others[0]).json()[field] != value
    listing = api_for(sandbox, "alice").get(
        f"/api/v1/accounts/{sandbox.account('alice')['account_id']}/statuses", limit=40).json()
    assert next(s for s in listing if s["id"] == target)[field] == value, "the listing carries it too"


def test_nul_and_huge_captions(make_sandbox):
    sandbox = make_sandbox(hostile="nul_caption")
    target, _ = _target(sandbox)
    assert "\x00" in _status(sandbox, target).json()["content"]
    sandbox = make_sandbox(hostile="huge_caption")
    target, others = _target(sandbox)
    assert len(_status(sandbox, target).json()["content"]) > 2_000_000
    assert len(_status(sandbox, others[0]).json()["content"]) < 10_000


def test_nested_json_makes_json_loads_recurse_too_deep(make_sandbox):
    sandbox = make_sandbox(hostile="nested_json")
    target, others = _target(sandbox)
    body = _status(sandbox, target).text
    assert body.count('{"a":') == 50_000
    with pytest.raises(RecursionError):
        json.loads(body)
    assert _status(sandbox, others[0]).json()["application"]["name"] == "Web"


def test_looping_likers_repeat_the_same_page_with_a_next_link_forever(make_sandbox):
    sandbox = make_sandbox(hostile="looping_likers")
    target, _ = _target(sandbox)
    api = api_for(sandbox, "alice")
    first = api.get(f"/api/v1/statuses/{target}/favourited_by", limit=40)
    second = api.get(first.links["next"]["url"])
    third = api.get(second.links["next"]["url"])
    assert first.json() == second.json() == third.json()
    assert first.links["next"]["url"] == second.links["next"]["url"]


def test_endless_likers_invent_new_full_pages_forever(make_sandbox):
    sandbox = make_sandbox(hostile="endless_likers")
    target, _ = _target(sandbox)
    api = api_for(sandbox, "alice")
    reported = _status(sandbox, target).json()["favourites_count"]
    seen: set[str] = set()
    url = f"{sandbox.mastodon_url}/api/v1/statuses/{target}/favourited_by?limit=80"
    for _ in range(5):
        page = api.get(url)
        assert len(page.json()) == 80
        seen |= {a["id"] for a in page.json()}
        url = page.links["next"]["url"]
    assert len(seen) == 400 > reported


def test_malformed_likers_lead_the_first_page_and_keep_the_real_ones(make_sandbox):
    sandbox = make_sandbox(hostile="malformed_likers")
    target, _ = _target(sandbox)
    truth = next(p for p in sandbox.truth("alice")["accounts"]["alice"]["media_posts"] if p["id"] == target)
    items = api_for(sandbox, "alice").get(f"/api/v1/statuses/{target}/favourited_by", limit=80).json()
    assert items[:5] == [None, "not-an-account", {"id": None, "username": "ghost"}, {"username": 42},
                         {"id": ["x"], "acct": {}}]
    real = [a["id"] for a in items[5:]]
    assert set(real) <= set(truth["likers"]) and len(real) == min(80, len(truth["likers"])) > 0


@pytest.mark.parametrize(("case", "header", "value"), [
    ("retry_after_huge", "Retry-After", "1e20"),
    ("retry_after_inf", "Retry-After", "inf"),
    ("reset_far", "X-RateLimit-Reset", "3000-01-01T00:00:00.000000Z"),
])
def test_wait_header_cases_refuse_the_target_engager_lists(make_sandbox, case, header, value):
    sandbox = make_sandbox(hostile=case)
    target, others = _target(sandbox)
    api = api_for(sandbox, "alice")
    for endpoint in ("favourited_by", "reblogged_by"):
        refused = api.get(f"/api/v1/statuses/{target}/{endpoint}")
        assert refused.status_code == 429 and refused.headers[header] == value
    assert api.get(f"/api/v1/statuses/{others[0]}/favourited_by").status_code == 200
    assert _status(sandbox, target).status_code == 200


def test_every_account_has_one_public_target_and_the_truth_names_the_cases(make_sandbox):
    sandbox = make_sandbox(hostile="negative_count,nul_caption")
    truth = sandbox.truth()
    assert truth["hostile"] == ["negative_count", "nul_caption"]
    for key, entry in truth["accounts"].items():
        [target] = entry["hostile_posts"]
        assert next(p for p in entry["media_posts"] if p["id"] == target)["visibility"] == "public", key


def test_no_case_means_no_target(sandbox):
    assert all(not entry["hostile_posts"] for entry in sandbox.truth()["accounts"].values())


def test_unknown_cases_are_refused_at_start():
    with pytest.raises(ValueError, match="unknown hostile case"):
        start_sandbox(hostile="negative_count,bogus")
    assert parse_cases(",".join(CASES)) == frozenset(CASES)


def test_the_pixelfed_instance_applies_value_cases_too(make_sandbox):
    sandbox = make_sandbox(hostile="negative_count")
    target, _ = _target(sandbox, "pia")
    response = requests.get(f"{sandbox.pixelfed_url}/api/v1/statuses/{target}", timeout=10,
                            headers={"Authorization": f"Bearer {sandbox.account('pia')['access_token']}"})
    assert response.json()["favourites_count"] == -5


def test_hostile_cases_can_be_switched_while_running(sandbox):
    assert sandbox.truth("alice")["accounts"]["alice"]["hostile_posts"] == []
    assert sandbox.set_hostile("negative_count") == {"hostile": ["negative_count"]}
    target, _ = _target(sandbox)
    assert _status(sandbox, target).json()["favourites_count"] == -5
    sandbox.set_hostile("")
    assert _status(sandbox, target).json()["favourites_count"] >= 0
    refused = requests.post(f"{sandbox.mastodon_url}/__sandbox__/hostile", params={"cases": "bogus"}, timeout=10)
    assert refused.status_code == 400
