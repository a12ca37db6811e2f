"""The unified dashboard's whole page, cached per session for a few seconds (DASHBOARD_PAGE_CACHE_SECONDS).

Its figures are already cached per roll-up (caching.py); what a request still costs is rendering them (the
tables, the sidebar, the filter form): about half of the 20-user load test's CPU. The HTML carries the
session's CSRF token and the user's own sidebar, so an entry belongs to one session and one CSRF cookie and
is never shared. The key also holds the full query string, the remembered dashboard selection, the roll-up
version, the time zone and the language; a request with pending messages, a non-GET request or one without a
CSRF cookie is rendered as usual. The live parts (recent sync runs, sidebar badges) are as old as the entry
at most, hence the short timeout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone, translation
from django.utils.csp import CSP, build_policy

from admin_dashboards.caching import rollup_version, same_rollup_version
from admin_dashboards.selection import selection_data

KEPT_HEADERS = ("Content-Type", str(CSP.HEADER_ENFORCE), str(CSP.HEADER_REPORT_ONLY))


def cached_page(request, render: Callable[[], HttpResponse]) -> HttpResponse:
    """`render()` once per session, page and state for DASHBOARD_PAGE_CACHE_SECONDS; later the same bytes."""
    key, version = page_key(request)
    if key is None:
        return render()
    stored = cache.get(key)
    if stored is not None:
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response
    with same_rollup_version(version):
        response = render()
        if hasattr(response, "render"):
            response.render()
    if response.status_code == 200 and not response.cookies:
        _pin_csp(request, response)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        cache.set(key, (response.content, headers), timeout=settings.POSTFLOW["DASHBOARD_PAGE_CACHE_SECONDS"])
    return response


def page_key(request) -> tuple[str | None, str]:
    """The entry's key (None when this request must be rendered, see the module docstring) and the roll-up
    version it holds."""
    identity = session_identity(request)
    if settings.POSTFLOW["DASHBOARD_PAGE_CACHE_SECONDS"] <= 0 or identity is None or "clear" in request.GET:
        return None, ""
    # The selection a bare /admin/ shows lives in the session; reading it first also stores a new one.
    selection = selection_data(request).urlencode()
    version = rollup_version()
    digest = hashlib.sha256("|".join(map(str, (*identity, selection, version))).encode()).hexdigest()[:40]
    return f"dashboards:page:{digest}", version


def session_identity(request) -> tuple | None:
    """What HTML rendered for this request depends on beyond the page's own data: the session and the CSRF
    secret its tokens mask, the user, the full path, the zone and the language. None when such HTML must not be
    reused: not a GET, no session or CSRF cookie yet (the middleware is about to set one), anonymous, or
    messages pending (they are shown once)."""
    session = getattr(request, "session", None)
    # The secret the CSRF middleware accepted from the cookie (none, or a new one it is about to send, when the
    # cookie was missing or malformed): the page's tokens are masks of it.
    csrf_secret = None if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") else request.META.get("CSRF_COOKIE")
    if (request.method != "GET" or session is None or not session.session_key or not csrf_secret
            or not request.user.is_authenticated or len(get_messages(request))):
        return None
    return (session.session_key, csrf_secret, request.user.pk, request.get_full_path(),
            timezone.get_current_timezone_name(), translation.get_language())


def _pin_csp(request, response) -> None:
    """The CSP headers as the middleware would write them now: a cached page keeps the nonce it was rendered
    with (the middleware leaves a header already set)."""
    nonce = get_nonce(request)
    for header, config in ((CSP.HEADER_ENFORCE, settings.SECURE_CSP), (CSP.HEADER_REPORT_ONLY,
                                                                      settings.SECURE_CSP_REPORT_ONLY)):
        if config and str(header) not in response:
            response[str(header)] = build_policy(config, nonce)
