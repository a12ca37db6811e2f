"""The per-account lease that keeps two workers off the same account (one conditional UPDATE)."""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from analytics.models import Account


def lease_owner_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire_lease(account_id: int, owner: str) -> bool:
    """One conditional UPDATE: atomic on PostgreSQL and SQLite, so exactly one contender wins."""
    now = timezone.now()
    expires = now + timedelta(seconds=settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"])
    free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now) | Q(lease_owner=owner)
    return Account.objects.filter(free, pk=account_id).update(lease_owner=owner, lease_expires_at=expires) == 1


def renew_lease(account_id: int, owner: str) -> None:
    expires = timezone.now() + timedelta(seconds=settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"])
    Account.objects.filter(pk=account_id, lease_owner=owner).update(lease_expires_at=expires)


def release_lease(account_id: int, owner: str) -> None:
    Account.objects.filter(pk=account_id, lease_owner=owner).update(lease_owner="", lease_expires_at=None)


@contextlib.contextmanager
def account_lease(account_id: int) -> Iterator[str | None]:
    """Yields the lease owner id, or None when another worker holds the account."""
    owner = lease_owner_id()
    if not acquire_lease(account_id, owner):
        yield None
        return
    try:
        yield owner
    finally:
        release_lease(account_id, owner)
