"""Time every dashboard page over N synthetic posts, inside a transaction that is rolled back afterwards."""

from __future__ import annotations

import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analytics.models import Account, EngagementSummary, Instance, Post
from analytics.services.maintenance.rollups import rebuild_account_daily_stats, rebuild_hashtag_stats


class Rollback(Exception):
    """Raised to undo the synthetic data."""


class Command(BaseCommand):
    help = "Create N posts with summaries and roll-ups (rolled back afterwards) and time each dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=10000)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, posts: int, repeat: int, **options):
        try:
            with transaction.atomic():
                post_id = self._seed(posts)
                self._time_pages(post_id, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("Synthetic data rolled back.")

    def _seed(self, count: int) -> int:
        started = time.perf_counter()
        now = timezone.now()
        instance = Instance.objects.create(base_url="https://bench.invalid", platform="mastodon")
        accounts = Account.objects.bulk_create(
            Account(instance=instance, platform="mastodon", remote_id=f"bench-{n}", handle=f"bench{n}",
                    access_token="bench-placeholder", followers_count=1000)  # noqa: S106
            for n in range(10)
        )
        rows = Post.objects.bulk_create(
            (Post(account=accounts[n % 10], platform="mastodon", remote_id=f"bench-post-{n}", media_type="image",
                  posted_at=now - timedelta(minutes=37 * n)) for n in range(count)),
            batch_size=1000,
        )
        EngagementSummary.objects.bulk_create(
            (EngagementSummary(post=post, likes=n % 50, comments=n % 7, shares=n % 5,
                               total_engagement=n % 50 + n % 7 + n % 5) for n, post in enumerate(rows)),
            batch_size=1000,
        )
        rebuild_account_daily_stats()
        rebuild_hashtag_stats()
        self.stdout.write(f"Seeded {count} posts in {time.perf_counter() - started:.1f} s.")
        return rows[0].pk

    def _time_pages(self, post_id: int, repeat: int) -> None:
        user = get_user_model().objects.create(username="dashboard-bench", is_staff=True, is_superuser=True)
        client = Client(HTTP_HOST="localhost")  # a host ALLOWED_HOSTS accepts in development
        client.force_login(user)
        pages = {
            "unified": reverse("admin:index"),
            "platform": reverse("admin:admin_dashboards_platform", args=["mastodon"]),
            "comparison": reverse("admin:admin_dashboards_comparison"),
            "post": reverse("admin:admin_dashboards_post_detail", args=[post_id]),
            "hashtags": reverse("admin:admin_dashboards_hashtags"),
            "best time": reverse("admin:admin_dashboards_best_time") + "?period=90",
        }
        self.stdout.write(f"{'page':<12} {'queries':>7} {'best ms':>9} {'worst ms':>9}")
        for name, url in pages.items():
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url, secure=True)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    self.stderr.write(f"{name}: HTTP {response.status_code}")
            self.stdout.write(f"{name:<12} {len(queries):>7} {min(timings):>9.1f} {max(timings):>9.1f}")
