"""Refresh, sync and retry actions enqueue the right django-q2 tasks, refuse duplicates and outsiders."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_q.models import OrmQ

from analytics.models import SyncKind, SyncRun, SyncStatus, SyncTrigger
from tests import factories

pytestmark = pytest.mark.django_db
RUN_TASK = "analytics.tasks.run_sync_run"
POSTS = reverse("admin:analytics_post_changelist")
ACCOUNTS = reverse("admin:analytics_account_changelist")
RUNS = reverse("admin:analytics_syncrun_changelist")


def _queued_tasks() -> list[tuple[str, tuple]]:
    return [(task.func(), task.args()) for task in OrmQ.objects.all()]


def _run_action(client, url, action, objects, capture):
    with capture(execute=True):
        return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects]}, follow=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.smoke
def test_refresh_two_posts_queues_one_task_per_account(operator_client, operator,
                                                       django_capture_on_commit_callbacks):
    account = factories.AccountFactory()
    posts = factories.PostFactory.create_batch(2, account=account)
    response = _run_action(operator_client, POSTS, "refresh_engagement", posts, django_capture_on_commit_callbacks)
    run = SyncRun.objects.get()
    assert (run.kind, run.trigger, run.triggered_by, run.status) == (
        SyncKind.REFRESH_ENGAGEMENT, SyncTrigger.ADMIN, operator, SyncStatus.QUEUED)
    assert sorted(run.params["post_ids"]) == sorted(p.pk for p in posts)
    assert _queued_tasks() == [(RUN_TASK, (run.pk,))]
    assert "2 refreshes queued" in _messages(response)
    assert RUNS in response.content.decode()  # the message links to the sync runs


def test_posts_of_two_accounts_queue_two_tasks(operator_client, django_capture_on_commit_callbacks):
    posts = [factories.PostFactory(), factories.PostFactory()]
    _run_action(operator_client, POSTS, "refresh_engagement", posts, django_capture_on_commit_callbacks)
    assert len(_queued_tasks()) == 2


def test_duplicate_refresh_is_refused_with_a_clear_message(operator_client, django_capture_on_commit_callbacks):
    post = factories.PostFactory()
    _run_action(operator_client, POSTS, "refresh_engagement", [post], django_capture_on_commit_callbacks)
    response = _run_action(operator_client, POSTS, "refresh_engagement", [post], django_capture_on_commit_callbacks)
    assert "already queued or running" in _messages(response)
    assert len(_queued_tasks()) == 1


def test_refresh_is_rate_limited_per_user(operator_client, settings, django_capture_on_commit_callbacks):
    settings.POSTFLOW = {**settings.POSTFLOW, "ADMIN_REFRESH_PER_USER_PER_MINUTE": 1}
    first, second = factories.PostFactory(), factories.PostFactory()
    _run_action(operator_client, POSTS, "refresh_engagement", [first], django_capture_on_commit_callbacks)
    response = _run_action(operator_client, POSTS, "refresh_engagement", [second], django_capture_on_commit_callbacks)
    assert "limit 1" in _messages(response)
    assert len(_queued_tasks()) == 1


@pytest.mark.smoke
def test_analyst_gets_403_on_refresh(analyst_client, django_capture_on_commit_callbacks):
    post = factories.PostFactory()
    response = analyst_client.post(POSTS, {"action": "refresh_engagement", "_selected_action": [post.pk]})
    assert response.status_code == 403
    detail = reverse("admin:analytics_post_refresh_detail", args=[post.pk])
    assert analyst_client.post(detail, {"_form_submitted": "True"}).status_code == 403
    assert not SyncRun.objects.exists() and not OrmQ.objects.exists()


def test_detail_refresh_needs_a_post_and_redirects_htmx(operator_client, django_capture_on_commit_callbacks):
    post = factories.PostFactory()
    url = reverse("admin:analytics_post_refresh_detail", args=[post.pk])
    assert operator_client.get(url).status_code == 200  # the confirmation dialog, nothing queued
    assert not SyncRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(url, {"_form_submitted": "True"}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("admin:analytics_post_change", args=[post.pk])
    assert [func for func, _args in _queued_tasks()] == [RUN_TASK]


def test_sync_posts_now_on_accounts(operator_client, django_capture_on_commit_callbacks):
    accounts = factories.AccountFactory.create_batch(2)
    response = _run_action(operator_client, ACCOUNTS, "sync_posts_now", accounts, django_capture_on_commit_callbacks)
    assert set(SyncRun.objects.values_list("kind", flat=True)) == {SyncKind.SYNC_POSTS}
    assert len(_queued_tasks()) == 2
    assert "2 post syncs queued" in _messages(response)


def test_refresh_on_accounts(operator_client, django_capture_on_commit_callbacks):
    account = factories.AccountFactory()
    _run_action(operator_client, ACCOUNTS, "refresh_accounts", [account], django_capture_on_commit_callbacks)
    assert SyncRun.objects.get().kind == SyncKind.REFRESH_ENGAGEMENT


def test_retry_failed_run(operator_client, operator, django_capture_on_commit_callbacks):
    failed = factories.SyncRunFactory(status=SyncStatus.FAILED, error_message="HTTP 502")
    _run_action(operator_client, RUNS, "retry_runs", [failed], django_capture_on_commit_callbacks)
    retry = SyncRun.objects.get(retry_of=failed)
    assert (retry.trigger, retry.triggered_by) == (SyncTrigger.RETRY, operator)
    assert _queued_tasks() == [(RUN_TASK, (retry.pk,))]


def test_retry_refuses_a_run_that_did_not_fail(operator_client, django_capture_on_commit_callbacks):
    ok = factories.SyncRunFactory(status=SyncStatus.OK)
    response = _run_action(operator_client, RUNS, "retry_runs", [ok], django_capture_on_commit_callbacks)
    assert "nothing to retry" in _messages(response)
    assert not OrmQ.objects.exists()


def test_analyst_cannot_retry_or_sync(analyst_client):
    run = factories.SyncRunFactory(status=SyncStatus.FAILED)
    assert analyst_client.post(RUNS, {"action": "retry_runs", "_selected_action": [run.pk]}).status_code == 403
    response = analyst_client.post(ACCOUNTS, {"action": "sync_posts_now", "_selected_action": [run.account_id]})
    assert response.status_code == 403


def test_sync_runs_page_reloads_while_work_is_running(admin_client):
    factories.SyncRunFactory(status=SyncStatus.FAILED)
    assert b'http-equiv="refresh"' not in admin_client.get(RUNS).content
    factories.SyncRunFactory(status=SyncStatus.RUNNING, progress_done=3, progress_total=10)
    content = admin_client.get(RUNS).content.decode()
    assert 'http-equiv="refresh" content="5"' in content
    assert "3 / 10" in content
