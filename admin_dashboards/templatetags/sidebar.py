"""`{% cached_navigation %}`: unfold's sidebar, rendered once per session and page for SIDEBAR_CACHE_SECONDS.

The sidebar (app list, permission checks, badge queries, user menu) was ~8 ms of every admin request at 1M
posts, the same each time a user reloads a page. It carries the session's CSRF token (the logout form) and
the user's own links and badges, so an entry belongs to one session, CSRF cookie, user, path, zone and
language (page_cache.session_identity) and is never shared; requests that must not reuse HTML (not a GET,
no CSRF cookie yet, pending messages) render it as usual.
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe

from admin_dashboards.page_cache import session_identity

register = template.Library()


@register.simple_tag(takes_context=True)
def cached_navigation(context) -> str:
    name = (context.get("templates") or {}).get("navigation") or "unfold/helpers/navigation.html"
    seconds = settings.POSTFLOW["SIDEBAR_CACHE_SECONDS"]
    request = context.get("request")
    identity = session_identity(request) if request is not None and seconds > 0 else None
    if identity is None:
        return _render(context, name)
    key = "sidebar:" + hashlib.sha256("|".join(map(str, (name, *identity))).encode()).hexdigest()[:40]
    html = cache.get_or_set(key, lambda: str(_render(context, name)), timeout=seconds)
    return mark_safe(html)  # noqa: S308 (unfold's own rendered template)


def _render(context, name: str) -> str:
    return context.template.engine.get_template(name).render(context)
