"""The real-server switches of issue 9 and 12, over real HTTP: alias host, rounded resets, hard limit,
like swap, edits of old posts and latency."""

from __future__ import annotations

import math
import time
from datetime import datetime

import pytest
import requests

from tests.sandbox.conftest import api_for


def _reset_epoch(response: requests.Response) -> float:
    return datetime.fromisoformat(response.headers["X-RateLimit-Reset"].replace("Z", "+00:00")).timestamp()


def test_alias_links_name_the_server_localhost_while_clients_use_127(make_sandbox):
    sandbox = make_sandbox(alias_links=True)
    port = sandbox.mastodon_url.rsplit(":", 1)[1]
    assert sandbox.mastodon_url == f"http://127.0.0.1:{port}"
    canonical = f"http://localhost:{port}"
    alice = sandbox.account("alice")
    assert alice["instance_url"] == sandbox.mastodon_url and alice["canonical_url"] == canonical
    assert alice["handle"] == f"@alice@localhost:{port}"
    api = api_for(sandbox, "alice")
    page = api.get(f"/api/v1/accounts/{alice['account_id']}/statuses", limit=5)
    assert page.headers["Link"].startswith(f"<{canonical}/api/v1/accounts/")
    assert page.json()[0]["url"].startswith(f"{canonical}/@alice/")
    assert api.get("/api/v1/instance").json()["uri"] == canonical  # GoToSocial: a full URL
    assert api.get("/api/v2/instance").json()["domain"] == f"localhost:{port}"
    # The canonical name reaches the same server: following the Link works.
    next_page = api.get(page.links["next"]["url"])
    assert next_page.status_code == 200 and next_page.json()[0]["id"] != page.json()[0]["id"]


def test_without_alias_links_the_server_uses_the_connect_address(sandbox):
    api = api_for(sandbox, "alice")
    assert api.get("/api/v1/instance").json()["uri"] == sandbox.mastodon_url.removeprefix("http://")
    assert sandbox.account("alice")["canonical_url"] == sandbox.mastodon_url


def test_reset_rounded_down_floors_the_reset_and_sends_no_retry_after(make_sandbox):
    sandbox = make_sandbox(reset_rounded_down=True, rate_limit=2, rate_window=3)
    api = api_for(sandbox, "alice")
    answers = [api.get("/api/v1/accounts/verify_credentials") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    reset = _reset_epoch(answers[0])
    assert reset == math.floor(reset), "whole seconds, as GoToSocial sends"
    assert reset < time.time() + 3, "earlier than the window's real end (0.7 s past that second)"
    assert "Retry-After" not in answers[2].headers
    assert answers[2].headers["X-RateLimit-Remaining"] == "0"


def test_default_reset_keeps_its_fraction_and_sends_retry_after(make_sandbox):
    sandbox = make_sandbox(rate_limit=1, rate_window=3)
    api = api_for(sandbox, "alice")
    api.get("/api/v1/accounts/verify_credentials")
    refused = api.get("/api/v1/accounts/verify_credentials")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_hard_rate_limit_refuses_until_the_fixed_window_ends_on_both_instances(make_sandbox):
    sandbox = make_sandbox(hard_rate_limit=3, rate_window=2)
    for key in ("alice", "pia"):
        api = api_for(sandbox, key)
        codes = [api.get("/api/v1/accounts/verify_credentials").status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429], key
        refused = api.get("/api/v1/accounts/verify_credentials")
        assert refused.headers["X-RateLimit-Limit"] == "3" and refused.headers["X-RateLimit-Remaining"] == "0"
        wait = max(0.0, _reset_epoch(refused) - time.time())
        assert 0 < int(refused.headers["Retry-After"]) <= 2
        time.sleep(wait + 0.05)
        assert api.get("/api/v1/accounts/verify_credentials").status_code == 200, "a new window"
    assert sandbox.stats()["rate_limited"] >= 6


def test_swap_like_keeps_the_count_changes_the_likers_and_notifies(sandbox):
    post = next(p for p in sandbox.truth("alice")["accounts"]["alice"]["media_posts"] if p["likers"])
    api = api_for(sandbox, "alice")
    before = api.get(f"/api/v1/statuses/{post['id']}").json()["favourites_count"]
    swapped = sandbox.swap_like(post["id"])
    gone, added = swapped["removed_actor_id"], swapped["added"]["actor_id"]
    assert gone in post["likers"] and added not in post["likers"]
    assert api.get(f"/api/v1/statuses/{post['id']}").json()["favourites_count"] == before
    likers = {a["id"] for a in api.get(f"/api/v1/statuses/{post['id']}/favourited_by", limit=80).json()}
    assert added in likers and gone not in likers
    after = next(p for p in sandbox.truth("alice")["accounts"]["alice"]["media_posts"] if p["id"] == post["id"])
    assert after["unlikers"] == [gone] and len(after["likers"]) == len(post["likers"])
    newest = api.get("/api/v1/notifications", **{"types[]": "favourite", "limit": 80}).json()
    assert newest[0]["account"]["id"] == added and newest[0]["status"]["id"] == post["id"]
    assert not any(n["account"]["id"] == gone and n["status"]["id"] == post["id"] for n in newest)


def test_swap_like_on_a_post_without_likes_is_refused(sandbox):
    accounts = sandbox.truth()["accounts"].values()
    bare = next(p for entry in accounts for p in entry["media_posts"] if not p["likers"])
    answer = requests.post(f"{sandbox.mastodon_url}/__sandbox__/swap_like", params={"post": bare["id"]},
                           timeout=10)
    assert answer.status_code == 400


def test_edit_old_edits_a_post_older_than_two_days_and_grows_its_history(sandbox):
    now = sandbox.clock()["now"]
    first = sandbox.edit_old("alice")
    created = datetime.fromisoformat(first["created_at"].replace("Z", "+00:00")).timestamp()
    assert created < now - 2 * 86400
    second = sandbox.edit_old("alice")
    assert second["post_id"] == first["post_id"] and second["versions"] == first["versions"] + 1
    api = api_for(sandbox, "alice")
    history = api.get(f"/api/v1/statuses/{first['post_id']}/history").json()
    assert len(history) == second["versions"]
    listed = api.get(f"/api/v1/accounts/{sandbox.account('alice')['account_id']}/statuses", limit=40).json()
    shown = next(s for s in listed if s["id"] == first["post_id"])
    assert shown["edited_at"] == second["edited_at"], "the listing shows the edit"


def test_edit_old_of_an_unknown_account_is_a_404(sandbox):
    answer = requests.post(f"{sandbox.mastodon_url}/__sandbox__/edit_old", params={"account": "nobody"},
                           timeout=10)
    assert answer.status_code == 404


def test_latency_delays_every_api_answer_but_not_the_controls(make_sandbox):
    sandbox = make_sandbox(latency=0.3)
    api = api_for(sandbox, "alice")
    began = time.monotonic()
    assert api.get("/api/v1/accounts/verify_credentials").status_code == 200
    assert time.monotonic() - began >= 0.3
    began = time.monotonic()
    sandbox.clock()
    assert time.monotonic() - began < 0.3


def test_wall_clock_reads_real_time_so_a_restart_carries_on(make_sandbox):
    start = time.time() - 5 * 3600
    sandbox = make_sandbox(start=start, frozen=False, wall_clock=True)
    assert abs(sandbox.clock()["now"] - time.time()) < 2


def test_command_line_flags_set_every_switch():
    import argparse

    from platforms.sandbox.cli import add_arguments, config_from

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    options = vars(parser.parse_args([
        "--alias-links", "--reset-rounded-down", "--hard-rate-limit", "7", "--latency", "0.25",
        "--hostile", "negative_count,nul_caption", "--wall-clock", "--start", "1785600000"]))
    config = config_from(options)
    assert (config.alias_links, config.reset_rounded_down, config.hard_rate_limit, config.latency,
            config.hostile, config.wall_clock, config.start) == (
        True, True, 7, 0.25, "negative_count,nul_caption", True, 1_785_600_000.0)
    with pytest.raises(ValueError, match="bogus"):
        config_from(vars(parser.parse_args(["--hostile", "bogus"])))
