"""System checks (warnings, so a test may shorten one timing on purpose) that the run timings agree: a run is
never swept while it only waits for a rate limit, stops for its budget before django-q2 kills it, and a task
is never handed out twice while it still runs."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register


@register()
def run_timings_agree(app_configs=None, **kwargs) -> list[Warning]:
    http = settings.PLATFORM_HTTP_OPTIONS
    lease = settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"]
    timeout, retry = settings.Q_CLUSTER["timeout"], settings.Q_CLUSTER["retry"]
    longest_silence = http["max_pause"] + http["request_deadline"]
    errors = []
    if lease <= longest_silence:
        errors.append(Warning(
            f"POSTFLOW_LEASE_SECONDS ({lease}) must exceed the longest gap between a run's heartbeats: "
            f"PLATFORM_MAX_PAUSE_SECONDS + PLATFORM_REQUEST_DEADLINE_SECONDS ({longest_silence:g}), or the "
            "stale-run sweep fails runs that are only waiting for a rate limit.", id="postflow.W001"))
    if http["run_budget_seconds"] >= timeout:
        errors.append(Warning(
            f"PLATFORM_RUN_BUDGET_SECONDS ({http['run_budget_seconds']:g}) must be below Q_TASK_TIMEOUT ({timeout}) "
            "so a run stores its work and resumes before the worker is killed.", id="postflow.W002"))
    if retry <= timeout:
        errors.append(Warning(f"Q_TASK_RETRY ({retry}) must exceed Q_TASK_TIMEOUT ({timeout}), or the broker hands "
                            "a running task to a second worker.", id="postflow.W003"))
    return errors
