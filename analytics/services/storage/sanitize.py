"""What a platform sends is cleaned before it is stored: user-generated HTML (captions, comments) with nh3,
and URLs that staff browsers will load or follow (media, thumbnails, profiles, avatars) screened against
local and private hosts."""

from __future__ import annotations

import nh3
from django.conf import settings

from platforms.urls import screen_stored_url

ALLOWED_TAGS = {"p", "br", "a", "span", "strong", "b", "em", "i", "u", "s", "del", "blockquote", "code", "pre",
                "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}}


def sanitize_html(html: str) -> str:
    """Keep text formatting and links; drop scripts, styles, event handlers and javascript: URLs."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def public_url(url: str, *, limit: int = 1000) -> str:
    """A platform-sent URL safe to store for staff browsers, else "" (platforms.urls.screen_stored_url)."""
    return screen_stored_url(url, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS)[:limit]
