"""The run-timing system checks refuse settings under which runs would be swept, killed or handed out twice."""

from __future__ import annotations

from analytics.checks import run_timings_agree


def test_the_shipped_settings_pass():
    assert run_timings_agree() == []


def test_a_lease_shorter_than_a_rate_limit_pause_is_refused(settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "ACCOUNT_LEASE_SECONDS": 200}
    assert [error.id for error in run_timings_agree()] == ["postflow.W001"]


def test_a_run_budget_beyond_the_task_timeout_is_refused(settings):
    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "run_budget_seconds": 4000.0}
    assert [error.id for error in run_timings_agree()] == ["postflow.W002"]


def test_a_retry_not_longer_than_the_timeout_is_refused(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "retry": settings.Q_CLUSTER["timeout"]}
    assert [error.id for error in run_timings_agree()] == ["postflow.W003"]
