"""Connect an account: verify the token against the platform, then create or update the account."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from analytics.models import Account, AccountStatus, Instance, SyncKind, SyncStatus, SyncTrigger
from analytics.models.accounts import pending_remote_id
from analytics.services.accounts.health import update_account_profile
from analytics.services.runs.recorder import RunRecorder
from platforms.registry import create_client
from platforms.urls import normalise_instance_url


def connect_account(*, platform: str, instance_url: str, token: str, team: str = "", owner=None,
                    trigger: str = SyncTrigger.COMMAND) -> Account:
    """Raises the platform's error (AuthError, InvalidInstanceURL, ...) when the token does not work."""
    base_url = normalise_instance_url(instance_url, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS)
    client = create_client(platform, base_url, token, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS,
                           **settings.PLATFORM_HTTP_OPTIONS)
    remote_instance = client.detect_instance()
    remote_account = client.verify_credentials()
    with transaction.atomic():
        instance, _ = Instance.objects.update_or_create(
            base_url=base_url,
            defaults={"platform": platform, "software_version": remote_instance.version[:100],
                      "version_checked_at": timezone.now()},
        )
        _adopt_imported_account(instance, remote_account)
        account, created = Account.objects.get_or_create(
            instance=instance, remote_id=remote_account.remote_id,
            defaults={"platform": platform, "handle": remote_account.handle[:255], "team": team, "owner": owner},
        )
        account.access_token = token
        account.status, account.status_detail, account.is_active = AccountStatus.ACTIVE, "", True
        if team:
            account.team = team
        account.save()
        update_account_profile(account, remote_account)
        recorder = RunRecorder.open(account=account, kind=SyncKind.CONNECT, trigger=trigger, user=owner,
                                    params={"created": created})
        recorder.http_requests = client.request_count
        recorder.finish(SyncStatus.OK)
    return account


def _adopt_imported_account(instance: Instance, remote_account) -> None:
    """An account imported from CSV (handle only) becomes this account instead of a duplicate beside it."""
    if Account.objects.filter(instance=instance, remote_id=remote_account.remote_id).exists():
        return
    Account.objects.filter(instance=instance, remote_id=pending_remote_id(remote_account.handle)).update(
        remote_id=remote_account.remote_id)
