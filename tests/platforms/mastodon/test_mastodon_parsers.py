"""Defensive parsing of Mastodon statuses: media, captions, counts, visibility and malformed fields."""

from __future__ import annotations

import pytest

from platforms.base import MediaType, Visibility
from platforms.errors import BadPayload
from platforms.mastodon.parsers import parse_instance, parse_status


def _attachment(kind: str, n: int, preview: str | None = "p") -> dict:
    return {
        "id": str(n),
        "type": kind,
        "url": f"https://m.example/{n}.bin",
        "preview_url": None if preview is None else f"https://m.example/{n}_{preview}.jpg",
    }


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("image", MediaType.IMAGE),
        ("video", MediaType.VIDEO),
        ("gifv", MediaType.GIFV),
        ("audio", MediaType.AUDIO),
        ("unknown", MediaType.UNKNOWN),
        ("document", MediaType.UNKNOWN),
        ("hologram", MediaType.UNKNOWN),
    ],
)
def test_media_type_of_a_single_attachment(make_status, kind, expected):
    assert parse_status(make_status(media_attachments=[_attachment(kind, 1)])).media_type == expected


def test_several_attachments_are_a_carousel_with_every_url(make_status):
    post = parse_status(make_status(media_attachments=[_attachment("image", 1), _attachment("video", 2)]))
    assert post.media_type == MediaType.CAROUSEL
    assert post.media_urls == ("https://m.example/1.bin", "https://m.example/2.bin")
    assert post.preview_url == "https://m.example/1_p.jpg"


def test_preview_falls_back_to_the_first_attachments_url(make_status):
    post = parse_status(make_status(media_attachments=[_attachment("image", 1, preview=None)]))
    assert post.preview_url == "https://m.example/1.bin"


def test_html_caption_is_kept_and_rendered_as_plain_text(make_status):
    html = (
        '<p>Hi <span class="h-card"><a href="https://m.example/@bob" class="u-url mention">@<span>bob</span>'
        '</a></span> &amp; <a href="https://m.example/tags/Cats" class="mention hashtag">'
        "#<span>Cats</span></a>"
        "</p><p>line<br>two</p>"
    )
    post = parse_status(make_status(content=html))
    assert post.caption_html == html
    assert post.caption_text == "Hi @bob & #Cats\n\nline\ntwo"


def test_unicode_caption_survives(make_status):
    post = parse_status(make_status(content="<p>東京の夜景 ❄️ — Grüße, שלום 👋</p>"))
    assert post.caption_text == "東京の夜景 ❄️ — Grüße, שלום 👋"


def test_hashtags_come_from_tags_lower_cased_and_unique(make_status):
    post = parse_status(make_status(tags=[{"name": "Cats"}, {"name": "cats"}, {"name": "Photo"}]))
    assert post.hashtags == ("cats", "photo")


def test_counts_map_to_metrics_and_views_stay_none(make_status):
    metrics = parse_status(
        make_status(favourites_count=4, reblogs_count=2, replies_count=1, quotes_count=0)
    ).metrics
    assert (metrics.likes, metrics.shares, metrics.comments, metrics.quotes) == (4, 2, 1, 0)
    assert (metrics.views, metrics.reach) == (None, None)


def test_missing_optional_fields_are_none_or_empty(make_status):
    status = make_status()
    for key in ("quotes_count", "favourites_count", "edited_at", "language", "tags", "url"):
        status.pop(key)
    post = parse_status(status)
    assert (post.metrics.quotes, post.metrics.likes, post.edited_at, post.language, post.hashtags) == (
        None,
        None,
        None,
        "",
        (),
    )
    assert post.url == status["uri"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("created_at", "not a date"),
        ("media_attachments", {"0": 1}),
        ("content", 12),
    ],
)
def test_a_field_of_the_wrong_type_raises_bad_payload_naming_field_and_id(make_status, field, value):
    with pytest.raises(BadPayload) as caught:
        parse_status(make_status("55", **{field: value}))
    assert caught.value.field == field
    assert caught.value.remote_id == "55"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("public", Visibility.PUBLIC),
        ("unlisted", Visibility.UNLISTED),
        ("private", Visibility.PRIVATE),
        ("direct", Visibility.DIRECT),
        ("local", Visibility.PRIVATE),
    ],
)
def test_visibility_is_kept_and_unknown_values_are_treated_as_private(make_status, raw, expected):
    assert parse_status(make_status(visibility=raw)).visibility == expected


def test_pixelfed_version_string_names_the_software():
    instance = parse_instance({"version": "2.7.2 (compatible; Pixelfed 0.12.4)", "title": "PF"})
    assert (instance.software, instance.version) == ("pixelfed", "0.12.4")
