"""`/api/v1/instance` and `/api/v2/instance` bodies, in the recorded Mastodon 4.6.4 shape.

The Pixelfed-like instance reports Pixelfed's compatibility version string. Development tool only.
"""

from __future__ import annotations

from typing import Any

from platforms.sandbox.model import Instance, Platform

MIME_TYPES = [
    "image/jpeg", "image/png", "image/gif", "image/heic", "image/heif", "image/webp", "image/avif",
    "video/webm", "video/mp4", "video/quicktime", "video/ogg", "audio/wave", "audio/wav", "audio/x-wav",
    "audio/x-pn-wave", "audio/vnd.wave", "audio/ogg", "audio/vorbis", "audio/mpeg", "audio/mp3", "audio/webm",
    "audio/flac", "audio/aac", "audio/m4a", "audio/x-m4a", "audio/mp4", "audio/3gpp", "video/x-ms-asf",
]
POLLS = {"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746}
STATUSES = {"max_characters": 500, "max_media_attachments": 4, "characters_reserved_per_url": 23}
DESCRIPTION = "Development sandbox: generated data, not a real server."


def _source_url(instance: Instance) -> str:
    if instance.platform is Platform.PIXELFED:
        return "https://github.com/pixelfed/pixelfed"
    return "https://github.com/mastodon/mastodon"


def instance_v1(instance: Instance, *, users: int, statuses: int) -> dict[str, Any]:
    base = instance.base_url
    return {
        "uri": instance.domain, "title": instance.title, "short_description": DESCRIPTION,
        "description": DESCRIPTION, "email": "", "version": instance.version,
        "urls": {"streaming_api": base.replace("http", "ws", 1)},
        "stats": {"user_count": users, "status_count": statuses, "domain_count": 5},
        "thumbnail": f"{base}/media/instance-thumbnail.svg", "languages": ["en"],
        "registrations": False, "approval_required": False, "invites_enabled": False,
        "configuration": {
            "accounts": {"max_featured_tags": 10},
            "statuses": dict(STATUSES),
            "media_attachments": {
                "supported_mime_types": list(MIME_TYPES), "image_size_limit": 16777216,
                "image_matrix_limit": 33177600, "video_size_limit": 103809024, "video_frame_rate_limit": 120,
                "video_matrix_limit": 8294400,
            },
            "polls": dict(POLLS),
        },
        "contact_account": None, "rules": [],
    }


def instance_v2(instance: Instance, *, active_month: int) -> dict[str, Any]:
    base = instance.base_url
    return {
        "domain": instance.domain, "title": instance.title, "version": instance.version,
        "source_url": _source_url(instance), "description": DESCRIPTION,
        "usage": {"users": {"active_month": active_month}},
        "thumbnail": {"url": f"{base}/media/instance-thumbnail.svg", "description": "Sandbox thumbnail"},
        "icon": [{"src": f"{base}/media/icon-{size}.svg", "size": f"{size}x{size}"} for size in (36, 48, 72)],
        "languages": ["en"],
        "configuration": _v2_configuration(base),
        "registrations": {"enabled": False, "approval_required": False, "reason_required": False,
                          "message": None, "min_age": None, "url": None},
        "api_versions": {"mastodon": 11 if instance.platform is Platform.MASTODON else 2},
        "wrapstodon": None,
        "contact": {"email": "", "account": None},
        "rules": [],
    }


def _v2_configuration(base: str) -> dict[str, Any]:
    public = {"local": "public", "remote": "public"}
    return {
        "urls": {"streaming": base.replace("http", "ws", 1), "status": None, "about": f"{base}/about",
                 "privacy_policy": f"{base}/privacy-policy", "terms_of_service": None},
        "vapid": {"public_key": "BAhxXyHfAoMqrZECjRI56F5QrE4ynVlkZFMdKSpTIsWRNoWUVgut-Bnz2xsMSwiN4AF0b4I7ix"},
        "accounts": {"max_display_name_length": 40, "max_note_length": 500,
                     "max_avatar_description_length": 150, "max_header_description_length": 150,
                     "max_featured_tags": 10, "max_pinned_statuses": 5, "max_profile_fields": 4,
                     "profile_field_name_limit": 255, "profile_field_value_limit": 255},
        "statuses": dict(STATUSES),
        "media_attachments": {"description_limit": 10000, "image_matrix_limit": 33177600,
                              "image_size_limit": 16777216, "supported_mime_types": list(MIME_TYPES),
                              "video_frame_rate_limit": 120, "video_matrix_limit": 8294400,
                              "video_size_limit": 103809024},
        "polls": dict(POLLS),
        "translation": {"enabled": False},
        "timelines_access": {"live_feeds": dict(public), "hashtag_feeds": dict(public),
                             "trending_link_feeds": dict(public)},
        "limited_federation": False,
    }
