"""Access tokens about to stop working: what the admin and the sync-health panel warn about.

A long-lived (Instagram) token expires 60 days after it was issued or last rotated; a token whose rotation
failed will expire unless a later rotation succeeds. Staff reconnect such an account before it dies.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from analytics.models import Account


def warning_window() -> timedelta:
    return timedelta(days=settings.POSTFLOW["TOKEN_EXPIRY_WARNING_DAYS"])


def token_warning(account: Account, *, now: datetime | None = None) -> str:
    """A sentence for staff, or "" while the token is fine (no expiry known, or far enough away)."""
    now = now or timezone.now()
    expires = account.token_expires_at
    when = formats.date_format(timezone.localtime(expires), "DATE_FORMAT") if expires else ""
    if expires is not None and expires <= now:
        return _("The access token expired on %(date)s: reconnect the account.") % {"date": when}
    if account.token_refresh_error:
        reason = account.token_refresh_error
        if expires is None:
            return _("Rotating the access token failed (%(reason)s): reconnect the account.") % {"reason": reason}
        return _("Rotating the access token failed (%(reason)s); it expires on %(date)s: reconnect the account "
                 "before then.") % {"reason": reason, "date": when}
    if expires is not None and expires - now <= warning_window():
        days = max(0, (expires - now).days)
        return ngettext("The access token expires on %(date)s (in %(days)d day): reconnect the account.",
                        "The access token expires on %(date)s (in %(days)d days): reconnect the account.",
                        days) % {"date": when, "days": days}
    return ""


def accounts_with_token_warnings(*, now: datetime | None = None, limit: int = 10) -> list[tuple[Account, str]]:
    """Active accounts whose token needs a reconnect, soonest expiry first, each with its warning (one query)."""
    now = now or timezone.now()
    fields = ("pk", "handle", "platform", "token_expires_at", "token_refresh_error")
    accounts = Account.objects.token_at_risk(until=now + warning_window()).order_by(
        F("token_expires_at").asc(nulls_first=True), "handle").only(*fields)
    return [(account, token_warning(account, now=now)) for account in accounts[:limit]]
