"""No run is ever left stuck: a crash of any kind ends the run failed without secrets, releases the lease and
reaches django-q2 sanitised; the sweep fails runs whose worker went silent or whose task never arrived."""

from __future__ import annotations

import traceback
from datetime import timedelta

import psycopg
import pytest
from django.db import IntegrityError, OperationalError
from django.utils import timezone

from analytics import tasks
from analytics.models import Account, AccountStatus, SyncKind, SyncRun, SyncStatus
from analytics.schedules import PREFIX, schedule_table
from analytics.services.maintenance import flows
from analytics.services.runs.enqueue import enqueue_refresh, enqueue_sync_posts
from analytics.services.runs.errors import RunCrashed, safe_error_text
from analytics.services.runs.stale import fail_abandoned_runs
from analytics.services.sync import posts as sync_posts
from analytics.services.sync.posts import sync_account_posts
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

CIPHERTEXT = "gAAAAABnSECRETciphertextOfTheToken"
DB_ERROR = (f'null value in column "handle" violates not-null constraint\n'
            f"DETAIL:  Failing row contains (7, mastodon, 1170, null, {CIPHERTEXT}, t).")


def _crash(exc: Exception):
    def raise_it(*args, **kwargs):
        raise exc
    return raise_it


def test_safe_error_text_drops_the_failing_row_and_masks_tokens():
    text = safe_error_text(IntegrityError(DB_ERROR + " Authorization: Bearer abc.def access_token=xyz"))
    assert text.startswith("IntegrityError: null value in column")
    assert CIPHERTEXT not in text and "abc.def" not in text and "xyz" not in text
    assert "DETAIL" not in text


def test_any_exception_in_a_sync_fails_the_run_and_releases_the_lease(fake, account, monkeypatch):
    monkeypatch.setattr(sync_posts, "upsert_post_page", _crash(RuntimeError("bug with access_token=s3cret")))
    with pytest.raises(RuntimeError):
        sync_account_posts(account)
    run = SyncRun.objects.get(kind=SyncKind.SYNC_POSTS)
    assert run.status == SyncStatus.FAILED and run.finished_at is not None
    assert "RuntimeError" in run.error_message and "s3cret" not in run.error_message
    account.refresh_from_db()
    assert account.lease_owner == "" and account.lease_expires_at is None


def test_task_reraises_a_sanitised_exception_without_the_database_row(fake, account, monkeypatch):
    monkeypatch.setattr(sync_posts, "upsert_post_page", _crash(IntegrityError(DB_ERROR)))
    run = enqueue_sync_posts([account]).runs[0]
    with pytest.raises(RunCrashed) as caught:
        tasks.run_sync_run(run.pk)
    # What django-q2 stores: f"{e} : {traceback.format_exc()}"
    stored = f"{caught.value} : {''.join(traceback.format_exception(caught.value))}"
    assert CIPHERTEXT not in stored and "IntegrityError" in stored
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    run.refresh_from_db()
    assert run.status == SyncStatus.FAILED and CIPHERTEXT not in run.error_message


def test_a_crashed_refresh_fails_its_run_at_once(fake, account, monkeypatch):
    from analytics.services.refresh import engagement

    monkeypatch.setattr(engagement, "record_metrics", _crash(ValueError("bad value")))
    run = enqueue_refresh(accounts=[account]).runs[0]
    with pytest.raises(RunCrashed, match="ValueError: bad value"):
        tasks.run_sync_run(run.pk)
    run.refresh_from_db()
    assert run.status == SyncStatus.FAILED and "ValueError: bad value" in run.error_message
    assert Account.objects.get(pk=account.pk).lease_owner == ""


def _database_conflict(driver_error: type[psycopg.Error]) -> OperationalError:
    """What Django raises when PostgreSQL aborts a statement to settle a conflict with another session."""
    error = OperationalError("deadlock detected")
    error.__cause__ = driver_error("deadlock detected")
    return error


@pytest.mark.parametrize("driver_error", [psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure])
@pytest.mark.parametrize("flow", ["sync", "refresh"])
def test_a_conflict_with_another_worker_resumes_the_run_instead_of_failing_it(fake, account, monkeypatch, flow,
                                                                             driver_error):
    from analytics.services.refresh import engagement

    if flow == "sync":
        monkeypatch.setattr(sync_posts, "upsert_post_page", _crash(_database_conflict(driver_error)))
        run = enqueue_sync_posts([account]).runs[0]
    else:
        monkeypatch.setattr(engagement, "record_metrics", _crash(_database_conflict(driver_error)))
        run = enqueue_refresh(accounts=[account]).runs[0]

    tasks.run_sync_run(run.pk)  # no crash reaches django-q2

    run.refresh_from_db()
    assert run.status == SyncStatus.PARTIAL and run.resume_at is not None
    assert run.error_message.startswith("Database conflict with another worker; the rest resumes at")
    follow_up = SyncRun.objects.get(retry_of=run)
    assert follow_up.status == SyncStatus.QUEUED and follow_up.kind == run.kind
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE and account.lease_owner == ""


def test_any_other_database_error_still_fails_the_run(fake, account, monkeypatch):
    error = OperationalError("could not write block: No space left on device")
    error.__cause__ = psycopg.errors.DiskFull("No space left on device")
    monkeypatch.setattr(sync_posts, "upsert_post_page", _crash(error))
    with pytest.raises(OperationalError):
        sync_account_posts(account)
    run = SyncRun.objects.get(kind=SyncKind.SYNC_POSTS)
    assert run.status == SyncStatus.FAILED and not SyncRun.objects.filter(retry_of=run).exists()


@pytest.mark.parametrize(("task", "patched", "kind"), [
    (tasks.rebuild_rollups, "rebuild_hashtag_stats", SyncKind.ROLLUP),
    (tasks.apply_retention, "downsample_snapshots", SyncKind.RETENTION),
])
def test_a_crashed_maintenance_run_ends_failed(monkeypatch, task, patched, kind):
    monkeypatch.setattr(flows, patched, _crash(IntegrityError(DB_ERROR)))
    with pytest.raises(RunCrashed):
        task()
    run = SyncRun.objects.get(kind=kind)
    assert run.status == SyncStatus.FAILED and run.error_message.startswith("Crashed: IntegrityError")
    assert CIPHERTEXT not in run.error_message


def test_a_failed_connect_is_recorded_as_a_failed_run(fake):
    from analytics.services.accounts.connect import connect_account
    from platforms.errors import AuthError

    fake.status_override[r"verify_credentials"] = 401
    with pytest.raises(AuthError):
        connect_account(platform="mastodon", instance_url="https://social.test", token="tok-123")
    run = SyncRun.objects.get(kind=SyncKind.CONNECT)
    assert run.status == SyncStatus.FAILED and run.error_message.startswith("AuthError")
    assert "tok-123" not in run.error_message


def _running(account, *, silent_for: timedelta) -> SyncRun:
    run = factories.SyncRunFactory(account=account, status=SyncStatus.RUNNING, finished_at=None)
    SyncRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - silent_for,
                                             created_at=timezone.now() - silent_for)
    return run


def test_sweep_fails_a_run_whose_worker_went_silent_for_a_lease(account, settings):
    lease = settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"]
    dead = _running(account, silent_for=timedelta(seconds=lease + 5))
    alive = _running(factories.AccountFactory(), silent_for=timedelta(seconds=lease - 60))
    assert fail_abandoned_runs() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == SyncStatus.FAILED and "no heartbeat" in dead.error_message
    assert alive.status == SyncStatus.RUNNING
    # The dead run no longer blocks new work for its account.
    assert enqueue_refresh(accounts=[account]).queued_count == 1


def test_sweep_fails_a_queued_run_that_never_started_but_not_a_pending_resume(account, settings):
    wait = timedelta(seconds=settings.POSTFLOW["QUEUED_RUN_MAX_WAIT_SECONDS"] + 60)
    lost = factories.SyncRunFactory(account=account, status=SyncStatus.QUEUED, started_at=None, finished_at=None)
    parent = factories.SyncRunFactory(account=account, status=SyncStatus.PARTIAL,
                                      resume_at=timezone.now() + timedelta(hours=1))
    resume = factories.SyncRunFactory(account=account, status=SyncStatus.QUEUED, started_at=None,
                                      finished_at=None, retry_of=parent)
    SyncRun.objects.filter(pk__in=[lost.pk, resume.pk]).update(created_at=timezone.now() - wait)
    assert fail_abandoned_runs() == 1
    assert SyncRun.objects.get(pk=lost.pk).error_message.startswith("Abandoned: queued at")
    assert SyncRun.objects.get(pk=resume.pk).status == SyncStatus.QUEUED


def test_a_redelivered_task_of_a_swept_run_is_not_a_silent_success(account, settings):
    run = _running(account, silent_for=timedelta(seconds=settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"] + 5))
    fail_abandoned_runs()
    with pytest.raises(RunCrashed, match="closed as abandoned"):
        tasks.run_sync_run(run.pk)


def test_a_redelivered_task_takes_over_a_silent_run_before_the_sweep(fake, account, settings):
    run = _running(account, silent_for=timedelta(seconds=settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"] + 5))
    assert tasks.run_sync_run(run.pk).startswith("ok")
    assert SyncRun.objects.get(pk=run.pk).posts_created == 5


def test_progress_is_a_heartbeat(fake, account):
    result = sync_account_posts(account)
    run = SyncRun.objects.get(pk=result.run_id)
    assert run.heartbeat_at is not None and run.heartbeat_at >= run.started_at


def test_the_sweep_runs_every_few_minutes_and_keeps_no_success_rows(settings):
    sweep = next(job for job in schedule_table() if job.name == f"{PREFIX}stale-run sweep")
    assert sweep.cron == "*/2 * * * *" and sweep.keep_success is False
    assert settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"] <= 15 * 60
