"""Pixelfed's differences: max_id paging, swapped cursor links, truncated context, empty history, pacing."""

from __future__ import annotations

import itertools

import pytest
from responses import matchers

from platforms.base import MediaType
from platforms.errors import NotFound
from platforms.pixelfed import PixelfedClient
from platforms.pixelfed.cursors import cursor_of, points_forward
from tests.platforms.conftest import PIXELFED, TOKEN

STATUSES = f"{PIXELFED}/api/v1/accounts/700000000000000001/statuses"
FAVS = f"{PIXELFED}/api/v1/statuses/800000000000000030/favourited_by"
POST_ID = "800000000000000030"


def _replay(mocked, fixture: dict, url: str, **kwargs) -> None:
    mocked.get(url, json=fixture["body"], headers=fixture.get("headers", {}), **kwargs)


def test_account_statuses_page_with_max_id_of_the_last_post(mocked, pixelfed, local_fixture):
    _replay(
        mocked,
        local_fixture("pixelfed/account_statuses_page1"),
        STATUSES,
        match=[matchers.query_param_matcher({"only_media": "true", "limit": "40"})],
    )
    _replay(
        mocked,
        local_fixture("pixelfed/account_statuses_page2"),
        STATUSES,
        match=[
            matchers.query_param_matcher(
                {"only_media": "true", "limit": "40", "max_id": "800000000000000020"}
            )
        ],
    )
    _replay(
        mocked,
        local_fixture("pixelfed/account_statuses_empty"),
        STATUSES,
        match=[
            matchers.query_param_matcher(
                {"only_media": "true", "limit": "40", "max_id": "800000000000000010"}
            )
        ],
    )
    posts = [p for page in pixelfed.iter_post_pages("700000000000000001") for p in page.posts]
    assert [p.remote_id for p in posts] == ["800000000000000030", "800000000000000020", "800000000000000010"]


def test_albums_are_carousels_and_documents_are_unknown(mocked, pixelfed, local_fixture):
    _replay(mocked, local_fixture("pixelfed/account_statuses_page1"), STATUSES)
    page = next(pixelfed.iter_post_pages("700000000000000001"))
    assert [p.media_type for p in page.posts] == [MediaType.CAROUSEL, MediaType.UNKNOWN]
    assert page.posts[0].hashtags == ("sunset",)


def test_requests_are_paced_by_the_minimum_interval(mocked, pixelfed, local_fixture, clock):
    _replay(mocked, local_fixture("pixelfed/account_statuses_page2"), STATUSES)
    _replay(mocked, local_fixture("pixelfed/account_statuses_empty"), STATUSES)
    list(pixelfed.iter_post_pages("700000000000000001"))
    assert clock.sleeps == [1.0]


def test_default_pixelfed_policy_paces_itself():
    assert PixelfedClient(PIXELFED, TOKEN).http.pacer.min_interval == 1.0


def test_favourited_by_follows_swapped_link_labels_forward(mocked, pixelfed, local_fixture):
    pages = [local_fixture(f"pixelfed/favourited_by_page{n}") for n in (1, 2, 3)]
    _replay(mocked, pages[0], FAVS, match=[matchers.query_param_matcher({"limit": "80"})])
    for previous, page in itertools.pairwise(pages):
        forward = previous["headers"]["Link"].split(", ")[-1].split(">")[0].lstrip("<")
        _replay(
            mocked,
            page,
            FAVS,
            match=[matchers.query_param_matcher({"cursor": cursor_of(forward)}, strict_match=False)],
        )
    likers = list(pixelfed.get_likers(POST_ID).actors)
    assert [a.handle for a in likers] == [
        f"{n}@pixelfed.example" for n in ("bob", "carol", "dave", "erin", "frank")
    ]
    assert pixelfed.request_count == 3


def test_favourited_by_with_a_correct_next_link_is_followed(mocked, pixelfed, make_account):
    mocked.get(FAVS, json=[make_account("1")], headers={"Link": f'<{FAVS}?cursor=abc>; rel="next"'})
    mocked.get(f"{FAVS}?cursor=abc", json=[make_account("2")])
    assert [a.remote_id for a in pixelfed.get_likers(POST_ID).actors] == ["1", "2"]


def test_favourited_by_stops_on_an_empty_page_even_with_a_link(mocked, pixelfed, make_account):
    mocked.get(FAVS, json=[make_account("1")], headers={"Link": f'<{FAVS}?cursor=abc>; rel="prev"'})
    mocked.get(f"{FAVS}?cursor=abc", json=[], headers={"Link": f'<{FAVS}?cursor=def>; rel="prev"'})
    assert [a.remote_id for a in pixelfed.get_likers(POST_ID).actors] == ["1"]


def test_reblogged_by_asks_at_most_80(mocked, pixelfed, make_account):
    mocked.get(
        f"{PIXELFED}/api/v1/statuses/{POST_ID}/reblogged_by",
        json=[make_account("3")],
        match=[matchers.query_param_matcher({"limit": "80"})],
    )
    assert [a.remote_id for a in pixelfed.get_sharers(POST_ID).actors] == ["3"]


def test_laravel_cursor_direction_is_read():
    assert points_forward("eyJpZCI6MSwiX3BvaW50c1RvTmV4dEl0ZW1zIjp0cnVlfQ") is True
    assert points_forward("eyJpZCI6MSwiX3BvaW50c1RvTmV4dEl0ZW1zIjpmYWxzZX0") is False
    assert points_forward("not-a-cursor!") is None


def test_truncated_context_reports_the_total_and_is_incomplete(mocked, pixelfed, local_fixture):
    _replay(
        mocked, local_fixture("pixelfed/context_truncated"), f"{PIXELFED}/api/v1/statuses/{POST_ID}/context"
    )
    _replay(
        mocked, local_fixture("pixelfed/status_with_many_replies"), f"{PIXELFED}/api/v1/statuses/{POST_ID}"
    )
    thread = pixelfed.get_comments(POST_ID)
    assert len(thread.comments) == 20
    assert (thread.reported_total, thread.complete) == (27, False)
    assert all(c.in_reply_to_id is None for c in thread.comments)


def test_short_context_is_complete_without_asking_for_the_post(mocked, pixelfed, make_status):
    mocked.get(
        f"{PIXELFED}/api/v1/statuses/{POST_ID}/context",
        json={"ancestors": [], "descendants": [make_status("9", in_reply_to_id=POST_ID)]},
    )
    thread = pixelfed.get_comments(POST_ID)
    assert (len(thread.comments), thread.complete) == (1, True)


def test_history_of_a_never_edited_post_is_empty(mocked, pixelfed, local_fixture):
    _replay(
        mocked,
        local_fixture("pixelfed/history_never_edited"),
        f"{PIXELFED}/api/v1/statuses/{POST_ID}/history",
    )
    assert pixelfed.get_edit_history(POST_ID) == ()


@pytest.mark.parametrize("status", [403, 404])
def test_history_refused_for_private_posts_or_disabled_editing_is_empty(mocked, pixelfed, status):
    mocked.get(f"{PIXELFED}/api/v1/statuses/{POST_ID}/history", status=status)
    assert pixelfed.get_edit_history(POST_ID) == ()


def test_get_post_still_reports_deleted_posts(mocked, pixelfed):
    mocked.get(f"{PIXELFED}/api/v1/statuses/{POST_ID}", status=404)
    with pytest.raises(NotFound):
        pixelfed.get_post(POST_ID)


def test_instance_detection_recognises_pixelfed(mocked, pixelfed, local_fixture):
    mocked.get(f"{PIXELFED}/api/v2/instance", status=404)
    _replay(mocked, local_fixture("pixelfed/instance_v1"), f"{PIXELFED}/api/v1/instance")
    instance = pixelfed.detect_instance()
    assert (instance.software, instance.version) == ("pixelfed", "0.12.4")


def _shared_pixelfed(name: str) -> dict:
    import json

    from tests.platforms.conftest import SHARED_FIXTURES

    return json.loads((SHARED_FIXTURES / "pixelfed" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "version"), [
    ("instance_v1__pixelfed_social_0_11_4", "0.11.4"),
    ("instance_v1__pixelfed_social_0_12_3", "0.12.3"),  # stats.status_count is a string there
])
def test_recorded_pixelfed_v1_instance_is_recognised_with_its_domain(mocked, pixelfed, name, version):
    mocked.get(f"{PIXELFED}/api/v2/instance", status=404)
    mocked.get(f"{PIXELFED}/api/v1/instance", json=_shared_pixelfed(name)["body"])
    instance = pixelfed.detect_instance()
    assert (instance.software, instance.version) == ("pixelfed", version)
    assert (instance.domain, instance.canonical_url) == ("pixelfed.social", "https://pixelfed.social")


def test_recorded_pixelfed_v2_instance_gives_the_domain(mocked, pixelfed):
    mocked.get(f"{PIXELFED}/api/v2/instance", json=_shared_pixelfed("instance_v2__pixelfed_social")["body"])
    instance = pixelfed.detect_instance()
    assert (instance.software, instance.domain) == ("pixelfed", "pixelfed.social")


@pytest.mark.parametrize("name", ["account__pixelfed_social_with_source", "account__remote_in_mutes_or_blocks_list"])
def test_recorded_pixelfed_accounts_with_pixelfed_only_keys_parse(name):
    from platforms.mastodon.parsers import parse_account

    body = _shared_pixelfed(name)["body"]
    body = body[0] if isinstance(body, list) else body
    account = parse_account(body)
    assert (account.remote_id, account.handle) == (str(body["id"]), body["acct"])
