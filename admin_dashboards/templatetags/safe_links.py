"""The `safe_link` filter: a stored platform URL only when it may be a link or an image source (http/https)."""

from __future__ import annotations

from django import template

from platforms.urls import is_safe_link

register = template.Library()


@register.filter
def safe_link(url) -> str:
    """`url` unchanged when `platforms.urls.is_safe_link` accepts it, else "" (a javascript: URL renders nothing)."""
    return url if is_safe_link(url) else ""
