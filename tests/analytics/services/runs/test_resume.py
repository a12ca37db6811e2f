"""A 429 costs nothing: what was fetched is stored, the resume takes only the rest without force, a resume
that makes no progress backs off, the chain of resumes is capped, and spent one-off schedules go."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import OrmQ, Schedule

from analytics import tasks
from analytics.models import Like, Post, SyncRun, SyncStatus, SyncTrigger
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]
LIKERS = r"^/api/v1/statuses/([^/]+)/favourited_by$"
FULL_DATE = re.compile(r"resumes at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


@pytest.fixture
def limited(fake, account, settings):
    """Synced; rate-limit pauses are never waited out inside the run."""
    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "max_pause": 0.0}
    sync_account_posts(account)
    return account


def _follow_up(run_id: int) -> SyncRun:
    return SyncRun.objects.get(retry_of_id=run_id)


def test_a_rate_limit_mid_batch_keeps_what_was_fetched(fake, limited, django_capture_on_commit_callbacks):
    fake.status_override[rf"/statuses/{fake.posts[3].remote_id}/favourited_by"] = 429
    with django_capture_on_commit_callbacks(execute=True):
        result = refresh_account_engagement(limited)
    assert result.status == SyncStatus.PARTIAL and FULL_DATE.search(result.message), result.message
    assert Like.objects.count() == sum(len(p.likers) for p in fake.posts[:3])  # posts 0-2 were stored
    follow_up = _follow_up(result.run_id)
    pending = list(Post.objects.filter(remote_id__in=[fake.posts[3].remote_id, fake.posts[4].remote_id])
                   .values_list("pk", flat=True))
    assert sorted(follow_up.params["post_ids"]) == sorted(pending) and follow_up.params["force"] is False
    assert Schedule.objects.get(name=f"resume sync run {follow_up.pk}").schedule_type == Schedule.ONCE


def test_the_resume_takes_only_the_posts_not_done(fake, limited):
    fake.status_override[rf"/statuses/{fake.posts[3].remote_id}/favourited_by"] = 429
    first = refresh_account_engagement(limited)
    fake.status_override.clear()
    before = fake.calls[LIKERS]
    assert tasks.run_sync_run(_follow_up(first.run_id).pk).startswith("ok")
    assert fake.calls[LIKERS] - before == 3  # post 3 (3 likers: 2 pages) and post 4 (none: 1 page) only
    assert Like.objects.count() == sum(len(p.likers) for p in fake.posts)


def test_a_resume_without_progress_backs_off_exponentially(fake, limited, settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "RESUME_BACKOFF_SECONDS": 60}
    fake.status_override[r"favourited_by"] = 429
    run = SyncRun.objects.get(pk=refresh_account_engagement(limited).run_id)
    waits = []
    for _ in range(3):
        waits.append((run.resume_at - run.finished_at).total_seconds())
        follow_up = _follow_up(run.pk)
        tasks.run_sync_run(follow_up.pk)
        run = SyncRun.objects.get(pk=follow_up.pk)
        assert "backing off" in run.error_message
    assert [round(w / 60) for w in waits] == [1, 2, 4]


def test_the_resume_chain_is_capped(fake, limited, settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "RESUME_CHAIN_MAX": 2}
    fake.status_override[r"favourited_by"] = 429
    run_id = refresh_account_engagement(limited).run_id
    for _ in range(2):
        run_id = _follow_up(run_id).pk
        tasks.run_sync_run(run_id)
    last = SyncRun.objects.get(pk=run_id)
    assert last.status == SyncStatus.PARTIAL and "gave up after 2 resumes" in last.error_message
    assert last.resume_at is None and not SyncRun.objects.filter(retry_of=last).exists()
    assert SyncRun.objects.filter(status=SyncStatus.QUEUED).count() == 0


def test_a_spent_one_off_schedule_is_deleted(fake, limited, django_capture_on_commit_callbacks, monkeypatch):
    from django_q import scheduler as django_q_scheduler

    # The scheduler closes old connections, which would close the test's transaction.
    monkeypatch.setattr(django_q_scheduler, "close_old_django_connections", lambda: None)

    fake.status_override[r"favourited_by"] = 429
    with django_capture_on_commit_callbacks(execute=True):
        first = refresh_account_engagement(limited, trigger=SyncTrigger.SCHEDULE)
    Schedule.objects.update(next_run=timezone.now() - timedelta(seconds=1))
    django_q_scheduler.scheduler()
    assert not Schedule.objects.exists()
    assert [q.task["args"] for q in OrmQ.objects.all()] == [(_follow_up(first.run_id).pk,)]


def test_a_follow_up_started_by_hand_removes_its_schedule(fake, limited, django_capture_on_commit_callbacks):
    fake.status_override[r"favourited_by"] = 429
    with django_capture_on_commit_callbacks(execute=True):
        first = refresh_account_engagement(limited)
    fake.status_override.clear()
    tasks.run_sync_run(_follow_up(first.run_id).pk)
    assert not Schedule.objects.exists()


def test_a_spent_run_budget_stores_what_was_fetched_and_resumes_the_rest(fake, limited, monkeypatch):
    from platforms.errors import RunBudgetExceeded
    from platforms.mastodon.client import MastodonClient

    original = MastodonClient.get_likers
    budget_spent_at = fake.posts[2].remote_id

    def get_likers(self, remote_id, **kwargs):
        if remote_id == budget_spent_at:
            raise RunBudgetExceeded("run budget of 600 s spent")
        return original(self, remote_id, **kwargs)

    monkeypatch.setattr(MastodonClient, "get_likers", get_likers)
    result = refresh_account_engagement(limited)
    assert result.status == SyncStatus.PARTIAL and result.message.startswith("Run budget spent; the rest resumes")
    assert Like.objects.count() == sum(len(p.likers) for p in fake.posts[:2])
    assert len(_follow_up(result.run_id).params["post_ids"]) == 3
