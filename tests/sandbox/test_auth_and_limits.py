"""Tokens, the Mastodon-like rate limit and deleted posts, over real HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import requests

from tests.sandbox.conftest import Api, api_for, load_fixture


def test_revoked_token_gets_401_with_mastodons_body(sandbox):
    api = api_for(sandbox, "erin")
    for path in ("/api/v1/accounts/verify_credentials", "/api/v1/notifications", "/api/v1/instance"):
        response = api.get(path)
        assert response.status_code == 401
        assert response.json() == {"error": "The access token was revoked"}


def test_unknown_or_missing_token_gets_401_on_mastodon(sandbox):
    assert Api(sandbox.mastodon_url, "nope").get("/api/v1/accounts/verify_credentials").status_code == 401
    assert Api(sandbox.mastodon_url, None).get("/api/v1/accounts/verify_credentials").status_code == 401
    assert Api(sandbox.mastodon_url, None).get("/api/v2/instance").status_code == 200


def test_a_token_of_one_instance_is_unknown_on_the_other(sandbox):
    token = sandbox.account("alice")["access_token"]
    assert Api(sandbox.pixelfed_url, token).get("/api/v1/accounts/verify_credentials").status_code == 401


def test_rate_limit_headers_count_down_then_429(make_sandbox):
    sandbox = make_sandbox(rate_limit=5)
    api = api_for(sandbox, "alice")
    remaining = []
    for _ in range(5):
        response = api.get("/api/v1/accounts/verify_credentials")
        assert response.status_code == 200
        remaining.append(int(response.headers["X-RateLimit-Remaining"]))
        assert response.headers["X-RateLimit-Limit"] == "5"
        reset = datetime.fromisoformat(response.headers["X-RateLimit-Reset"])
        assert reset.tzinfo is not None and reset > datetime.now(UTC)
    assert remaining == [4, 3, 2, 1, 0]
    refused = api.get("/api/v1/accounts/verify_credentials")
    assert refused.status_code == 429
    assert refused.json() == {"error": "Too many requests"}
    assert 1 <= int(refused.headers["Retry-After"]) <= 300
    assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_rate_limit_budget_is_per_token_and_resets_with_its_window(make_sandbox):
    import time

    sandbox = make_sandbox(rate_limit=2, rate_window=1.0)
    alice, bruno = api_for(sandbox, "alice"), api_for(sandbox, "bruno")
    time.sleep(1.0 - (time.time() % 1.0) + 0.02)  # start at the beginning of a window
    for _ in range(2):
        alice.get("/api/v1/accounts/verify_credentials")
    assert alice.get("/api/v1/accounts/verify_credentials").status_code == 429
    assert bruno.get("/api/v1/accounts/verify_credentials").status_code == 200
    time.sleep(1.05)
    assert alice.get("/api/v1/accounts/verify_credentials").status_code == 200


def test_a_deleted_post_is_404_with_the_recorded_body(sandbox):
    truth = sandbox.truth("alice")["accounts"]["alice"]
    post = truth["media_posts"][0]
    api = api_for(sandbox, "alice")
    assert api.get(f"/api/v1/statuses/{post['id']}").status_code == 200
    sandbox.delete(post["id"])
    for suffix in ("", "/favourited_by", "/context", "/history"):
        gone = api.get(f"/api/v1/statuses/{post['id']}{suffix}")
        assert gone.status_code == 404
        assert gone.json() == load_fixture("error_404.json")["body"]
    after = sandbox.truth("alice")["accounts"]["alice"]
    assert post["id"] not in {p["id"] for p in after["media_posts"]}


def test_private_posts_are_hidden_from_other_accounts(sandbox):
    truth = sandbox.truth("alice")["accounts"]["alice"]
    private = next(p for p in truth["media_posts"] if p["visibility"] == "private")
    assert api_for(sandbox, "alice").get(f"/api/v1/statuses/{private['id']}").status_code == 200
    assert api_for(sandbox, "bruno").get(f"/api/v1/statuses/{private['id']}").status_code == 404


def test_media_urls_point_at_the_sandbox_and_serve_svg(sandbox):
    truth = sandbox.truth("alice")["accounts"]["alice"]
    status = api_for(sandbox, "alice").get(f"/api/v1/statuses/{truth['media_posts'][0]['id']}").json()
    for media in status["media_attachments"]:
        for url in (media["url"], media["preview_url"]):
            assert url.startswith(sandbox.mastodon_url + "/media/")
            image = requests.get(url, timeout=10)
            assert image.status_code == 200
            assert image.headers["Content-Type"] == "image/svg+xml"
            assert image.text.startswith("<svg")
