"""The `safe_link` filter: a stored platform URL only when it may be a link or an image source (http/https, and
no private or loopback host unless insecure URLs are allowed)."""

from __future__ import annotations

from django import template
from django.conf import settings

from platforms.urls import is_safe_link

register = template.Library()


@register.filter
def safe_link(url) -> str:
    """`url` unchanged when `platforms.urls.is_safe_link` accepts it, else "" (a javascript: URL, or one on a
    private or loopback host unless PLATFORM_ALLOW_INSECURE_URLS, renders nothing)."""
    return url if is_safe_link(url, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS) else ""
