"""Instagram Graph API objects (IG User, IG Media, Insights, IG Comment) -> normalised records."""

from __future__ import annotations

import html
import re
from typing import Any

from platforms.base import (
    MediaType,
    PostPage,
    RemoteAccount,
    RemoteActor,
    RemoteComment,
    RemoteMetrics,
    RemotePost,
    Visibility,
)
from platforms.errors import BadPayload
from platforms.parsing import (
    NAME_LIMIT,
    expect_object,
    opt_bool,
    opt_int,
    opt_str,
    opt_url,
    peek_id,
    req_datetime,
    req_id,
)

MEDIA_TYPES = {"IMAGE": MediaType.IMAGE, "VIDEO": MediaType.VIDEO, "CAROUSEL_ALBUM": MediaType.CAROUSEL}
INSIGHT_FIELDS = {  # Graph metric name -> RemoteMetrics field
    "views": "views",
    "reach": "reach",
    "saved": "saved",
    "shares": "shares",
    "likes": "likes",
    "comments": "comments",
    "total_interactions": "total_interactions",
}
_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")


def parse_me(raw: Any) -> RemoteAccount:
    """`GET /me?fields=user_id,username,...` (Instagram Login): user_id is the professional account id."""
    me = expect_object(raw, what="me", remote_id=peek_id(raw))
    remote_id = req_id(me, "user_id") if me.get("user_id") is not None else req_id(me)
    username = opt_str(me, "username", remote_id=remote_id, limit=NAME_LIMIT)
    if not username:
        raise BadPayload("missing username", field="username", remote_id=remote_id)
    return RemoteAccount(
        remote_id=remote_id,
        handle=username,
        display_name=opt_str(me, "name", remote_id=remote_id, limit=NAME_LIMIT),
        url=f"https://www.instagram.com/{username}/",
        avatar_url=opt_url(me, "profile_picture_url", remote_id=remote_id),
        followers_count=opt_int(me, "followers_count", remote_id=remote_id),
        following_count=opt_int(me, "follows_count", remote_id=remote_id),
        posts_count=opt_int(me, "media_count", remote_id=remote_id),
    )


def parse_ig_user(raw: Any, *, account_id: str) -> RemoteAccount:
    """`GET /{ig-user-id}?fields=...`: the node asked for; an answer about another id is refused."""
    node = expect_object(raw, what="IG user", remote_id=account_id)
    answered = req_id(node)
    if answered != account_id:
        raise BadPayload(f"asked for Instagram account {account_id}, got {answered}", field="id",
                         remote_id=account_id)
    return parse_me({key: value for key, value in node.items() if key != "user_id"})


def parse_media(raw: Any) -> RemotePost:
    media = expect_object(raw, what="media", remote_id=peek_id(raw))
    remote_id = req_id(media)
    warnings: list[str] = []
    caption = opt_str(media, "caption", remote_id=remote_id, warnings=warnings)
    kind = opt_str(media, "media_type", remote_id=remote_id)
    urls, preview = _media_urls(media, kind, remote_id, warnings)
    return RemotePost(
        remote_id=remote_id,
        url=opt_url(media, "permalink", remote_id=remote_id, warnings=warnings),
        caption_html=text_to_html(caption),
        caption_text=caption,
        media_type=MEDIA_TYPES.get(kind, MediaType.UNKNOWN),  # REELS are VIDEO (media_product_type REELS)
        media_urls=urls,
        preview_url=preview,
        posted_at=req_datetime(media, "timestamp", remote_id=remote_id),
        hashtags=hashtags_in(caption),
        visibility=Visibility.PUBLIC,  # professional accounts' posts are public
        metrics=RemoteMetrics(  # owners can hide counts: a missing field is None, not 0
            likes=opt_int(media, "like_count", remote_id=remote_id, warnings=warnings),
            comments=opt_int(media, "comments_count", remote_id=remote_id, warnings=warnings),
        ),
        warnings=tuple(warnings),
    )


def parse_media_page(raw: Any, *, url: str | None = None) -> PostPage:
    posts, bad = [], []
    for item in page_data(raw, url=url):
        try:
            posts.append(parse_media(item))
        except BadPayload as exc:
            bad.append(exc)
    oldest = min((p.posted_at for p in posts), default=None)
    return PostPage(posts=tuple(posts), bad_items=tuple(bad), oldest_seen_at=oldest)


def parse_insights(raw: Any, *, media_id: str) -> RemoteMetrics:
    """`{"data": [{"name": "reach", "values": [{"value": 12}]}, ...]}`; an empty set means no data (None)."""
    values: dict[str, int | None] = {}
    for index, item in enumerate(page_data(raw, remote_id=media_id)):
        entry = expect_object(item, what=f"data[{index}]", remote_id=media_id)
        name = opt_str(entry, "name", remote_id=media_id)
        if name in INSIGHT_FIELDS:
            values[INSIGHT_FIELDS[name]] = _insight_value(entry, name, media_id)
    return RemoteMetrics(**values)


def parse_comment(raw: Any, *, parent_id: str | None = None) -> RemoteComment:
    comment = expect_object(raw, what="comment", remote_id=peek_id(raw))
    remote_id = req_id(comment)
    text = opt_str(comment, "text", remote_id=remote_id)
    return RemoteComment(
        remote_id=remote_id,
        author=_author_of(comment, remote_id),
        content_html=text_to_html(text),
        content_text=text,
        created_at=req_datetime(comment, "timestamp", remote_id=remote_id),
        in_reply_to_id=parent_id,
        like_count=opt_int(comment, "like_count", remote_id=remote_id),
        hidden=opt_bool(comment, "hidden", remote_id=remote_id),
    )


def page_data(raw: Any, *, url: str | None = None, remote_id: str | None = None) -> list[Any]:
    """The `data` list of a Graph collection; anything else is a BadPayload for the whole response."""
    if not isinstance(raw, dict) or not isinstance(raw.get("data"), list):
        raise BadPayload("expected {'data': [...]}", field="data", remote_id=remote_id, url=url)
    return raw["data"]


def next_cursor(raw: Any) -> tuple[str | None, str | None]:
    """(after cursor, next URL) from `paging`; both None on the last page."""
    paging = raw.get("paging") if isinstance(raw, dict) else None
    if not isinstance(paging, dict) or not isinstance(paging.get("next"), str):
        return None, None
    cursors = paging.get("cursors")
    after = cursors.get("after") if isinstance(cursors, dict) else None
    return (after if isinstance(after, str) and after else None), paging["next"]


def text_to_html(text: str) -> str:
    """Instagram captions are plain text: escape them, keep line breaks."""
    return html.escape(text).replace("\n", "<br>")


def hashtags_in(caption: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag.lower() for tag in _HASHTAG.findall(caption)))


def _media_urls(media: dict[str, Any], kind: str, remote_id: str,
                warnings: list[str]) -> tuple[tuple[str, ...], str]:
    if kind == "CAROUSEL_ALBUM":
        children = media.get("children") or {"data": []}
        items = [expect_object(c, what="children.data[]", remote_id=remote_id)
                 for c in page_data(children, remote_id=remote_id)]
    else:
        items = [media]
    urls = tuple(u for u in (opt_url(i, "media_url", remote_id=remote_id, warnings=warnings) for i in items)
                 if u)
    first = items[0] if items else {}
    # Videos' media_url is the video file; the thumbnail is the picture to show.
    preview = (opt_url(first, "thumbnail_url", remote_id=remote_id)
               or opt_url(first, "media_url", remote_id=remote_id))
    return urls, preview


def _insight_value(entry: dict[str, Any], name: str, media_id: str) -> int | None:
    values = entry.get("values")
    if isinstance(values, list) and values:
        first = expect_object(values[0], what=f"{name}.values[0]", remote_id=media_id)
        return opt_int(first, "value", remote_id=media_id)
    total = entry.get("total_value")
    if isinstance(total, dict):
        return opt_int(total, "value", remote_id=media_id)
    return None


def _author_of(comment: dict[str, Any], remote_id: str) -> RemoteActor:
    sender = comment.get("from")
    sender = expect_object(sender, what="from", remote_id=remote_id) if sender is not None else {}
    username = (opt_str(sender, "username", remote_id=remote_id, limit=NAME_LIMIT)
                or opt_str(comment, "username", remote_id=remote_id, limit=NAME_LIMIT))
    actor_id = req_id(sender, remote_id=remote_id) if sender.get("id") is not None else username
    if not actor_id:
        raise BadPayload("comment has no author", field="from", remote_id=remote_id)
    return RemoteActor(remote_id=actor_id, handle=username,
                       url=f"https://www.instagram.com/{username}/" if username else "")
