"""Login throttling glue for django-axes: which address a login comes from, and the page a locked-out
(username, IP) pair sees instead of the login form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind our TLS proxy the address that proxy appended last to X-Forwarded-For.

    Earlier X-Forwarded-For entries come from the client and are not trusted: an attacker could otherwise
    pick a new "IP" for every attempt and never be locked out.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_TLS_PROXY and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The admin login page (status 429) with a message saying how long to wait, the form left empty."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed logins for this username from your address. Try again in %(minutes)d "
                "minutes, or ask an administrator to unlock the account.") % {"minutes": minutes}
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "app_path": request.get_full_path(),
        "form": AdminAuthenticationForm(request),
        "lockout_message": message,
    }
    response = TemplateResponse(request, "admin/lockout.html", context, status=429)
    return response.render()
