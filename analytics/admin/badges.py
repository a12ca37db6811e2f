"""Sidebar badges: counts that need a staff member's attention."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from analytics.models import Account, AccountStatus, SyncRun, SyncStatus


def failing_accounts_badge(request) -> str:
    count = Account.objects.filter(is_active=True).exclude(status=AccountStatus.ACTIVE).count()
    return str(count) if count else ""


def failed_runs_badge(request) -> str:
    since = timezone.now() - timedelta(hours=24)
    count = SyncRun.objects.filter(status=SyncStatus.FAILED, created_at__gte=since).count()
    return str(count) if count else ""
