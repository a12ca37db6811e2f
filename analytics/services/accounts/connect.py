"""Connect an account: verify the token against the platform, then create or update the account.

Identity is (canonical instance, remote account id): the instance is found by the URL typed or by the name the
server gives itself, so connecting again through an alias (127.0.0.1:8080 vs localhost:8080) updates the
existing account instead of creating a second one.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from analytics.models import Account, AccountStatus, Instance, SyncKind, SyncStatus, SyncTrigger
from analytics.models.accounts import pending_remote_id
from analytics.services.accounts.health import TOKEN_LIFETIME, update_account_profile
from analytics.services.runs.errors import safe_error_text
from analytics.services.runs.recorder import RunRecorder
from platforms.base import Capability, RemoteInstance
from platforms.redact import redact_url
from platforms.registry import create_client
from platforms.software import known_profile
from platforms.urls import normalise_instance_url

logger = logging.getLogger(__name__)


def connect_account(*, platform: str, instance_url: str, token: str, team: str = "", owner=None,
                    trigger: str = SyncTrigger.COMMAND, account_id: str | None = None) -> Account:
    """Raises the platform's error (AuthError, InvalidInstanceURL, ...) when the token does not work; any
    failure is also recorded as a failed `connect` run (type and message, no secrets).

    `account_id` names the account where the token reaches several (a Facebook Login token and the
    Instagram accounts of the user's pages); a token that cannot read that account is refused."""
    try:
        return _connect(platform=platform, instance_url=instance_url, token=token, team=team, owner=owner,
                        trigger=trigger, account_id=account_id)
    except Exception as exc:
        _record_failed_connect(exc, platform=platform, instance_url=instance_url, owner=owner, trigger=trigger)
        raise


def _note_new_token(account: Account, *, expires: bool) -> None:
    """A connected (long-lived, where tokens expire) token counts from now: it lasts TOKEN_LIFETIME and its
    rotation starts afresh. Other platforms' tokens do not expire."""
    now = timezone.now()
    account.token_expires_at = now + TOKEN_LIFETIME if expires else None
    account.token_refreshed_at = now if expires else None
    account.token_refresh_error = ""


def _record_failed_connect(exc: Exception, *, platform: str, instance_url: str, owner, trigger: str) -> None:
    try:
        RunRecorder.open(account=None, kind=SyncKind.CONNECT, trigger=trigger, user=owner,
                         params={"platform": platform, "instance": redact_url(instance_url)[:200]},
                         ).finish(SyncStatus.FAILED, error=safe_error_text(exc))
    except DatabaseError:
        # Inside a broken outer transaction nothing can be written; the caller still gets the original error.
        logger.exception("could not record a failed connect to %s", redact_url(instance_url))


def _connect(*, platform: str, instance_url: str, token: str, team: str, owner, trigger: str,
             account_id: str | None) -> Account:
    insecure = settings.PLATFORM_ALLOW_INSECURE_URLS
    base_url = normalise_instance_url(instance_url, allow_insecure=insecure)
    client = create_client(platform, base_url, token, allow_insecure=insecure, **settings.PLATFORM_HTTP_OPTIONS)
    remote_instance = client.detect_instance()  # UnsupportedSoftware (naming it) before anything is written
    detected = known_profile(remote_instance.software)
    if detected is not None and detected.platform != platform and known_profile(platform) is not None:
        # A Mastodon-API server chosen as the other Mastodon-API platform: its nodeinfo decides the client.
        logger.info("%s runs %s: connecting it as %s, not %s", redact_url(base_url), detected.label,
                    detected.platform, platform)
        platform = detected.platform
        client = create_client(platform, base_url, token, allow_insecure=insecure,
                               **settings.PLATFORM_HTTP_OPTIONS)
    canonical_url = _canonical_url(remote_instance, insecure=insecure)
    remote_account = client.verify_credentials(account_id=account_id)
    with transaction.atomic():
        instance = _upsert_instance(platform, base_url, canonical_url, remote_instance)
        _adopt_imported_account(instance, remote_account)
        account, created = Account.objects.get_or_create(
            instance=instance, remote_id=remote_account.remote_id,
            defaults={"platform": platform, "handle": remote_account.handle[:255], "team": team, "owner": owner},
        )
        account.access_token = token
        account.status, account.status_detail, account.is_active = AccountStatus.ACTIVE, "", True
        _note_new_token(account, expires=client.supports(Capability.TOKEN_REFRESH))
        if team:
            account.team = team
        account.save()
        update_account_profile(account, remote_account)
        recorder = RunRecorder.open(account=account, kind=SyncKind.CONNECT, trigger=trigger, user=owner,
                                    params={"created": created})
        recorder.http_requests = client.request_count
        recorder.finish(SyncStatus.OK)
    return account


def _canonical_url(remote_instance: RemoteInstance, *, insecure: bool) -> str | None:
    """The server's own scheme and host, checked by the same rules as a typed URL; None when not reported."""
    reported = getattr(remote_instance, "canonical_url", "") or ""
    return normalise_instance_url(reported, allow_insecure=insecure) if reported else None


def _upsert_instance(platform: str, base_url: str, canonical_url: str | None,
                     remote_instance: RemoteInstance) -> Instance:
    """The instance known by the typed URL or by the server's own name (either way round), updated."""
    match = Q(base_url=base_url) | Q(canonical_url=base_url)
    if canonical_url:
        match |= Q(base_url=canonical_url) | Q(canonical_url=canonical_url)
    found = list(Instance.objects.filter(match).select_for_update().order_by("pk"))
    # The row already holding the canonical name wins (it is unique); else the one typed the same way.
    instance = (next((i for i in found if canonical_url and i.canonical_url == canonical_url), None)
                or next((i for i in found if i.base_url == base_url), None)
                or (found[0] if found else None))
    fields = {"platform": platform, "software_version": remote_instance.version[:100],
              "software": (remote_instance.software or "")[:64],
              "account_domain": (getattr(remote_instance, "domain", "") or "")[:255],
              "version_checked_at": timezone.now()}
    if canonical_url:
        fields["canonical_url"] = canonical_url
    if instance is None:
        return Instance.objects.create(base_url=base_url, **fields)
    for key, value in fields.items():
        setattr(instance, key, value)
    instance.save(update_fields=list(fields))
    return instance


def _adopt_imported_account(instance: Instance, remote_account) -> None:
    """An account imported from CSV (handle only) becomes this account instead of a duplicate beside it."""
    if Account.objects.filter(instance=instance, remote_id=remote_account.remote_id).exists():
        return
    Account.objects.filter(instance=instance, remote_id=pending_remote_id(remote_account.handle)).update(
        remote_id=remote_account.remote_id)
