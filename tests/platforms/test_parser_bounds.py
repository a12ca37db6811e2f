"""One bad value never stops a post: counts, timestamps, text and URLs are bounded in the shared readers."""

from __future__ import annotations

import pytest

from platforms.base import MediaType
from platforms.errors import BadPayload
from platforms.instagram.parsers import parse_media
from platforms.mastodon.parsers import parse_account, parse_status
from platforms.parsing import MAX_COUNT


@pytest.mark.parametrize("value", [-5, 10**30, 2**31, "12", 1.5, True])
def test_an_impossible_count_is_stored_unknown_with_a_warning(make_status, value):
    post = parse_status(make_status("55", favourites_count=value, reblogs_count=MAX_COUNT))
    assert post.metrics.likes is None
    assert post.metrics.shares == MAX_COUNT
    assert len(post.warnings) == 1 and "favourites_count" in post.warnings[0]


@pytest.mark.parametrize("value", ["9999-12-31T00:00:00Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z"])
def test_a_required_timestamp_out_of_range_is_a_bad_payload(make_status, value):
    with pytest.raises(BadPayload) as caught:
        parse_status(make_status("55", created_at=value))
    assert (caught.value.field, caught.value.remote_id) == ("created_at", "55")


def test_an_optional_timestamp_out_of_range_is_unknown_with_a_warning(make_status):
    post = parse_status(make_status("55", edited_at="9999-12-31T00:00:00Z"))
    assert post.edited_at is None
    assert "edited_at" in post.warnings[0]


def test_nul_and_control_characters_are_removed_but_newlines_kept(make_status):
    post = parse_status(make_status("55", content="<p>a\x00b\x07c\td\ne\r</p>"))
    assert post.caption_html == "<p>ab" + "c\td\ne\r</p>"
    assert "\x00" not in post.caption_text


def test_a_huge_caption_is_cut_to_65536_characters_with_a_warning(make_status):
    post = parse_status(make_status("55", content="<p>" + "x" * 20_000_000 + "</p>"))
    assert len(post.caption_html) == 65_536
    assert len(post.caption_text) <= 65_536
    assert any("content cut" in w for w in post.warnings)


def test_names_and_handles_are_bounded(make_account):
    raw = {**make_account("7"), "display_name": "N" * 10_000, "acct": "a" * 1000}
    account = parse_account(raw)
    assert (len(account.display_name), len(account.handle)) == (255, 255)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/png;base64,AAAA", "https://x/" + "a" * 3000])
def test_media_urls_that_are_not_http_are_dropped(make_status, url):
    media = [{"id": "1", "type": "image", "url": url, "preview_url": url},
             {"id": "2", "type": "image", "url": "https://cdn.example/2.jpg"}]
    post = parse_status(make_status("55", media_attachments=media, url=url))
    assert post.media_urls == ("https://cdn.example/2.jpg",)
    assert post.preview_url == "https://cdn.example/2.jpg"
    assert post.url.startswith("https://mastodon.example/")  # fell back to the uri
    assert any("dropped" in w for w in post.warnings)


def test_instagram_media_with_a_negative_like_count_keeps_the_post():
    post = parse_media({"id": "1", "media_type": "IMAGE", "media_url": "https://cdn.example/1.jpg",
                        "timestamp": "2026-08-01T12:00:00+0000", "like_count": -5, "comments_count": 2,
                        "caption": "hi\x00", "permalink": "javascript:alert(1)"})
    assert (post.metrics.likes, post.metrics.comments) == (None, 2)
    assert post.caption_text == "hi"
    assert post.url == ""
    assert post.warnings


@pytest.mark.parametrize(("item", "expected"), [
    ({"type": "document", "url": "https://pf.example/m/1.JPG"}, MediaType.IMAGE),
    ({"type": "document", "url": "https://pf.example/m/1.bin", "mime": "image/webp"}, MediaType.IMAGE),
    ({"type": "document", "url": "https://pf.example/m/1", "mime_type": "video/mp4"}, MediaType.VIDEO),
    ({"type": "unknown", "url": "https://pf.example/m/1.m4v"}, MediaType.VIDEO),
    ({"type": "document", "url": "https://pf.example/m/3.pdf"}, MediaType.UNKNOWN),
])
def test_pixelfed_documents_are_typed_from_mime_or_extension(make_status, item, expected):
    post = parse_status(make_status("55", media_attachments=[{"id": "1", **item}]))
    assert post.media_type == expected
