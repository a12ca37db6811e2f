"""User-generated HTML (captions, comments) is cleaned with nh3 before it is stored or shown."""

from __future__ import annotations

import nh3

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
