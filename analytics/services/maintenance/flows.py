"""The periodic maintenance flows — roll-ups and retention — each audited by a SyncRun like any sync."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from analytics.models import (
    ExportJob,
    Granularity,
    HashtagStats,
    PostHashtag,
    SyncKind,
    SyncRun,
    SyncStatus,
    SyncTrigger,
)
from analytics.services.maintenance.alongside import Alongside
from analytics.services.maintenance.content_stats import content_stats_present, rebuild_content_stats
from analytics.services.maintenance.decay import rebuild_post_decay
from analytics.services.maintenance.fan_rankings import rebuild_fan_rankings
from analytics.services.maintenance.retention import downsample_snapshots
from analytics.services.maintenance.rollups import rebuild_account_daily_stats, rebuild_hashtag_stats
from analytics.services.runs.account_flow import crash_recorded
from analytics.services.runs.recorder import RunRecorder, SyncResult
from analytics.services.runs.stale import fail_abandoned_runs

# Summaries written while a roll-up ran are caught by the next one: it starts this much earlier.
ROLLUP_OVERLAP = timedelta(minutes=5)


def _last_ok_start(kind: str):
    run = SyncRun.objects.filter(kind=kind, status=SyncStatus.OK).order_by("-started_at").first()
    return run.started_at if run else None


def rebuild_rollups(*, trigger: str = SyncTrigger.SCHEDULE, full: bool = False) -> SyncResult:
    """Days touched since the last good roll-up (everything the first time, or when `full`)."""
    since = None if full else _last_ok_start(SyncKind.ROLLUP)
    changed_since = since - ROLLUP_OVERLAP if since else None
    recorder = RunRecorder.open(account=None, kind=SyncKind.ROLLUP, trigger=trigger,
                                params={"changed_since": changed_since.isoformat() if changed_since else None})
    with crash_recorded(recorder), Alongside(lambda: rebuild_post_decay(changed_since=changed_since)) as decay_step:
        daily = rebuild_account_daily_stats(changed_since=changed_since)
        recorder.progress(1, 5, force=True)
        # after the account days: a post's engagement rate divides by its account's followers that day
        content = rebuild_content_stats(changed_since=changed_since if content_stats_present() else None)
        recorder.progress(2, 5, force=True)
        tags_since = changed_since if _hashtag_stats_present() else None
        tags_day = rebuild_hashtag_stats(changed_since=tags_since, granularity=Granularity.DAY)
        recorder.progress(3, 5, force=True)
        tags_hour = rebuild_hashtag_stats(changed_since=tags_since, granularity=Granularity.HOUR)
        recorder.progress(4, 5, force=True)
        decay = decay_step.result()  # ran beside the steps above where it could (alongside.py)
    return recorder.finish(SyncStatus.OK, details={"account_days": daily.rows_written,
                                                   "content_hours": content.rows_written,
                                                   "hashtag_days": tags_day.rows_written,
                                                   "hashtag_hours": tags_hour.rows_written,
                                                   "post_decay": decay})


def rank_top_fans(*, trigger: str = SyncTrigger.SCHEDULE) -> SyncResult:
    """The top fans of the preset periods, ranked whole: its own hourly job, apart from the roll-up, because
    it costs what 90 days of engagement cost (~21 s at 1M posts) whatever changed, while the roll-up's
    incremental hour stays a few seconds."""
    recorder = RunRecorder.open(account=None, kind=SyncKind.FAN_RANKINGS, trigger=trigger,
                                params={"at": timezone.now().isoformat()})
    with crash_recorded(recorder):
        started = time.perf_counter()
        rows = rebuild_fan_rankings()
    return recorder.finish(SyncStatus.OK, details={"fan_rankings": rows,
                                                   "seconds": round(time.perf_counter() - started, 2)})


def _hashtag_stats_present() -> bool:
    """False when tagged posts exist but no stats do (first run, or migration 0010 emptied them to split
    them by platform): the hashtag roll-up then rebuilds every day instead of the days touched."""
    return HashtagStats.objects.exists() or not PostHashtag.objects.exists()


def apply_retention(*, trigger: str = SyncTrigger.SCHEDULE) -> SyncResult:
    """Snapshot downsampling, closing runs whose worker died (they would block new work), old export files."""
    recorder = RunRecorder.open(account=None, kind=SyncKind.RETENTION, trigger=trigger,
                                params={"at": timezone.now().isoformat()})
    with crash_recorded(recorder):
        result = downsample_snapshots()
        recorder.progress(1, 3, force=True)
        abandoned = fail_abandoned_runs()
        exports = delete_expired_exports()
    return recorder.finish(SyncStatus.OK, details={"snapshots_deleted": result.deleted,
                                                   "abandoned_runs_closed": abandoned, "exports_deleted": exports})


def delete_expired_exports() -> int:
    """Export files hold user data: they are kept EXPORT_RETENTION_DAYS, then the file and its row go."""
    cutoff = timezone.now() - timedelta(days=settings.POSTFLOW["EXPORT_RETENTION_DAYS"])
    expired = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
