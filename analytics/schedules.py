"""The schedule table: every periodic job in one place, registered idempotently by name."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django_q.models import Schedule

PREFIX = "postflow: "


@dataclass(frozen=True, slots=True)
class PeriodicJob:
    name: str
    func: str
    cron: str
    # Frequent housekeeping keeps no success row in django-q2 (it would push real results out of save_limit).
    keep_success: bool = True


def schedule_table(*, demo: bool = False) -> list[PeriodicJob]:
    tunables = settings.POSTFLOW
    # The demo refreshes and rolls up every minute so a visitor sees numbers move.
    refresh_cron = "* * * * *" if demo else tunables["ENGAGEMENT_REFRESH_CRON"]
    return [
        PeriodicJob(f"{PREFIX}engagement refresh", "analytics.tasks.refresh_engagement_for_all_accounts",
                    refresh_cron),
        PeriodicJob(f"{PREFIX}post sync", "analytics.tasks.sync_posts_for_all_accounts", tunables["POST_SYNC_CRON"]),
        PeriodicJob(f"{PREFIX}roll-ups", "analytics.tasks.rebuild_rollups",
                    "* * * * *" if demo else tunables["ROLLUP_CRON"]),
        PeriodicJob(f"{PREFIX}fan rankings", "analytics.tasks.rank_top_fans",
                    "* * * * *" if demo else tunables["FAN_RANKINGS_CRON"]),
        PeriodicJob(f"{PREFIX}retention", "analytics.tasks.apply_retention", tunables["RETENTION_CRON"]),
        PeriodicJob(f"{PREFIX}stale-run sweep", "analytics.tasks.sweep_stale_runs", tunables["STALE_SWEEP_CRON"],
                    keep_success=False),
        PeriodicJob(f"{PREFIX}alerts", "analytics.tasks.evaluate_alerts",
                    settings.POSTFLOW_ALERTS["EVALUATE_CRON"]),
        PeriodicJob(f"{PREFIX}reports", "analytics.tasks.send_due_reports", settings.POSTFLOW_REPORTS["DUE_CRON"]),
    ]


def register_schedules(*, demo: bool = False) -> list[tuple[str, bool]]:
    """update_or_create by name: running it twice leaves one row per job (django-q2's schedule() would add)."""
    results = []
    for job in schedule_table(demo=demo):
        _, created = Schedule.objects.update_or_create(
            name=job.name,
            defaults={"func": job.func, "schedule_type": Schedule.CRON, "cron": job.cron, "repeats": -1,
                      "kwargs": "" if job.keep_success else "q_options={'save': False}"},
        )
        results.append((job.name, created))
    return results


def clear_schedules() -> int:
    """Removes our schedules only; other apps' schedules stay."""
    deleted, _ = Schedule.objects.filter(name__startswith=PREFIX).delete()
    return deleted
