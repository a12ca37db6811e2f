"""Account health and profile: what a sync learns about the connected account itself."""

from __future__ import annotations

from django.utils import timezone

from analytics.models import Account, AccountStatus
from platforms.base import RemoteAccount
from platforms.errors import PlatformError


def update_account_profile(account: Account, remote: RemoteAccount) -> None:
    fields = {
        "handle": remote.handle[:255] or account.handle, "display_name": remote.display_name[:255],
        "url": remote.url[:500], "avatar_url": remote.avatar_url[:1000],
        "followers_count": remote.followers_count, "following_count": remote.following_count,
        "remote_posts_count": remote.posts_count,
    }
    if remote.scopes:
        fields["scopes"] = " ".join(sorted(remote.scopes))[:500]
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
