"""Snapshot retention: all snapshots for SNAPSHOT_KEEP_ALL_DAYS, then the last of each hour, then of each day.

Both cut-offs are floored to their bucket (the hour; the local midnight) so a bucket is never split
between two tiers; deletes are set-based (a window function numbers the snapshots of each bucket).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber, TruncDay, TruncHour
from django.utils import timezone

from analytics.models import Granularity, MetricSnapshot


@dataclass(frozen=True, slots=True)
class RetentionResult:
    deleted_hourly_tier: int  # snapshots removed because another was later in the same hour
    deleted_daily_tier: int  # snapshots removed because another was later in the same day
    marked_hourly: int
    marked_daily: int

    @property
    def deleted(self) -> int:
        return self.deleted_hourly_tier + self.deleted_daily_tier


@dataclass(frozen=True, slots=True)
class RetentionCutoffs:
    keep_all_from: datetime  # snapshots at or after this are all kept
    hourly_from: datetime  # from here up to keep_all_from: one per hour; before it: one per day


def retention_cutoffs(*, now: datetime | None = None) -> RetentionCutoffs:
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    keep_all_days = settings.POSTFLOW["SNAPSHOT_KEEP_ALL_DAYS"]
    hourly_days = max(settings.POSTFLOW["SNAPSHOT_KEEP_HOURLY_DAYS"], keep_all_days)
    keep_all_from = timezone.localtime(now - timedelta(days=keep_all_days), tz)
    keep_all_from = keep_all_from.replace(minute=0, second=0, microsecond=0)
    hourly_day = timezone.localtime(now - timedelta(days=hourly_days), tz).date()
    hourly_from = timezone.make_aware(datetime.combine(hourly_day, time.min), tz)
    return RetentionCutoffs(keep_all_from=keep_all_from, hourly_from=min(hourly_from, keep_all_from))


def downsample_snapshots(*, now: datetime | None = None) -> RetentionResult:
    """Thin old snapshots to one per hour, then one per day, keeping the last of each bucket. Idempotent."""
    cutoffs = retention_cutoffs(now=now)
    hourly = MetricSnapshot.objects.filter(captured_at__gte=cutoffs.hourly_from,
                                           captured_at__lt=cutoffs.keep_all_from)
    daily = MetricSnapshot.objects.filter(captured_at__lt=cutoffs.hourly_from)
    with transaction.atomic():
        deleted_hourly = _delete_all_but_last(hourly, TruncHour)
        marked_hourly = hourly.filter(granularity=Granularity.RAW).update(granularity=Granularity.HOUR)
        deleted_daily = _delete_all_but_last(daily, TruncDay)
        marked_daily = daily.exclude(granularity=Granularity.DAY).update(granularity=Granularity.DAY)
    return RetentionResult(deleted_hourly_tier=deleted_hourly, deleted_daily_tier=deleted_daily,
                           marked_hourly=marked_hourly, marked_daily=marked_daily)


def _delete_all_but_last(snapshots, trunc) -> int:
    """Delete every snapshot that is not the latest of its (post, bucket), in one statement."""
    bucket = trunc("captured_at", tzinfo=timezone.get_current_timezone())
    ranked = snapshots.annotate(
        rank=Window(RowNumber(), partition_by=[F("post_id"), bucket], order_by=F("captured_at").desc())
    )
    doomed = ranked.filter(rank__gt=1).values("pk")
    deleted, _ = MetricSnapshot.objects.filter(pk__in=doomed).delete()
    return deleted
