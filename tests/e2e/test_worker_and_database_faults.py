"""Faults with real processes (issue 10, "Recovery after a dead worker or a database outage"): a qcluster
worker SIGKILLed mid-run, and PostgreSQL stopped and started under a running cluster and web server.

The module runs on a PostgreSQL server of its own (tests/e2e/processes.py), so stopping it harms no other
test. The lease is a few seconds here (POSTFLOW_LEASE_SECONDS for the cluster); the stale-run sweep is fired
every second as its schedule would fire it every couple of minutes in production.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from django_q.tasks import async_task

from analytics.models import Account, Comment, Like, Post, Share, SyncKind, SyncRun, SyncStatus, SyncTrigger
from analytics.services.runs.enqueue import enqueue_refresh
from analytics.services.runs.stale import ABANDONED_PREFIX
from analytics.services.sync.posts import sync_account_posts
from platforms.sandbox import start_sandbox
from tests import factories
from tests.e2e.conftest import WORLD_START, connect_sandbox_accounts
from tests.e2e.processes import get, own_database, qcluster, reconnect, session_cookie, wait_for, web_server
from tests.e2e.scheduled import hours_pass, runs_summary
from tests.e2e.truth import assert_matches_truth

pytestmark = [pytest.mark.e2e, pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
LEASE_SECONDS = 5
OUTAGE_SECONDS = 6.0
FINISHED = (SyncStatus.OK, SyncStatus.PARTIAL, SyncStatus.FAILED, SyncStatus.SKIPPED)


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker):
    with own_database(django_db_blocker) as server:
        yield server


def _sandbox(posts_per_account: int, slow_seconds: tuple[float, float]):
    return start_sandbox(seed=11, frozen=True, start=WORLD_START, activity=30.0, posts_per_account=posts_per_account,
                         rate_limit=100_000, slow_seconds=slow_seconds)


@pytest.fixture
def big_world(e2e_settings, database):
    """60 posts an account: a refresh stores its first batch of 50 and is still working on the rest."""
    handle = _sandbox(60, (0.05, 0.06))
    yield handle
    handle.stop()


@pytest.fixture
def world(e2e_settings, database):
    handle = _sandbox(12, (0.3, 0.4))  # slow enough to span the outage
    yield handle
    handle.stop()


def _status(run_id: int) -> str:
    return SyncRun.objects.filter(pk=run_id).values_list("status", flat=True).get()


def _worker_pid_mid_run(account: Account, run_id: int) -> int | None:
    """The worker's PID (from its lease) once the run has stored a first batch of likers and still runs."""
    owner = Account.objects.filter(pk=account.pk).values_list("lease_owner", flat=True).get()
    if not owner or _status(run_id) != SyncStatus.RUNNING or not Like.objects.filter(post__account=account).exists():
        return None
    return int(owner.rsplit(":", 2)[1])


def _sweep_until_closed(run_id: int) -> None:
    """Fire the stale-run sweep every second (its schedule does every couple of minutes) until the run that lost
    its worker or its database is no longer `running`: its lease (the last heartbeat) plus one sweep."""
    def closed() -> bool:
        async_task("analytics.tasks.sweep_stale_runs")
        return _status(run_id) != SyncStatus.RUNNING

    wait_for(closed, timeout=LEASE_SECONDS + 20, every=1.0, what=f"run {run_id} leaving `running`")


def _finished(run_ids: list[int]) -> list[SyncRun] | None:
    runs = list(SyncRun.objects.filter(pk__in=run_ids))
    return runs if all(run.status in FINISHED for run in runs) else None


def _assert_no_duplicates() -> None:
    for rows, key in ((Like.objects, ("post_id", "actor_id")), (Share.objects, ("post_id", "actor_id")),
                      (Comment.objects, ("post_id", "remote_id")), (Post.all_objects, ("account_id", "remote_id"))):
        pairs = list(rows.values_list(*key))
        assert len(pairs) == len(set(pairs)), f"duplicate {rows.model.__name__} rows by {key}"


def test_a_worker_killed_mid_refresh_is_failed_within_its_lease_and_the_next_run_completes(big_world, database,
                                                                                           tmp_path):
    alice = connect_sandbox_accounts(big_world, keys={"alice"})["alice"]
    assert sync_account_posts(alice).status == SyncStatus.OK
    big_world.set_faults("slow=1")
    log = tmp_path / "qcluster.log"
    with qcluster(database, workers=1, env={"POSTFLOW_LEASE_SECONDS": str(LEASE_SECONDS)}, log=log):
        killed = enqueue_refresh(accounts=[alice], trigger=SyncTrigger.ADMIN, force=True).runs[0].pk
        pid = wait_for(lambda: _worker_pid_mid_run(alice, killed), timeout=40, every=0.05,
                       what="the refresh storing its first batch while still running")
        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()

        _sweep_until_closed(killed)
        recovered_after = time.monotonic() - killed_at
        big_world.set_faults("0")
        following = enqueue_refresh(accounts=[alice], trigger=SyncTrigger.ADMIN, force=True).runs[0].pk
        runs = wait_for(lambda: _finished([following]), timeout=40, what="the next refresh finishing")

    run = SyncRun.objects.get(pk=killed)
    assert run.status == SyncStatus.FAILED and run.error_message.startswith(ABANDONED_PREFIX), runs_summary()
    assert run.finished_at is not None
    # Silent since its last heartbeat (at most 2 s before the kill) for a lease, then one sweep.
    assert recovered_after < LEASE_SECONDS + 6, f"closed {recovered_after:.1f} s after the kill"
    assert runs[0].status == SyncStatus.OK, runs_summary()
    assert not SyncRun.objects.filter(status=SyncStatus.RUNNING).exists(), runs_summary()
    _assert_no_duplicates()
    assert_matches_truth(alice, big_world.truth()["accounts"]["alice"])


def test_a_database_restart_answers_503_meanwhile_and_the_next_refresh_succeeds_everywhere(world, database):
    accounts = connect_sandbox_accounts(world)
    for account in accounts.values():
        assert sync_account_posts(account).status == SyncStatus.OK
    cookie = session_cookie(factories.UserFactory(username="root", is_superuser=True))
    server = database
    with web_server(server) as base, qcluster(server, workers=2, env={"POSTFLOW_LEASE_SECONDS": str(LEASE_SECONDS)}):
        # Warm: the workers and the web server hold connections opened before the outage.
        first = enqueue_refresh(accounts=list(accounts.values()), trigger=SyncTrigger.SCHEDULE, force=True)
        wait_for(lambda: _finished([run.pk for run in first.runs]), timeout=60, what="the first refresh")
        assert get(f"{base}/admin/", cookie)[0] == 200
        # A slow refresh is working when the database goes away.
        world.set_faults("slow=1")
        in_flight = enqueue_refresh(accounts=[accounts["alice"]], trigger=SyncTrigger.ADMIN, force=True).runs[0].pk
        wait_for(lambda: _status(in_flight) == SyncStatus.RUNNING, timeout=30, what="the slow refresh running")

        server.stop()
        stopped_at = time.monotonic()
        try:
            status, headers, body = get(f"{base}/admin/", cookie)
            world.set_faults("0")
            post = next(iter(world.truth()["accounts"]["alice"]["media_posts"]))["id"]
            world.like(post)  # engagement the refresh after the outage must bring in
            time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped_at)))  # the outage itself
        finally:
            server.start()
        assert status == 503, body[:500]
        assert "briefly unavailable" in body and "Traceback" not in body and "OperationalError" not in body
        assert headers.get("Retry-After") == "30"

        assert get(f"{base}/admin/", cookie)[0] == 200, "the first page after the restart"
        reconnect()  # this process's own connection died with the server, as the web server's did
        _sweep_until_closed(in_flight)
        before = SyncRun.objects.order_by("-pk").values_list("pk", flat=True).first()
        hours_pass(24 * 8)  # every post is due again for the tiered refresh
        async_task("analytics.tasks.refresh_engagement_for_all_accounts")  # the hourly schedule firing

        def refreshed() -> list[SyncRun] | None:
            runs = SyncRun.objects.filter(pk__gt=before, kind=SyncKind.REFRESH_ENGAGEMENT)
            return _finished(list(runs.values_list("pk", flat=True))) if runs.count() == len(accounts) else None

        runs = wait_for(refreshed, timeout=60, what="a refresh of every account after the restart")

    cut_off = SyncRun.objects.get(pk=in_flight)
    assert cut_off.status == SyncStatus.FAILED and cut_off.error_message, runs_summary()
    assert {run.status for run in runs} == {SyncStatus.OK}, runs_summary()
    assert not SyncRun.objects.filter(status=SyncStatus.RUNNING).exists(), runs_summary()
    _assert_no_duplicates()
    truth = world.truth()["accounts"]
    for key, account in accounts.items():
        assert_matches_truth(account, truth[key], comments_complete=account.platform == "mastodon")
