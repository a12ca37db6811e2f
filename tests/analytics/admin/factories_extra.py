"""Bulk builders for the admin tests: many rows of every analytics model, fast (bulk_create, no factories)."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from django.utils import timezone

from analytics import models
from tests import factories


def populate(count: int, *, account=None) -> models.Account:
    """`count` posts (with summaries, a like, a share, a comment, a snapshot, a tag) and `count` sync runs."""
    account = account or factories.AccountFactory()
    batch = uuid4().hex[:8]
    now = timezone.now()
    posts = models.Post.all_objects.bulk_create(
        models.Post(account=account, platform=account.platform, remote_id=f"bulk-{batch}-{i}",
                    caption_text=f"Post number {i}", media_type=models.MediaType.IMAGE,
                    preview_url=f"https://files.example/{i}.jpg", posted_at=now - timedelta(hours=i))
        for i in range(count)
    )
    actors = models.Actor.objects.bulk_create(
        models.Actor(instance=account.instance, remote_id=f"bulk-actor-{batch}-{i}", handle=f"fan{i}")
        for i in range(count)
    )
    pairs = list(zip(posts, actors, strict=True))
    models.EngagementSummary.objects.bulk_create(
        models.EngagementSummary(post=p, likes=i, comments=1, shares=2, total_engagement=i + 3)
        for i, p in enumerate(posts)
    )
    models.Like.objects.bulk_create(models.Like(post=p, actor=a, occurred_at=now) for p, a in pairs)
    models.Share.objects.bulk_create(models.Share(post=p, actor=a, occurred_at=now) for p, a in pairs)
    models.Comment.objects.bulk_create(
        models.Comment(post=p, actor=a, remote_id=f"c{p.pk}", content_text="Nice", created_at=now) for p, a in pairs
    )
    models.MetricSnapshot.objects.bulk_create(models.MetricSnapshot(post=p, captured_at=now) for p in posts)
    tags = models.Hashtag.objects.bulk_create(models.Hashtag(name=f"bulk{batch}x{i}") for i in range(count))
    models.PostHashtag.objects.bulk_create(models.PostHashtag(post=p, hashtag=t) for p, t in zip(posts, tags,
                                                                                                   strict=True))
    models.PostVersion.objects.bulk_create(models.PostVersion(post=p, version_at=now) for p in posts)
    models.HashtagStats.objects.bulk_create(
        models.HashtagStats(hashtag=t, granularity="day", period_start=now) for t in tags)
    first_day = models.AccountDailyStats.objects.filter(account=account).count()
    models.AccountDailyStats.objects.bulk_create(
        models.AccountDailyStats(account=account, day=(now - timedelta(days=first_day + i)).date())
        for i in range(count)
    )
    models.SyncRun.objects.bulk_create(
        models.SyncRun(account=account, kind=models.SyncKind.SYNC_POSTS, trigger=models.SyncTrigger.SCHEDULE,
                       status=models.SyncStatus.FAILED, error_message="boom") for _ in range(count))
    user = factories.UserFactory()
    models.ExportJob.objects.bulk_create(
        models.ExportJob(requested_by=user, dataset="posts", file_format="csv") for _ in range(count))
    models.Instance.objects.bulk_create(models.Instance(base_url=f"https://bulk{batch}-{i}.example",
                                                        platform="mastodon") for i in range(count))
    rule = models.AlertRule.objects.get_or_create(name="Taking off", defaults={"kind": "taking_off"})[0]
    models.Alert.objects.bulk_create(models.Alert(rule=rule, subject_key=f"post:{batch}:{i}", fired_at=now)
                                     for i in range(count))
    reports = models.Report.objects.bulk_create(models.Report(name=f"Report {batch} {i}") for i in range(count))
    models.ReportDelivery.objects.bulk_create(models.ReportDelivery(report=r, slot=now) for r in reports)
    users = [factories.UserFactory() for _ in range(min(count, 20))]  # preferences: one per user
    models.UserPreferences.objects.bulk_create(models.UserPreferences(user=u, time_zone="Europe/Berlin")
                                               for u in users)
    return account
