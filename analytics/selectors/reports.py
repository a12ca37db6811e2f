"""Report deliveries that need attention, for the unified dashboard's sync-health panel."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from analytics.models import DeliveryStatus, ReportDelivery


def failing_report_deliveries(*, now: datetime | None = None, limit: int = 5) -> list[ReportDelivery]:
    """Deliveries waiting for a retry or given up, of recent slots, newest first (one query)."""
    since = (now or timezone.now()) - timedelta(days=settings.POSTFLOW_REPORTS["FAILURES_SHOWN_DAYS"])
    return list(ReportDelivery.objects.filter(status__in=[DeliveryStatus.RETRYING, DeliveryStatus.FAILED],
                                              slot__gte=since).select_related("report").order_by("-slot")[:limit])
