"""The recorded Graph API bodies in ../shared/fixtures/instagram through the Instagram parsers and client."""

from __future__ import annotations

import json

import pytest

from platforms.base import MediaType
from platforms.errors import AuthError, NotFound, PlatformError
from platforms.instagram import parsers
from tests.platforms.conftest import GRAPH, SHARED_FIXTURES


def _body(name: str):
    return json.loads((SHARED_FIXTURES / "instagram" / f"{name}.json").read_text(encoding="utf-8"))["body"]


def test_recorded_media_pages_parse_every_item_with_album_children():
    names = ("user_media__page1", "user_media__page2_album_with_video_child")
    pages = [parsers.parse_media_page(_body(n)) for n in names]
    for page, name in zip(pages, names, strict=True):
        assert [p.remote_id for p in page.posts] == [m["id"] for m in _body(name)["data"]]
        assert page.bad_items == ()
    album = next(p for p in pages[1].posts if p.remote_id == "17896129349106152")
    children = _body("user_media__page2_album_with_video_child")["data"][0]["children"]["data"]
    assert album.media_type == MediaType.CAROUSEL
    assert album.media_urls == tuple(c["media_url"] for c in children if c.get("media_url"))


def test_recorded_old_style_insights_read_values():
    metrics = parsers.parse_insights(_body("media_insights__impressions_reach_saved"), media_id="17846368219941692")
    assert (metrics.reach, metrics.saved) == (5, 0)


def test_recorded_total_value_insights_parse_without_error():
    parsers.parse_insights(_body("media_insights__total_value_breakdown"), media_id="18035507131611621")


def test_recorded_comment_pages_and_replies_keep_ids_text_and_times():
    page = _body("media_comments__page1")
    assert parsers.next_cursor(page)[0] == "after"
    for name in ("media_comments__page1", "media_comments__page2_last", "comment__replies"):
        for item in _body(name)["data"]:
            # Recorded without `username`/`from` (fields the product asks for): a comment without an author
            # is a malformed item, which makes the thread incomplete rather than silently dropped.
            with pytest.raises(PlatformError, match="no author"):
                parsers.parse_comment({**item})
            named = parsers.parse_comment({**item, "username": "fan"})
            assert (named.remote_id, named.content_text) == (item["id"], item["text"])


def test_recorded_comments_without_authors_make_the_thread_incomplete(mocked, instagram):
    mocked.get(f"{GRAPH}/v25.0/17846368219941692/comments", json=_body("media_comments__page2_last"))
    thread = instagram.get_comments("17846368219941692")
    assert thread.complete is False and "malformed" in thread.problems[0]


@pytest.mark.parametrize("name", ["error__oauth_100_missing_permission", "error__oauth_100_app_secret_proof"])
def test_recorded_oauth_exception_100_is_a_platform_error_without_retry(mocked, instagram, name):
    mocked.get(f"{GRAPH}/v25.0/17846368219941692", status=400, json=_body(name))
    with pytest.raises(PlatformError) as caught:
        instagram.get_post("17846368219941692")
    assert not isinstance(caught.value, (AuthError, NotFound))
    assert caught.value.status == 400
    assert instagram.request_count == 1
