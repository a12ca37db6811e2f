"""Roll-up and retention runs are audited like syncs; roll-ups after the first are incremental."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from analytics.models import AccountDailyStats, MetricSnapshot, SyncKind, SyncRun, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from analytics.tasks import apply_retention, rebuild_rollups
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_rollup_run_is_recorded_with_what_it_wrote():
    summary = factories.SummaryFactory(likes=4, comments=1, shares=0, total_engagement=5)
    rebuild_rollups()
    run = SyncRun.objects.get(kind=SyncKind.ROLLUP)
    assert run.status == SyncStatus.OK and run.params["changed_since"] is None
    assert run.params["result"]["account_days"] >= 1
    stats = AccountDailyStats.objects.get(account=summary.post.account, day=timezone.localdate(summary.post.posted_at))
    assert (stats.posts_published, stats.total_engagement) == (1, 5)


def test_second_rollup_only_looks_at_what_changed_since_the_first():
    factories.SummaryFactory()
    rebuild_rollups()
    rebuild_rollups()
    first, second = SyncRun.objects.filter(kind=SyncKind.ROLLUP).order_by("pk")
    assert second.params["changed_since"] is not None
    assert second.params["changed_since"] < first.started_at.isoformat()


def test_retention_run_is_recorded_and_closes_abandoned_runs():
    stuck = factories.SyncRunFactory(status=SyncStatus.RUNNING, finished_at=None)
    SyncRun.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(days=1))
    apply_retention()
    run = SyncRun.objects.get(kind=SyncKind.RETENTION)
    assert run.status == SyncStatus.OK and run.params["result"]["abandoned_runs_closed"] == 1
    stuck.refresh_from_db()
    assert stuck.status == SyncStatus.FAILED and "Abandoned" in stuck.error_message


def test_first_refresh_backfills_the_timeline_from_real_event_times(fake, account):
    sync_account_posts(account)
    post = fake.posts[3]
    fake.notify_favourite(post, post.likers[0], timezone.now() - timedelta(hours=5))
    refresh_account_engagement(account)
    earliest = MetricSnapshot.objects.filter(post__remote_id=post.remote_id).order_by("captured_at").first()
    assert earliest.captured_at < timezone.now() - timedelta(hours=4)
    assert earliest.likes == 1


def test_retention_deletes_old_export_files_and_keeps_recent_ones(settings, tmp_path):
    from django.core.files.base import ContentFile

    from analytics.models import ExportJob

    settings.MEDIA_ROOT = tmp_path
    user = factories.UserFactory()
    old, recent = (ExportJob.objects.create(requested_by=user, dataset="posts", file_format="csv") for _ in range(2))
    for job in (old, recent):
        job.file.save(f"export-{job.pk}.csv", ContentFile(b"a,b\n"))
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    old_path = old.file.path
    apply_retention()
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Path(old_path).exists() and Path(recent.file.path).exists()


def test_rollup_writes_decay_only_for_posts_whose_engagement_changed():
    from analytics.models import PostDecay

    quiet = factories.SummaryFactory().post
    busy = factories.SummaryFactory().post
    rebuild_rollups()
    assert set(PostDecay.objects.values_list("post_id", flat=True)) == {quiet.pk, busy.pk}
    PostDecay.objects.all().delete()
    long_ago = timezone.now() - timedelta(days=1)
    type(quiet).all_objects.filter(pk=quiet.pk).update(first_seen_at=long_ago)
    type(quiet.summary).objects.filter(pk=quiet.summary.pk).update(updated_at=long_ago)
    type(busy).all_objects.filter(pk=busy.pk).update(first_seen_at=long_ago)
    for hours in range(1, 6):
        factories.LikeFactory(post=busy, occurred_at=busy.posted_at + timedelta(hours=hours), time_is_estimate=False)
    busy.summary.updated_at = timezone.now()
    busy.summary.save(update_fields=["updated_at"])

    rebuild_rollups()

    decay = PostDecay.objects.get()
    assert (decay.post_id, decay.timed_events, decay.hours_to_half) == (busy.pk, 5, 3.0)
    assert SyncRun.objects.filter(kind=SyncKind.ROLLUP).order_by("-pk").first().params["result"]["post_decay"] == 1
