"""Mastodon API entities (Status, Account, Context, StatusEdit, Notification, Instance) -> normalised records.

Parsers are pure functions: they take decoded JSON and raise BadPayload naming the field and remote id.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from platforms.base import (
    EventKind,
    MediaType,
    PostPage,
    RemoteAccount,
    RemoteActor,
    RemoteComment,
    RemoteEngagementEvent,
    RemoteInstance,
    RemoteMetrics,
    RemotePost,
    RemotePostVersion,
    Visibility,
)
from platforms.errors import BadPayload
from platforms.mastodon.html_text import html_to_text
from platforms.parsing import (
    NAME_LIMIT,
    clean_text,
    expect_list,
    expect_object,
    opt_datetime,
    opt_id,
    opt_int,
    opt_str,
    opt_url,
    peek_id,
    req_datetime,
    req_id,
)

MEDIA_TYPES = {
    "image": MediaType.IMAGE,
    "video": MediaType.VIDEO,
    "gifv": MediaType.GIFV,
    "audio": MediaType.AUDIO,
}  # anything else ("unknown", Pixelfed's "document") is inferred from the MIME type or extension
_IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp", "gif", "heic", "avif"})
_VIDEO_EXTENSIONS = frozenset({"mp4", "webm", "mov", "m4v"})
VISIBILITIES = {v.value: v for v in Visibility}
_COMPATIBLE = re.compile(r"\(compatible;\s*([A-Za-z][\w.-]*)\s+([^)]*)\)")


def parse_status(raw: Any) -> RemotePost:
    """One Status as a RemotePost (media may be empty: callers decide what to skip)."""
    status = expect_object(raw, what="status", remote_id=peek_id(raw))
    remote_id = req_id(status)
    warnings: list[str] = []
    content = opt_str(status, "content", remote_id=remote_id, warnings=warnings)
    media_type, media_urls, preview_url = _media_of(status, remote_id, warnings)
    return RemotePost(
        remote_id=remote_id,
        url=(opt_url(status, "url", remote_id=remote_id, warnings=warnings)
             or opt_url(status, "uri", remote_id=remote_id)),
        caption_html=content,
        caption_text=clean_text(html_to_text(content)),
        media_type=media_type,
        media_urls=media_urls,
        preview_url=preview_url,
        posted_at=req_datetime(status, "created_at", remote_id=remote_id),
        edited_at=opt_datetime(status, "edited_at", remote_id=remote_id, warnings=warnings),
        hashtags=_hashtags_of(status, remote_id),
        language=opt_str(status, "language", remote_id=remote_id, limit=NAME_LIMIT),
        visibility=_visibility_of(status, remote_id),
        metrics=_metrics_of(status, remote_id, warnings),
        warnings=tuple(warnings),
    )


def parse_post_page(raw: Any, *, url: str | None = None) -> PostPage:
    """A page of account statuses: media posts kept, others counted, malformed items reported."""
    items = _page_items(raw, url)
    posts: list[RemotePost] = []
    bad: list[BadPayload] = []
    skipped_media = skipped_reblogs = 0
    oldest: datetime | None = None
    for item in items:
        if isinstance(item, dict) and item.get("reblog") is not None:
            skipped_reblogs += 1  # a boost of someone else's post is not the account's own
            continue
        try:
            post = parse_status(item)
        except BadPayload as exc:
            bad.append(exc)
            continue
        oldest = post.posted_at if oldest is None else min(oldest, post.posted_at)
        if post.media_urls:
            posts.append(post)
        else:
            skipped_media += 1
    return PostPage(posts=tuple(posts), skipped_without_media=skipped_media, bad_items=tuple(bad),
                    skipped_reblogs=skipped_reblogs, oldest_seen_at=oldest)


def parse_account(raw: Any) -> RemoteAccount:
    account = expect_object(raw, what="account", remote_id=peek_id(raw))
    remote_id = req_id(account)
    return RemoteAccount(
        remote_id=remote_id,
        handle=_handle_of(account, remote_id),
        display_name=opt_str(account, "display_name", remote_id=remote_id, limit=NAME_LIMIT),
        url=opt_url(account, "url", remote_id=remote_id),
        avatar_url=opt_url(account, "avatar", remote_id=remote_id),
        followers_count=opt_int(account, "followers_count", remote_id=remote_id),
        following_count=opt_int(account, "following_count", remote_id=remote_id),
        posts_count=opt_int(account, "statuses_count", remote_id=remote_id),
    )


def parse_actor(raw: Any, *, local_domain: str) -> RemoteActor:
    """An Account as an audience member; local handles get the instance domain so handles are global."""
    account = expect_object(raw, what="account", remote_id=peek_id(raw))
    remote_id = req_id(account)
    handle = _handle_of(account, remote_id)
    if "@" not in handle and local_domain:
        handle = f"{handle}@{local_domain}"[:NAME_LIMIT]
    return RemoteActor(
        remote_id=remote_id,
        handle=handle,
        display_name=opt_str(account, "display_name", remote_id=remote_id, limit=NAME_LIMIT),
        url=opt_url(account, "url", remote_id=remote_id),
        avatar_url=opt_url(account, "avatar", remote_id=remote_id),
    )


def parse_actor_list(raw: Any, *, local_domain: str, url: str | None = None) -> tuple[list[RemoteActor],
                                                                                     list[BadPayload]]:
    """favourited_by / reblogged_by pages: the actors, and a BadPayload per malformed account."""
    actors: list[RemoteActor] = []
    bad: list[BadPayload] = []
    for item in _page_items(raw, url):
        try:
            actors.append(parse_actor(item, local_domain=local_domain))
        except BadPayload as exc:
            bad.append(exc)
    return actors, bad


def parse_comment(raw: Any, *, post_id: str, local_domain: str) -> RemoteComment:
    """A descendant status; a reply straight to the post is top-level (in_reply_to_id None)."""
    status = expect_object(raw, what="descendant", remote_id=peek_id(raw))
    remote_id = req_id(status)
    parent = opt_id(status, "in_reply_to_id", remote_id=remote_id)
    content = opt_str(status, "content", remote_id=remote_id)
    return RemoteComment(
        remote_id=remote_id,
        author=parse_actor(status.get("account"), local_domain=local_domain),
        content_html=content,
        content_text=clean_text(html_to_text(content)),
        created_at=req_datetime(status, "created_at", remote_id=remote_id),
        in_reply_to_id=None if parent == post_id else parent,
        like_count=opt_int(status, "favourites_count", remote_id=remote_id),
    )


def parse_context(raw: Any, *, post_id: str, local_domain: str) -> tuple[list[RemoteComment],
                                                                        list[BadPayload]]:
    context = expect_object(raw, what="context", remote_id=post_id)
    descendants = expect_list(context.get("descendants", []), what="descendants", remote_id=post_id)
    comments: list[RemoteComment] = []
    bad: list[BadPayload] = []
    for item in descendants:
        try:
            comments.append(parse_comment(item, post_id=post_id, local_domain=local_domain))
        except BadPayload as exc:
            bad.append(exc)
    return comments, bad


def parse_history(raw: Any, *, post_id: str) -> tuple[RemotePostVersion, ...]:
    """StatusEdit list, oldest first, the original version included."""
    versions = []
    for item in expect_list(raw, what="history", remote_id=post_id):
        edit = expect_object(item, what="history[]", remote_id=post_id)
        content = opt_str(edit, "content", remote_id=post_id)
        _, urls, _ = _media_of(edit, post_id, [])
        versions.append(RemotePostVersion(
            created_at=req_datetime(edit, "created_at", remote_id=post_id),
            caption_html=content,
            caption_text=clean_text(html_to_text(content)),
            media_urls=urls,
        ))
    return tuple(versions)


def parse_notification(raw: Any, *, local_domain: str,
                       own_account_id: str | None) -> RemoteEngagementEvent | None:
    """favourite/reblog -> LIKE/SHARE on status.id; a mention replying to us -> COMMENT on in_reply_to_id."""
    notification = expect_object(raw, what="notification", remote_id=peek_id(raw))
    event_id = req_id(notification)
    kind, post_id = _event_target(notification, event_id, own_account_id)
    if kind is None or post_id is None:
        return None
    return RemoteEngagementEvent(
        kind=kind,
        post_remote_id=post_id,
        actor=parse_actor(notification.get("account"), local_domain=local_domain),
        occurred_at=req_datetime(notification, "created_at", remote_id=event_id),
        event_id=event_id,
    )


def parse_instance(raw: Any, *, scheme: str = "https") -> RemoteInstance:
    """v1 or v2 Instance: software from "(compatible; Pixelfed 0.12)" style versions, else Mastodon.

    `canonical_url` is `scheme` (the one the user typed) + the server's own host, not yet normalised."""
    instance = expect_object(raw, what="instance")
    version = opt_str(instance, "version")
    title = opt_str(instance, "title")
    domain, canonical_host = _domain_of(instance)
    match = _COMPATIBLE.search(version)
    software, version = (match.group(1).lower(), match.group(2)) if match else ("mastodon", version)
    return RemoteInstance(software=software, version=version.strip(), title=title, domain=domain,
                          canonical_url=f"{scheme}://{canonical_host}" if canonical_host else "")


def _domain_of(instance: dict[str, Any]) -> tuple[str, str]:
    """(account domain, the server's own host[:port]). v2 has `domain`; v1 `uri` is a bare domain on Mastodon
    and Pixelfed but a full URL on GoToSocial. The caller adds the scheme and normalises the host."""
    domain = opt_str(instance, "domain").strip().lower()
    uri = opt_str(instance, "uri").strip()
    host = ""
    if "://" in uri:
        host = (urlsplit(uri).netloc or "").lower()
    elif uri and "/" not in uri:
        host = uri.lower()
        domain = domain or host
    return domain[:255], (host or domain)[:255]


def _event_target(notification: dict[str, Any], event_id: str,
                  own_account_id: str | None) -> tuple[EventKind | None, str | None]:
    kind = notification.get("type")
    status = notification.get("status")
    if kind not in ("favourite", "reblog", "mention") or status is None:
        return None, None
    status = expect_object(status, what="status", remote_id=event_id)
    if kind == "favourite":
        return EventKind.LIKE, req_id(status, remote_id=event_id)
    if kind == "reblog":
        return EventKind.SHARE, req_id(status, remote_id=event_id)
    parent = opt_id(status, "in_reply_to_id", remote_id=event_id)
    replied_to = opt_id(status, "in_reply_to_account_id", remote_id=event_id)
    if parent is None or (own_account_id is not None and replied_to != own_account_id):
        return None, None  # a plain mention, or a reply in someone else's thread
    return EventKind.COMMENT, parent


def _page_items(raw: Any, url: str | None) -> list[Any]:
    if not isinstance(raw, list):
        raise BadPayload("expected a JSON list of items", field="(body)", url=url)
    return raw


def _media_of(status: dict[str, Any], remote_id: str,
              warnings: list[str]) -> tuple[MediaType, tuple[str, ...], str]:
    attachments = expect_list(status.get("media_attachments") or [], what="media_attachments",
                              remote_id=remote_id)
    urls: list[str] = []
    types: list[MediaType] = []
    preview = ""
    for index, raw in enumerate(attachments):
        where = f"media_attachments[{index}]"
        item = expect_object(raw, what=where, remote_id=remote_id)
        url = (opt_url(item, "url", remote_id=remote_id) or opt_url(item, "remote_url", remote_id=remote_id)
               or opt_url(item, "preview_url", remote_id=remote_id))
        if not url:
            if any(item.get(k) for k in ("url", "remote_url", "preview_url")):
                warnings.append(f"{where} dropped: no http(s) URL")  # javascript: and friends never pass
                continue
            raise BadPayload(f"{where} has no url", field=f"{where}.url", remote_id=remote_id)
        urls.append(url)
        types.append(media_type_of(item, url, remote_id))
        if len(urls) == 1:
            preview = opt_url(item, "preview_url", remote_id=remote_id) or url
    if not urls:
        return MediaType.UNKNOWN, (), ""
    return (MediaType.CAROUSEL if len(urls) > 1 else types[0]), tuple(urls), preview


def media_type_of(item: dict[str, Any], url: str, remote_id: str) -> MediaType:
    """The attachment's declared type; for "document"/"unknown" (some Pixelfed versions label images so),
    the MIME type (`mime` or `mime_type`) or else the URL's extension decides; unknown otherwise."""
    declared = MEDIA_TYPES.get(opt_str(item, "type", remote_id=remote_id))
    if declared is not None:
        return declared
    mime = ""
    for key in ("mime", "mime_type"):
        value = item.get(key)
        if isinstance(value, str) and value:
            mime = value.lower()
            break
    if mime.startswith("image/"):
        return MediaType.IMAGE
    if mime.startswith("video/"):
        return MediaType.VIDEO
    extension = urlsplit(url).path.rsplit(".", 1)[-1].lower() if "." in urlsplit(url).path else ""
    if extension in _IMAGE_EXTENSIONS:
        return MediaType.IMAGE
    if extension in _VIDEO_EXTENSIONS:
        return MediaType.VIDEO
    return MediaType.UNKNOWN


def _hashtags_of(status: dict[str, Any], remote_id: str) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for index, raw in enumerate(expect_list(status.get("tags") or [], what="tags", remote_id=remote_id)):
        tag = expect_object(raw, what=f"tags[{index}]", remote_id=remote_id)
        name = opt_str(tag, "name", remote_id=remote_id).lstrip("#").lower()
        if name:
            names[name] = None
    return tuple(names)


def _visibility_of(status: dict[str, Any], remote_id: str) -> Visibility:
    # Unknown values (other servers' "local", "limited") are treated as private: never show a post
    # more widely than its server meant.
    return VISIBILITIES.get(opt_str(status, "visibility", remote_id=remote_id), Visibility.PRIVATE)


def _metrics_of(status: dict[str, Any], remote_id: str, warnings: list[str]) -> RemoteMetrics:
    return RemoteMetrics(
        likes=opt_int(status, "favourites_count", remote_id=remote_id, warnings=warnings),
        comments=opt_int(status, "replies_count", remote_id=remote_id, warnings=warnings),
        shares=opt_int(status, "reblogs_count", remote_id=remote_id, warnings=warnings),
        quotes=opt_int(status, "quotes_count", remote_id=remote_id, warnings=warnings),
    )  # Mastodon has no views or reach by design: they stay None


def _handle_of(account: dict[str, Any], remote_id: str) -> str:
    handle = (opt_str(account, "acct", remote_id=remote_id, limit=NAME_LIMIT)
              or opt_str(account, "username", remote_id=remote_id, limit=NAME_LIMIT))
    if not handle:
        raise BadPayload("account has neither acct nor username", field="acct", remote_id=remote_id)
    return handle
