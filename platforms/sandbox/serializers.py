"""Mastodon 4.6 JSON for the sandbox's records, in the shape of the recorded fixtures; Pixelfed extras.

Development tool only. Every URL points at the serving instance's own base URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from platforms.sandbox.content import BASE
from platforms.sandbox.ids import day, iso
from platforms.sandbox.model import Account, Actor, Event, Media, Platform, Status, Version
from platforms.sandbox.world import Viewer, World

JSON = dict[str, Any]
BLURHASH = "UGC~-#M{0JfkNFofR%M{IURj%Mt7E0oM%MR*"
QUOTE_APPROVAL = {"automatic": ["public"], "manual": [], "current_user": "automatic"}


@dataclass(frozen=True, slots=True)
class Render:
    world: World
    viewer: Viewer

    @property
    def base(self) -> str:
        return self.viewer.instance.base_url

    @property
    def pixelfed(self) -> bool:
        return self.viewer.instance.platform is Platform.PIXELFED

    def html(self, text: str) -> str:
        return text.replace(BASE, self.base)


def _stable_number(actor: Actor, modulo: int) -> int:
    return int(actor.id[-4:], 36) % modulo


def actor_url(render: Render, actor: Actor) -> str:
    return f"https://{actor.domain}/@{actor.username}" if actor.domain else f"{render.base}/@{actor.username}"


def account_json(render: Render, actor: Actor, *, credentials: bool = False) -> JSON:
    owned = render.viewer.instance.account_of(actor)
    statuses = render.world.account_statuses(render.viewer, owned) if owned else []
    avatar = f"{render.base}/media/avatar-{actor.id.lower()}.svg"
    header = f"{render.base}/media/header-{actor.id.lower()}.svg"
    body: JSON = {
        "id": actor.id, "username": actor.username, "acct": actor.acct, "display_name": actor.display_name,
        "locked": False, "bot": actor.bot, "discoverable": True, "indexable": True, "group": False,
        "created_at": f"{day(actor.created_at)}T00:00:00.000Z", "note": actor.note,
        "url": actor_url(render, actor),
        "uri": f"https://{actor.domain}/users/{actor.username}" if actor.domain
        else f"{render.base}/ap/users/{actor.id}",
        "avatar": avatar, "avatar_static": avatar, "avatar_description": "",
        "header": header, "header_static": header, "header_description": "",
        "followers_count": 120 + _stable_number(actor, 900) if owned else _stable_number(actor, 400),
        "following_count": _stable_number(actor, 300),
        "statuses_count": len(statuses) if owned else 5 + _stable_number(actor, 700),
        "last_status_at": day(statuses[0].created_at) if statuses else day(actor.created_at),
        "hide_collections": None, "show_media": True, "show_media_replies": True, "show_featured": True,
        "noindex": False, "feature_approval": {"automatic": [], "manual": [], "current_user": "denied"},
    }
    if credentials:
        body["source"] = _credential_source(actor)
    body.update({"emojis": [], "roles": [], "fields": _fields(actor, owned)})
    if credentials:
        body["role"] = {"id": "-99", "name": "", "permissions": "65536", "color": "", "highlighted": False,
                        "collection_limit": 10}
    if render.pixelfed:
        body.update({"local": not actor.domain, "is_admin": False, "website": "", "pronouns": []})
    return body


def _credential_source(actor: Actor) -> JSON:
    return {"privacy": "public", "sensitive": False, "language": None, "note": actor.note, "fields": [],
            "follow_requests_count": 0, "hide_collections": None, "discoverable": True, "indexable": True,
            "attribution_domains": [], "quote_policy": "public"}


def _fields(actor: Actor, owned: Account | None) -> list[JSON]:
    if owned is None:
        return []
    return [{"name": "Portfolio", "value": f"https://example.org/{actor.username}", "verified_at": None}]


def media_json(render: Render, media: Media) -> JSON:
    url = f"{render.base}/media/{media.name}.svg"
    small_w, small_h = _small(media)
    small = {"width": small_w, "height": small_h, "size": f"{small_w}x{small_h}",
             "aspect": round(media.width / media.height, 6)}
    focus = {"x": 0.0, "y": 0.0}
    if media.type == "image":
        aspect = round(media.width / media.height, 6)
        original: JSON = {"width": media.width, "height": media.height,
                          "size": f"{media.width}x{media.height}", "aspect": aspect}
        meta: JSON = {"original": original, "small": small, "focus": focus}
    else:
        original = {"width": media.width, "height": media.height, "frame_rate": "30/1",
                    "duration": media.duration, "bitrate": 2191346}
        colors = {"background": "#d9f3f3", "foreground": "#0c0c0c", "accent": "#0c0c0c"}
        meta = {"focus": focus, "colors": colors, "original": original, "small": small}
    body: JSON = {
        "id": media.id, "type": media.type, "url": url,
        "preview_url": f"{render.base}/media/{media.name}-small.svg",
        "remote_url": None, "preview_remote_url": None, "text_url": None, "meta": meta,
        "description": media.description, "blurhash": BLURHASH,
    }
    if render.pixelfed:
        body.update({"mime": "video/mp4" if media.type == "video" else "image/jpeg", "license": None,
                     "orientation": "portrait" if media.height > media.width else "landscape"})
    return body


def _small(media: Media) -> tuple[int, int]:
    scale = 480 / max(media.width, media.height)
    return round(media.width * scale), round(media.height * scale)


def status_json(render: Render, status: Status) -> JSON:
    now = render.viewer.now
    world = render.world
    version = status.version_at(now)
    versions = status.versions_at(now)
    viewer_actor = render.viewer.account.actor if render.viewer.account else None
    likes = world.likes(status, now)
    boosts = world.boosts(status, now)
    body: JSON = {
        "id": status.id, "created_at": iso(status.created_at),
        "in_reply_to_id": status.in_reply_to.id if status.in_reply_to else None,
        "in_reply_to_account_id": status.in_reply_to.author.id if status.in_reply_to else None,
        "sensitive": version.sensitive, "spoiler_text": version.spoiler_text,
        "visibility": status.visibility, "language": status.language,
        "uri": _status_uri(render, status), "url": f"{actor_url(render, status.author)}/{status.id}",
        "replies_count": len(world.replies(status, render.viewer)),
        "reblogs_count": len(boosts), "favourites_count": len(likes), "quotes_count": 0,
        "edited_at": iso(versions[-1].created_at) if len(versions) > 1 else None,
        "favourited": any(event.actor is viewer_actor for event in likes),
        "reblogged": any(event.actor is viewer_actor for event in boosts),
        "muted": False, "bookmarked": False,
    }
    if viewer_actor is status.author:
        body["pinned"] = False
    body.update({
        "content": render.html(version.content_html), "filtered": [],
        "reblog": status_json(render, status.reblog_of) if status.reblog_of else None,
        "application": {"name": "Web", "website": None},
        "account": account_json(render, status.author),
        "media_attachments": [media_json(render, media) for media in status.media],
        "mentions": [_mention(render, actor) for actor in status.mentions],
        "tags": [{"name": tag, "url": f"{render.base}/tags/{tag}"} for tag in version.tags],
        "emojis": [], "tagged_collections": [], "quote": None,
        "card": _card(status.card_url) if status.card_url else None,
        "poll": None, "quote_approval": QUOTE_APPROVAL,
    })
    world.hostile.status_body(status, body)
    if render.pixelfed:
        body.update({"pf_type": _pf_type(status), "local": True, "place": None, "comments_disabled": False,
                     "thread": bool(status.replies)})
    return body


def _status_uri(render: Render, status: Status) -> str:
    author = status.author
    if author.domain:
        return f"https://{author.domain}/users/{author.username}/statuses/{status.id}"
    return f"{render.base}/ap/users/{author.id}/statuses/{status.id}"


def _mention(render: Render, actor: Actor) -> JSON:
    return {"id": actor.id, "username": actor.username, "url": actor_url(render, actor), "acct": actor.acct}


def _card(url: str) -> JSON:
    return {"url": url, "title": "Sandbox blog post", "description": "A page that does not exist.",
            "language": "en", "type": "link", "author_name": "", "author_url": "", "provider_name": "",
            "provider_url": "", "html": "", "width": 0, "height": 0, "image": None, "image_description": "",
            "embed_url": "", "blurhash": None, "published_at": None, "missing_attribution": False,
            "authors": []}


def _pf_type(status: Status) -> str:
    if not status.media:
        return "reply" if status.in_reply_to else "text"
    if len(status.media) > 1:
        return "photo:album"
    return "video" if status.media[0].type == "video" else "photo"


def version_json(render: Render, status: Status, version: Version) -> JSON:
    return {"content": render.html(version.content_html), "spoiler_text": version.spoiler_text,
            "sensitive": version.sensitive, "created_at": iso(version.created_at),
            "account": account_json(render, status.author),
            "media_attachments": [media_json(render, media) for media in status.media], "emojis": []}


def source_json(status: Status, now: float) -> JSON:
    version = status.version_at(now)
    return {"id": status.id, "text": version.content_text, "spoiler_text": version.spoiler_text}


def notification_json(render: Render, event: Event) -> JSON:
    shown = event.comment if event.comment is not None else event.target
    return {"id": event.notification_id, "type": str(event.kind), "created_at": iso(event.at),
            "group_key": f"ungrouped-{event.notification_id}", "account": account_json(render, event.actor),
            "status": status_json(render, shown)}
