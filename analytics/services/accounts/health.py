"""Account health and profile: what a sync learns about the connected account itself."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from analytics.models import Account, AccountStatus
from analytics.models.accounts import PENDING_REMOTE_ID_PREFIX
from analytics.services.accounts.clients import facebook_login_id
from analytics.services.runs.errors import safe_error_text
from analytics.services.storage.sanitize import public_url
from platforms.base import Capability, PlatformClient, RemoteAccount
from platforms.errors import AuthError, PlatformError, RateLimited, RunBudgetExceeded, Unsupported

logger = logging.getLogger(__name__)

# Instagram's long-lived tokens last 60 days and may be refreshed once a day old; weekly keeps a wide margin.
TOKEN_REFRESH_EVERY = timedelta(days=7)
TOKEN_LIFETIME = timedelta(days=60)


def update_account_profile(account: Account, remote: RemoteAccount) -> None:
    fields = {
        "handle": remote.handle[:255] or account.handle, "display_name": remote.display_name[:255],
        "url": public_url(remote.url, limit=500), "avatar_url": public_url(remote.avatar_url),
        "followers_count": remote.followers_count, "following_count": remote.following_count,
        "remote_posts_count": remote.posts_count,
    }
    if remote.scopes:
        fields["scopes"] = " ".join(sorted(remote.scopes))[:500]
    if account.remote_id.startswith(PENDING_REMOTE_ID_PREFIX) and remote.remote_id:
        fields["remote_id"] = remote.remote_id  # an imported account learns its platform id
    Account.objects.filter(pk=account.pk).update(**fields)
    for key, value in fields.items():
        setattr(account, key, value)


def note_account_failure(account: Account, error: PlatformError, *, needs_reauth: bool = False) -> None:
    """A revoked token stops the account's jobs until staff replace it; other errors mark it failing."""
    status = AccountStatus.NEEDS_REAUTH if needs_reauth else AccountStatus.FAILING
    detail = f"{type(error).__name__}: {error}"[:2000]
    Account.objects.filter(pk=account.pk).update(status=status, status_detail=detail)
    account.status, account.status_detail = status, detail


def note_account_success(account: Account, *, synced: bool = False, refreshed: bool = False) -> None:
    now = timezone.now()
    fields = {"status": AccountStatus.ACTIVE, "status_detail": ""}
    if synced:
        fields["last_synced_at"] = now
    if refreshed:
        fields["last_refreshed_at"] = now
    Account.objects.filter(pk=account.pk).update(**fields)
    for key, value in fields.items():
        setattr(account, key, value)


def refresh_token_if_due(account: Account, client: PlatformClient) -> bool:
    """Rotate a long-lived token before it expires (platforms with TOKEN_REFRESH); returns True if rotated."""
    if not client.supports(Capability.TOKEN_REFRESH) or facebook_login_id(account):
        # A Facebook Login user token has no refresh call (ig_refresh_token is Instagram Login's): it is
        # renewed by signing in again ("Reconnect").
        return False
    now = timezone.now()
    last = account.token_refreshed_at or account.created_at
    if last and now - last < TOKEN_REFRESH_EVERY:
        return False
    try:
        token = client.refresh_token()
    except Unsupported:
        return False
    except (RateLimited, RunBudgetExceeded):
        raise  # not a failure of the rotation: the run resumes later and tries again
    except PlatformError as exc:
        note_token_refresh_failure(account, exc)
        if isinstance(exc, AuthError):
            raise  # the token itself is refused: the run fails and the account needs re-authentication
        return False  # the current token still works; the next sync tries again (the warning shows meanwhile)
    if not token:
        return False
    account.access_token, account.token_refreshed_at, account.token_expires_at = token, now, now + TOKEN_LIFETIME
    account.token_refresh_error = ""
    account.save(update_fields=["access_token", "token_refreshed_at", "token_expires_at", "token_refresh_error",
                                "updated_at"])
    return True


def note_token_refresh_failure(account: Account, error: PlatformError) -> None:
    """Keep why the rotation failed (no token in it): the admin and the token alert show it until one succeeds."""
    detail = safe_error_text(error)[:500]
    logger.warning("token rotation failed for account %s: %s", account.pk, type(error).__name__)
    Account.objects.filter(pk=account.pk).update(token_refresh_error=detail)
    account.token_refresh_error = detail
