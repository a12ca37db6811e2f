"""The sandbox's Graph API-like instance, over real HTTP: paging, fields, insights, comments, errors,
and the existing InstagramClient syncing from it."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from platforms.errors import AuthError, RateLimited
from platforms.instagram.client import InstagramClient
from platforms.sandbox.graph import parse_fields


@pytest.fixture
def graph(make_sandbox: Any) -> Any:
    return make_sandbox(posts_per_account=30)


def _account(sandbox: Any, key: str = "ig_studio") -> dict[str, Any]:
    accounts = requests.get(f"{sandbox.instagram_url}/__sandbox__/graph/accounts", timeout=10).json()
    return next(entry for entry in accounts if entry["key"] == key)


def _get(sandbox: Any, path: str, token: str, **params: Any) -> requests.Response:
    return requests.get(f"{sandbox.instagram_url}/v25.0{path}", params={**params, "access_token": token},
                        timeout=10)


def test_parse_fields_reads_nested_field_lists() -> None:
    assert parse_fields("id,replies{id,text},from") == {"id": None, "replies": "id,text", "from": None}


def test_media_pages_by_cursor_with_absolute_next_urls(graph: Any) -> None:
    account = _account(graph)
    first = _get(graph, f"/{account['id']}/media", account["access_token"], fields="id,timestamp",
                 limit=25).json()
    assert len(first["data"]) == 25
    assert first["paging"]["next"].startswith(f"{graph.instagram_url}/v25.0/{account['id']}/media?")
    second = requests.get(first["paging"]["next"], timeout=10).json()
    assert len(second["data"]) == 5 and "next" not in second["paging"]
    ids = [m["id"] for m in first["data"] + second["data"]]
    assert len(set(ids)) == 30
    by_cursor = _get(graph, f"/{account['id']}/media", account["access_token"], limit=25,
                     after=first["paging"]["cursors"]["after"]).json()
    assert [m["id"] for m in by_cursor["data"]] == [m["id"] for m in second["data"]]


def test_bad_token_answers_oauth_exception_190(graph: Any) -> None:
    answer = _get(graph, "/me", "nonsense", fields="id")
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "OAuthException" and error["code"] == 190 and error["fbtrace_id"]


def test_unknown_field_and_deprecated_metric_answer_code_100(graph: Any) -> None:
    account = _account(graph)
    token = account["access_token"]
    assert _get(graph, f"/{account['id']}/media", token, fields="id,bogus").json()["error"]["code"] == 100
    media_id = _get(graph, f"/{account['id']}/media", token).json()["data"][0]["id"]
    for metric in ("impressions", "plays"):
        error = _get(graph, f"/{media_id}/insights", token, metric=f"reach,{metric}").json()["error"]
        assert error["code"] == 100 and metric in error["message"]


def test_rate_limit_switch_answers_codes_with_usage_headers(graph: Any) -> None:
    account = _account(graph)
    requests.post(f"{graph.instagram_url}/__sandbox__/graph/rate_limit", params={"code": 32}, timeout=10)
    answer = _get(graph, "/me", account["access_token"], fields="id")
    assert answer.json()["error"]["code"] == 32
    assert "X-Business-Use-Case-Usage" in answer.headers and "X-App-Usage" in answer.headers
    client = InstagramClient(graph.instagram_url, account["access_token"], allow_insecure=True)
    with pytest.raises(RateLimited):
        client.verify_credentials()


def test_instagram_client_syncs_posts_comments_replies_and_insights(graph: Any) -> None:
    account = _account(graph)
    truth = graph.graph.world.truth(account["id"])
    client = InstagramClient(graph.instagram_url, account["access_token"], allow_insecure=True)
    me = client.verify_credentials()
    assert (me.remote_id, me.handle, me.posts_count) == (account["id"], account["username"], 30)
    posts = [post for page in client.iter_post_pages(me.remote_id) for post in page.posts]
    assert len({post.remote_id for post in posts}) == truth["media"] == 30
    comments = [c for post in posts for c in client.get_comments(post.remote_id).comments]
    assert len(comments) == truth["comments"]
    assert any(comment.in_reply_to_id for comment in comments)  # replies came along
    for post in posts[:5]:
        metrics = client.get_insights(post.remote_id)
        expected = truth["insights"][post.remote_id]
        assert (metrics.views, metrics.reach, metrics.saved, metrics.total_interactions) == (
            expected["views"], expected["reach"], expected["saved"], expected["total_interactions"])


def test_refresh_gives_a_working_token_and_other_accounts_media_is_refused(graph: Any) -> None:
    studio, bakery = _account(graph), _account(graph, "ig_bakery")
    client = InstagramClient(graph.instagram_url, studio["access_token"], allow_insecure=True)
    fresh = client.refresh_token()
    assert fresh and fresh != studio["access_token"]
    assert client.verify_credentials().remote_id == studio["id"]
    with pytest.raises(AuthError):
        next(iter(client.iter_post_pages(bakery["id"])))
