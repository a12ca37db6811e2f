"""Scale-out: two qcluster processes share one broker (Redis or the ORM) and a refresh of every account runs
with no account handled twice and no duplicate rows (issue 12, item 6)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_q.conf import Conf
from django_q.models import Success

from analytics.models import Account, Like, SyncKind, SyncRun, SyncStatus, SyncTrigger
from analytics.services.runs.enqueue import enqueue_refresh
from analytics.services.sync.posts import sync_account_posts
from tests.e2e.conftest import connect_sandbox_accounts, database_url
from tests.e2e.truth import assert_matches_truth

pytestmark = [pytest.mark.e2e, pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
REPO = Path(__file__).resolve().parents[2]
CLUSTERS = 2
WORKERS_PER_CLUSTER = 2


def _start_clusters(extra_env: dict[str, str]) -> list[subprocess.Popen]:
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1", "PLATFORM_ALLOW_INSECURE_URLS": "1",
           "Q_WORKERS": str(WORKERS_PER_CLUSTER), "POSTFLOW_TESTING": "1", "PLATFORM_MIN_INTERVAL": "0",
           **extra_env}
    return [subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(CLUSTERS)]


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)  # the main PID only: django-q2 then exits cleanly
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_done(run_ids: list[int], timeout: float = 120.0) -> list[SyncRun]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = list(SyncRun.objects.filter(pk__in=run_ids))
        if all(run.status not in (SyncStatus.QUEUED, SyncStatus.RUNNING) for run in runs):
            return runs
        time.sleep(0.5)
    pending = SyncRun.objects.filter(pk__in=run_ids, status__in=[SyncStatus.QUEUED, SyncStatus.RUNNING])
    raise AssertionError(f"{pending.count()} run(s) still queued or running after {timeout} s")


@pytest.fixture(params=["redis", "orm"])
def broker_env(request, monkeypatch) -> dict[str, str]:
    """The qcluster processes' broker; this process enqueues to the same one (django-q2 reads Conf per call)."""
    if request.param == "orm":
        return {}
    url = request.getfixturevalue("redis_url")
    monkeypatch.setattr(Conf, "REDIS", url)
    monkeypatch.setattr(Conf, "ORM", None)
    return {"Q_REDIS_URL": url}


def test_two_clusters_refresh_every_account_once_with_no_duplicate_rows(sandbox, broker_env):
    accounts = connect_sandbox_accounts(sandbox)
    for account in accounts.values():
        sync_account_posts(account)
    clusters = _start_clusters(broker_env)
    try:
        queued = enqueue_refresh(accounts=Account.objects.filter(pk__in=[a.pk for a in accounts.values()]),
                                 trigger=SyncTrigger.SCHEDULE, force=True)
        assert len(queued.runs) == len(accounts)
        runs = _wait_until_done([run.pk for run in queued.runs])
    finally:
        _stop(clusters)

    assert {run.status for run in runs} == {SyncStatus.OK}, [run.error_message for run in runs]
    refreshes = SyncRun.objects.filter(kind=SyncKind.REFRESH_ENGAGEMENT)
    assert sorted(refreshes.values_list("account_id", flat=True)) == sorted(a.pk for a in accounts.values())
    results = [str(task.result) for task in Success.objects.all()]  # a pickled field: no SQL lookups on it
    assert not [r for r in results if "not queued any more" in r], "a task was handled twice"
    pairs = Like.objects.values_list("post_id", "actor_id")
    assert len(set(pairs)) == pairs.count()
    truth = sandbox.truth()["accounts"]
    for key, account in accounts.items():
        assert_matches_truth(account, truth[key], comments_complete=account.platform == "mastodon")
