"""Injected faults and the rate limit: runs end ok or partial with a reason, nothing duplicates, nothing is lost."""

from __future__ import annotations

import pytest

from analytics.models import Comment, Like, Post, Share, SyncRun, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from platforms.sandbox import start_sandbox
from tests.e2e.conftest import WORLD_START, connect_sandbox_accounts
from tests.e2e.truth import assert_matches_truth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
FAULTS = "error=0.08,truncate=0.05,slow=0.02"


@pytest.fixture
def faulty_sandbox(e2e_settings):
    handle = start_sandbox(seed=5, frozen=True, start=WORLD_START, posts_per_account=10, faults=FAULTS,
                           slow_seconds=(0.2, 0.4))
    yield handle
    handle.stop()


def _rows() -> tuple[int, int, int, int]:
    return Post.all_objects.count(), Like.objects.count(), Share.objects.count(), Comment.objects.count()


def test_faulty_runs_end_ok_or_partial_with_a_reason_and_a_later_run_completes(faulty_sandbox):
    faulty_sandbox.set_faults("error=0")  # connecting is not what this test is about
    accounts = connect_sandbox_accounts(faulty_sandbox, keys={"alice", "bruno"})
    faulty_sandbox.set_faults(FAULTS)
    for _ in range(2):
        for account in accounts.values():
            sync_account_posts(account)
            refresh_account_engagement(account)
    runs = SyncRun.objects.exclude(kind="connect")
    assert faulty_sandbox.stats()["faults"] > 0
    assert set(runs.values_list("status", flat=True)) <= {SyncStatus.OK, SyncStatus.PARTIAL, SyncStatus.FAILED}
    for run in runs.exclude(status=SyncStatus.OK):
        assert run.error_message, f"run {run.pk} ended {run.status} without a reason"

    faulty_sandbox.set_faults("0")
    for account in accounts.values():
        assert sync_account_posts(account).status == SyncStatus.OK
        assert refresh_account_engagement(account).status == SyncStatus.OK
    truth = faulty_sandbox.truth()["accounts"]
    for key, account in accounts.items():
        assert_matches_truth(account, truth[key])
    rows = _rows()
    for account in accounts.values():
        refresh_account_engagement(account, force=True)
    assert _rows() == rows, "a forced re-run duplicated rows"


def test_a_full_sync_of_2000_posts_never_hits_the_rate_limit(e2e_settings):
    handle = start_sandbox(seed=3, frozen=True, start=WORLD_START, posts_per_account=5, bulk_posts=2000,
                           rate_limit=30, rate_window=6.0)
    try:
        accounts = connect_sandbox_accounts(handle, keys={"bulk"})
        result = sync_account_posts(accounts["bulk"], full_rescan=True)
        stats = handle.stats()
    finally:
        handle.stop()
    assert result.status == SyncStatus.OK
    assert Post.objects.filter(account=accounts["bulk"]).count() == 2000
    assert stats["api_requests"] > 30, "the sync should need more than one rate-limit window"
    assert stats["rate_limited"] == 0
