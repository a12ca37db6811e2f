"""A real django-q2 cluster, started by the test, processes an enqueued refresh against the sandbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from analytics.models import Like, SyncKind, SyncRun, SyncStatus, SyncTrigger
from analytics.services.runs.enqueue import enqueue_refresh
from analytics.services.sync.posts import sync_account_posts
from tests.e2e.conftest import connect_sandbox_accounts

pytestmark = [pytest.mark.e2e, pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
REPO = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def qcluster():
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "1", "PLATFORM_ALLOW_INSECURE_URLS": "1",
           "Q_WORKERS": "1", "POSTFLOW_TESTING": "1"}
    process = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    yield process
    process.send_signal(signal.SIGTERM)  # the main PID only: django-q2 then exits cleanly
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _wait_for(run_id: int, timeout: float = 90.0) -> SyncRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = SyncRun.objects.get(pk=run_id)
        if run.status not in (SyncStatus.QUEUED, SyncStatus.RUNNING):
            return run
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} still {run.status} after {timeout} s")


def test_a_real_cluster_processes_an_enqueued_refresh(sandbox, qcluster):
    alice = connect_sandbox_accounts(sandbox, keys={"alice"})["alice"]
    sync_account_posts(alice)
    result = enqueue_refresh(accounts=[alice], trigger=SyncTrigger.ADMIN)
    assert result.task_ids, "the task should be on the broker once the enqueue committed"
    run = _wait_for(result.runs[0].pk)
    assert run.status == SyncStatus.OK, run.error_message
    assert run.kind == SyncKind.REFRESH_ENGAGEMENT and run.finished_at is not None
    assert Like.objects.filter(post__account=alice).exists()
