"""The roll-up runs post decay in a second database session beside its other steps where it can (PostgreSQL,
nothing uncommitted), and in its own session otherwise; either way the run ends with every step done, and
a crash in the second session ends the run failed."""

from __future__ import annotations

import threading

import pytest

from analytics.models import PostDecay, SyncKind, SyncRun, SyncStatus
from analytics.services.maintenance import flows
from analytics.services.maintenance.alongside import Alongside
from analytics.services.maintenance.decay import rebuild_post_decay
from tests import factories


def _decay_threads(monkeypatch) -> list[str]:
    seen = []

    def recording(**kwargs):
        seen.append(threading.current_thread().name)
        return rebuild_post_decay(**kwargs)

    monkeypatch.setattr(flows, "rebuild_post_decay", recording)
    return seen


def _posts_with_timed_likes(count: int = 3) -> None:
    for _ in range(count):
        post = factories.PostFactory()
        factories.SummaryFactory(post=post, likes=6, total_engagement=6)
        for _ in range(6):
            factories.LikeFactory(post=post, time_is_estimate=False)


@pytest.mark.django_db
def test_inside_a_transaction_the_step_runs_in_the_callers_session(monkeypatch):
    threads = _decay_threads(monkeypatch)
    _posts_with_timed_likes()
    assert not Alongside.can_run_apart()  # the test's own transaction holds the rows

    flows.rebuild_rollups(full=True)

    assert threads == [threading.current_thread().name]
    assert PostDecay.objects.count() == 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_on_committed_rows_it_runs_beside_the_other_steps_with_the_same_result(monkeypatch):
    threads = _decay_threads(monkeypatch)
    _posts_with_timed_likes()
    assert Alongside.can_run_apart()

    result = flows.rebuild_rollups(full=True)

    assert threads == ["rollup-step"]
    assert result.status == SyncStatus.OK
    apart = sorted(PostDecay.objects.values_list("post_id", "timed_events", "hours_to_half"))
    PostDecay.objects.all().delete()
    rebuild_post_decay()  # the same step in this session
    assert sorted(PostDecay.objects.values_list("post_id", "timed_events", "hours_to_half")) == apart
    assert len(apart) == 3
    assert not any(thread.name == "rollup-step" for thread in threading.enumerate())


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_crash_in_the_second_session_ends_the_run_failed(monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("decay went wrong")

    monkeypatch.setattr(flows, "rebuild_post_decay", crash)
    _posts_with_timed_likes(1)

    with pytest.raises(RuntimeError, match="decay went wrong"):
        flows.rebuild_rollups(full=True)

    run = SyncRun.objects.get(kind=SyncKind.ROLLUP)
    assert run.status == SyncStatus.FAILED and "decay went wrong" in run.error_message
    assert not any(thread.name == "rollup-step" for thread in threading.enumerate())


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_crash_in_the_run_waits_for_the_second_session(monkeypatch):
    finished = []

    def slow_decay(**kwargs):
        threading.Event().wait(0.3)
        finished.append(True)
        return 0

    def crash(**kwargs):
        raise RuntimeError("account days went wrong")

    monkeypatch.setattr(flows, "rebuild_post_decay", slow_decay)
    monkeypatch.setattr(flows, "rebuild_account_daily_stats", crash)

    with pytest.raises(RuntimeError):
        flows.rebuild_rollups(full=True)

    assert finished == [True]  # the run did not end while its step still ran
    assert SyncRun.objects.get(kind=SyncKind.ROLLUP).status == SyncStatus.FAILED
