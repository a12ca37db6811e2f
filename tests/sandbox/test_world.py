"""The generated world: reproducible from its seed, evolving only forward, cheap to build."""

from __future__ import annotations

import time

from platforms.sandbox import SandboxConfig
from platforms.sandbox.world import World
from tests.sandbox.conftest import START, StartSandbox, api_for


def _without_urls(handle, text: str) -> str:
    return text.replace(handle.mastodon_url, "<M>").replace(handle.pixelfed_url, "<P>")


def test_same_seed_and_clock_give_identical_json(make_sandbox: StartSandbox):
    first, second = make_sandbox(), make_sandbox()
    first.advance(7200)
    second.advance(7200)
    truth_a, truth_b = first.truth(), second.truth()
    for truth in (truth_a, truth_b):
        for entry in truth["accounts"].values():
            entry.pop("instance_url"), entry.pop("canonical_url")
            entry.pop("handle")
    assert truth_a == truth_b
    pages = []
    for handle in (first, second):
        alice = handle.account("alice")
        response = api_for(handle, "alice").get(f"/api/v1/accounts/{alice['account_id']}/statuses", limit=40)
        pages.append(_without_urls(handle, response.text))
    assert pages[0] == pages[1]


def test_a_different_seed_gives_a_different_world(make_sandbox: StartSandbox):
    ids_a = [p["id"] for p in make_sandbox(seed=1).truth("alice")["accounts"]["alice"]["media_posts"]]
    ids_b = [p["id"] for p in make_sandbox(seed=2).truth("alice")["accounts"]["alice"]["media_posts"]]
    assert ids_a != ids_b


def test_advancing_the_clock_adds_likes_and_never_removes_any(make_sandbox: StartSandbox):
    handle = make_sandbox(activity=2.0)
    before = handle.truth()["accounts"]
    handle.advance(3 * 3600)
    after = handle.truth()["accounts"]
    grew = 0
    for key, account in before.items():
        later = {post["id"]: post for post in after[key]["media_posts"]}
        for post in account["media_posts"]:
            assert set(post["likers"]) <= set(later[post["id"]]["likers"])
            assert set(post["sharers"]) <= set(later[post["id"]]["sharers"])
            grew += len(later[post["id"]]["likers"]) - len(post["likers"])
    assert grew > 0


def test_new_engagement_lands_mostly_on_recent_posts(make_sandbox: StartSandbox):
    handle = make_sandbox(activity=5.0)
    before = handle.truth("alice")["accounts"]["alice"]["media_posts"]
    handle.advance(6 * 3600)
    after = handle.truth("alice")["accounts"]["alice"]["media_posts"]
    gained = [len(b["likers"]) - len(a["likers"]) for a, b in zip(before, after, strict=True)]
    newest_half, oldest_half = gained[: len(gained) // 2], gained[len(gained) // 2 :]
    assert sum(newest_half) > sum(oldest_half)


def test_the_world_holds_every_kind_of_post(sandbox):
    truth = sandbox.truth()["accounts"]
    types = {post["media_type"] for account in truth.values() for post in account["media_posts"]}
    assert types == {"image", "video", "gifv", "carousel"}
    alice = truth["alice"]
    assert 20 <= alice["media_post_count"] <= 60
    assert alice["skipped_text_only"] > 0
    assert alice["own_reblogs"] == 2
    assert any(post["versions"] == 3 for post in alice["media_posts"])
    assert {post["visibility"] for post in alice["media_posts"]} >= {"public", "private"}
    comments = [(post, c) for post in alice["media_posts"] for c in post["comments"]]
    nested = [c for post, c in comments if c["in_reply_to_id"] != post["id"]]
    assert nested, "some comments answer other comments"


def test_the_text_id_account_uses_non_numeric_ids(sandbox):
    dana = sandbox.truth("dana")["accounts"]["dana"]
    assert not dana["account_id"].isdigit()
    assert all(not post["id"].isdigit() and len(post["id"]) == 26 for post in dana["media_posts"])
    assert any(not c["id"].isdigit() for post in dana["media_posts"] for c in post["comments"])


def test_two_thousand_posts_are_generated_well_under_two_seconds():
    began = time.perf_counter()
    world = World(SandboxConfig(seed=7, start=START, frozen=True, bulk_posts=2000))
    elapsed = time.perf_counter() - began
    bulk = next(account for account in world.accounts() if account.bulk)
    assert len(bulk.statuses) == 2000
    assert elapsed < 2.0


def test_posts_per_account_sets_the_media_post_count(make_sandbox: StartSandbox):
    truth = make_sandbox(posts_per_account=25).truth()["accounts"]
    assert {account["media_post_count"] for account in truth.values()} == {25}
