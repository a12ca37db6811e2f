"""Mastodon account statuses, single statuses, credentials and instance detection."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from responses import matchers

from platforms.base import MediaType
from platforms.errors import AuthError, BadPayload, NotFound, RefusedLink
from platforms.mastodon import MastodonClient
from tests.platforms.conftest import MASTODON, TOKEN

STATUSES = f"{MASTODON}/api/v1/accounts/42/statuses"


def _link(url: str) -> dict[str, str]:
    return {"Link": f'<{url}>; rel="next", <{MASTODON}/api/v1/accounts/42/statuses?min_id=999>; rel="prev"'}


def test_post_pages_follow_the_link_header_across_pages(mocked, mastodon, make_status):
    mocked.get(
        STATUSES,
        json=[make_status("30"), make_status("29")],
        headers=_link(f"{STATUSES}?max_id=29"),
        match=[
            matchers.query_param_matcher({"only_media": "true", "exclude_reblogs": "true", "limit": "40"})
        ],
    )
    mocked.get(f"{STATUSES}?max_id=29", json=[make_status("28")], headers=_link(f"{STATUSES}?max_id=28"))
    mocked.get(f"{STATUSES}?max_id=28", json=[])
    pages = list(mastodon.iter_post_pages("42"))
    assert [p.remote_id for page in pages for p in page.posts] == ["30", "29", "28"]
    assert mastodon.request_count == 3


def test_requests_carry_the_bearer_token(mocked, mastodon, make_status):
    mocked.get(STATUSES, json=[], match=[matchers.header_matcher({"Authorization": f"Bearer {TOKEN}"})])
    list(mastodon.iter_post_pages("42"))


def test_opaque_ulid_ids_are_kept_as_text_and_paged_by_link(mocked, mastodon, make_status):
    ulid = "01HZY8Q8M3Z6J5V0P4W9KXG2TR"
    mocked.get(STATUSES, json=[make_status(ulid)], headers=_link(f"{STATUSES}?max_id={ulid}"))
    mocked.get(f"{STATUSES}?max_id={ulid}", json=[])
    posts = [p for page in mastodon.iter_post_pages("42") for p in page.posts]
    assert posts[0].remote_id == ulid


def test_statuses_without_media_are_skipped_and_counted(mocked, mastodon, make_status):
    mocked.get(STATUSES, json=[make_status("2", media_attachments=[]), make_status("1")])
    page = next(mastodon.iter_post_pages("42"))
    assert [p.remote_id for p in page.posts] == ["1"]
    assert page.skipped_without_media == 1


def test_reblogs_are_not_the_accounts_posts_and_are_counted_apart(mocked, mastodon, make_status):
    mocked.get(STATUSES, json=[make_status("2", reblog=make_status("99")), make_status("1")])
    page = next(mastodon.iter_post_pages("42"))
    assert [p.remote_id for p in page.posts] == ["1"]
    assert (page.skipped_reblogs, page.skipped_without_media) == (1, 0)


def test_malformed_item_becomes_a_bad_item_and_the_rest_of_the_page_is_kept(mocked, mastodon, make_status):
    mocked.get(STATUSES, json=[make_status("3"), make_status("2", created_at="yesterday"), {"content": "x"}])
    page = next(mastodon.iter_post_pages("42"))
    assert [p.remote_id for p in page.posts] == ["3"]
    assert [(e.field, e.remote_id) for e in page.bad_items] == [("created_at", "2"), ("id", None)]
    assert all(isinstance(e, BadPayload) for e in page.bad_items)


def test_a_response_that_is_not_a_list_raises_bad_payload(mocked, mastodon):
    mocked.get(STATUSES, json={"error": "weird"})
    with pytest.raises(BadPayload):
        list(mastodon.iter_post_pages("42"))


def test_paging_stops_at_posts_older_than_since(mocked, mastodon, make_status):
    old = make_status("1", created_at="2026-07-01T00:00:00Z")
    mocked.get(STATUSES, json=[make_status("2"), old], headers=_link(f"{STATUSES}?max_id=1"))
    pages = list(mastodon.iter_post_pages("42", since=datetime(2026, 7, 15, tzinfo=UTC)))
    assert [p.remote_id for page in pages for p in page.posts] == ["2"]


def test_paging_stops_after_max_posts(mocked, mastodon, make_status):
    mocked.get(
        STATUSES,
        json=[make_status("3"), make_status("2"), make_status("1")],
        headers=_link(f"{STATUSES}?max_id=1"),
    )
    pages = list(mastodon.iter_post_pages("42", max_posts=2))
    assert [p.remote_id for page in pages for p in page.posts] == ["3", "2"]


def test_link_to_another_host_is_refused_loudly_after_the_pages_before_it(mocked, mastodon, make_status):
    mocked.get(
        STATUSES, json=[make_status("1")], headers={"Link": '<https://evil.example/steal>; rel="next"'}
    )
    pages = mastodon.iter_post_pages("42")
    assert [p.remote_id for p in next(pages).posts] == ["1"]
    with pytest.raises(RefusedLink, match=r"evil\.example"):
        next(pages)


def test_link_to_the_servers_canonical_name_is_followed(mocked, make_status):
    client = MastodonClient("https://alias.example", "token", canonical_url="https://mastodon.example")
    mocked.get("https://alias.example/api/v1/accounts/42/statuses", json=[make_status("1")],
               headers={"Link": '<https://mastodon.example/api/v1/accounts/42/statuses?max_id=1>; rel="next"'})
    mocked.get("https://mastodon.example/api/v1/accounts/42/statuses", json=[make_status("0")])
    pages = list(client.iter_post_pages("42"))
    assert [p.remote_id for page in pages for p in page.posts] == ["1", "0"]


def test_get_post_parses_the_status(mocked, mastodon, make_status):
    mocked.get(f"{MASTODON}/api/v1/statuses/7", json=make_status("7", edited_at="2026-08-01T12:30:00Z"))
    post = mastodon.get_post("7")
    assert (post.remote_id, post.media_type, post.edited_at) == (
        "7",
        MediaType.IMAGE,
        datetime(2026, 8, 1, 12, 30, tzinfo=UTC),
    )


def test_get_post_of_a_deleted_status_raises_not_found(mocked, mastodon):
    mocked.get(f"{MASTODON}/api/v1/statuses/7", status=404, json={"error": "Record not found"})
    with pytest.raises(NotFound):
        mastodon.get_post("7")


def test_a_gone_status_raises_not_found(mocked, mastodon):
    mocked.get(f"{MASTODON}/api/v1/statuses/7", status=410, json={"error": "Gone"})
    with pytest.raises(NotFound):
        mastodon.get_post("7")


def test_revoked_token_raises_auth_error(mocked, mastodon):
    mocked.get(
        f"{MASTODON}/api/v1/accounts/verify_credentials",
        status=401,
        json={"error": "The access token was revoked"},
    )
    with pytest.raises(AuthError, match="revoked"):
        mastodon.verify_credentials()


def test_verify_credentials_returns_the_account(mocked, mastodon, shared_fixture):
    recorded = shared_fixture("verify_credentials__00__v1_accounts_verify_credentials.json")
    mocked.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json=recorded["body"])
    account = mastodon.verify_credentials()
    assert (account.remote_id, account.handle, account.followers_count) == (
        "117020457910412882",
        "mastodonpy_test",
        0,
    )


def test_detect_instance_reads_v2(mocked, mastodon, shared_fixture):
    mocked.get(f"{MASTODON}/api/v2/instance", json=shared_fixture("instance__v2.json")["body"])
    instance = mastodon.detect_instance()
    assert (instance.software, instance.version) == ("mastodon", "4.6.4")


def test_detect_instance_falls_back_to_v1(mocked, mastodon, shared_fixture):
    mocked.get(f"{MASTODON}/api/v2/instance", status=404, json={"error": "Not Found"})
    mocked.get(f"{MASTODON}/api/v1/instance", json=shared_fixture("instance__v1.json")["body"])
    assert mastodon.detect_instance().version == "4.6.4"


def test_status_ids_cannot_change_the_request_path(mocked, mastodon, make_status):
    mocked.get(f"{MASTODON}/api/v1/statuses/..%2Fadmin", json=make_status("../admin"))
    assert mastodon.get_post("../admin").remote_id == "../admin"


def test_old_statuses_without_media_also_stop_the_paging_at_since(mocked, mastodon, make_status):
    old_text = make_status("1", created_at="2026-07-01T00:00:00Z", media_attachments=[])
    mocked.get(STATUSES, json=[make_status("2"), old_text], headers=_link(f"{STATUSES}?max_id=1"))
    pages = list(mastodon.iter_post_pages("42", since=datetime(2026, 7, 15, tzinfo=UTC)))
    assert len(pages) == 1
