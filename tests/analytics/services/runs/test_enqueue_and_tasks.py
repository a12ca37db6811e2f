"""Enqueue helpers, the task that runs a queued SyncRun, and the schedule table."""

from __future__ import annotations

import pytest
from django_q.models import OrmQ, Schedule

from analytics.models import Like, Post, SyncKind, SyncRun, SyncStatus, SyncTrigger
from analytics.schedules import PREFIX, clear_schedules, register_schedules, schedule_table
from analytics.services.runs.enqueue import RateLimitExceeded, enqueue_refresh, enqueue_retry, enqueue_sync_posts
from analytics.services.sync.posts import sync_account_posts
from analytics.tasks import run_sync_run
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def _queued_funcs() -> list[tuple[str, tuple]]:
    return [(task["func"], task["args"]) for task in (q.task for q in OrmQ.objects.all())]


def test_enqueue_refresh_queues_one_task_per_account(account, django_capture_on_commit_callbacks):
    user = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        result = enqueue_refresh(accounts=[account], trigger=SyncTrigger.ADMIN, user=user)
    run = SyncRun.objects.get()
    assert (run.status, run.kind, run.triggered_by) == (SyncStatus.QUEUED, SyncKind.REFRESH_ENGAGEMENT, user)
    assert _queued_funcs() == [("analytics.tasks.run_sync_run", (run.pk,))]
    assert result.task_ids and run.__class__.objects.get().task_id == result.task_ids[0]
    assert "1 job queued" in result.message


def test_enqueue_groups_selected_posts_by_account(account, django_capture_on_commit_callbacks):
    posts = [factories.PostFactory(account=account) for _ in range(3)]
    other = factories.PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        result = enqueue_refresh(posts=Post.objects.filter(pk__in=[p.pk for p in [*posts, other]]))
    assert result.queued_count == 2
    params = {run.account_id: run.params for run in SyncRun.objects.all()}
    assert sorted(params[account.pk]["post_ids"]) == sorted(p.pk for p in posts)


def test_same_work_already_queued_is_refused_with_a_message(account):
    enqueue_refresh(accounts=[account])
    result = enqueue_refresh(accounts=[account])
    assert result.queued_count == 0
    assert "already queued or running" in result.message
    assert SyncRun.objects.count() == 1


def test_per_user_rate_limit(account, settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "ADMIN_REFRESH_PER_USER_PER_MINUTE": 2}
    user = factories.UserFactory()
    other_accounts = [factories.AccountFactory() for _ in range(2)]
    enqueue_sync_posts(other_accounts[:1], user=user)  # two clicks
    enqueue_sync_posts(other_accounts[1:], user=user)
    with pytest.raises(RateLimitExceeded):
        enqueue_refresh(accounts=[account], user=user)


def test_retry_queues_a_new_run_linked_to_the_failed_one(account):
    failed = factories.SyncRunFactory(account=account, status=SyncStatus.FAILED, params={"full_rescan": True})
    ok = factories.SyncRunFactory(account=account, status=SyncStatus.OK)
    result = enqueue_retry([failed, ok])
    retry = SyncRun.objects.get(retry_of=failed)
    assert retry.trigger == SyncTrigger.RETRY and retry.params == {"full_rescan": True}
    assert result.queued_count == 1 and "did not fail" in result.message


def test_task_runs_the_queued_sync_and_records_the_result(fake, account):
    result = enqueue_sync_posts([account])
    outcome = run_sync_run(result.runs[0].pk)
    run = SyncRun.objects.get(pk=result.runs[0].pk)
    assert run.status == SyncStatus.OK, outcome
    assert run.posts_created == 5 and run.started_at and run.finished_at


def test_task_delivered_twice_runs_once(fake, account):
    run = enqueue_sync_posts([account]).runs[0]
    run_sync_run(run.pk)
    assert "nothing to do" in run_sync_run(run.pk)
    assert SyncRun.objects.filter(kind=SyncKind.SYNC_POSTS).count() == 1


def test_task_skips_an_account_that_needs_a_new_token(account):
    run = enqueue_refresh(accounts=[account]).runs[0]
    account.status = "needs_reauth"
    account.save()
    run_sync_run(run.pk)
    assert SyncRun.objects.get(pk=run.pk).status == SyncStatus.SKIPPED


def test_queued_refresh_runs_inline_with_django_q_sync(fake, account, q_sync, django_capture_on_commit_callbacks):
    sync_account_posts(account)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_refresh(accounts=[account])
    run = SyncRun.objects.filter(kind=SyncKind.REFRESH_ENGAGEMENT).get()
    assert run.status == SyncStatus.OK
    assert Like.objects.count() == sum(len(p.likers) for p in fake.posts)


def test_register_schedules_twice_leaves_one_row_per_job():
    register_schedules()
    register_schedules()
    names = list(Schedule.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) == len(schedule_table())
    assert all(name.startswith(PREFIX) for name in names)


def test_demo_schedules_refresh_every_minute():
    register_schedules(demo=True)
    assert Schedule.objects.get(name=f"{PREFIX}engagement refresh").cron == "* * * * *"


def test_clear_removes_only_our_schedules():
    register_schedules()
    Schedule.objects.create(name="someone else's", func="math.floor", schedule_type=Schedule.HOURLY)
    clear_schedules()
    assert list(Schedule.objects.values_list("name", flat=True)) == ["someone else's"]


def test_scheduled_refresh_does_not_pile_up(account):
    from analytics.tasks import refresh_engagement_for_all_accounts

    refresh_engagement_for_all_accounts()
    message = refresh_engagement_for_all_accounts()
    assert SyncRun.objects.filter(kind=SyncKind.REFRESH_ENGAGEMENT).count() == 1
    assert "already queued or running" in message
    assert SyncRun.objects.get().params["tiered"] is True
