"""Recent sync runs with their status, for the unified dashboard's health panel."""

from __future__ import annotations

from analytics.models import SyncRun


def recent_sync_runs(*, limit: int = 8) -> list[SyncRun]:
    """The newest runs with their account (one query)."""
    return list(SyncRun.objects.select_related("account").order_by("-created_at")[:limit])
