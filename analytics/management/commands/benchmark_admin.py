"""Time the posts changelist at scale: bulk-create N posts with summaries, then request the page a few times."""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.urls import reverse

from analytics.models import Account, Instance, Post

PREFIX = "bench-"
PLATFORMS = ("mastodon", "pixelfed", "instagram")
SCENARIOS = {
    "unfiltered": "",
    "platform=instagram": "platform__exact=instagram",
    "sorted by likes": "o=-6",
    "sorted by total": "o=-9",
    "has comments": "has_comments=yes",
    "engagement 100-200": "summary__total_engagement_from=100&summary__total_engagement_to=200",
    "last 30 days + platform": "platform__exact=mastodon&posted_at_from={month_ago}",
    "page 200": "p=200",
}


class Command(BaseCommand):
    help = "Bulk-create benchmark posts (PostgreSQL: generate_series) and time the posts changelist."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=1_000_000)
        parser.add_argument("--accounts", type=int, default=30)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--per-page", type=int, nargs="+", default=[50, 500])

    def handle(self, *args, posts: int, accounts: int, repeat: int, per_page: list[int], **options):
        from analytics.admin.posts import PostAdmin

        self._seed(posts, accounts)
        client = self._client()
        url = reverse("admin:analytics_post_changelist")
        month_ago = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 30 * 86400))
        for size in per_page:
            PostAdmin.list_per_page = size
            self.stdout.write(f"{Post.all_objects.count():,} posts; {size} per page; {repeat} requests each")
            for name, query in SCENARIOS.items():
                self._time(client, f"{url}?{query.format(month_ago=month_ago)}", name, repeat)

    def _seed(self, posts: int, accounts: int) -> None:
        existing = Post.all_objects.filter(remote_id__startswith=PREFIX).count()
        if existing >= posts:
            self.stdout.write(f"reusing {existing:,} benchmark posts")
            return
        account_ids = self._accounts(accounts)
        started = time.perf_counter()
        if connection.vendor != "postgresql":
            raise SystemExit("benchmark_admin seeds with generate_series: point DATABASE_URL at PostgreSQL")
        with connection.cursor() as cursor:
            cursor.execute(_POSTS_SQL, [account_ids, existing + 1, posts])
            cursor.execute(_SUMMARIES_SQL, [PREFIX + "%"])
            cursor.execute("ANALYZE analytics_post; ANALYZE analytics_engagementsummary;")
        self.stdout.write(f"created {posts - existing:,} posts + summaries in {time.perf_counter() - started:.1f} s")

    def _accounts(self, count: int) -> list[int]:
        ids = []
        for i in range(count):
            platform = PLATFORMS[i % len(PLATFORMS)]
            instance, _ = Instance.objects.get_or_create(base_url=f"https://{platform}.bench.example",
                                                         defaults={"platform": platform})
            account, _ = Account.objects.get_or_create(
                instance=instance, remote_id=f"{PREFIX}{i}",
                defaults={"platform": platform, "handle": f"{PREFIX}{i}", "followers_count": 1000 + i})
            ids.append(account.pk)
        return ids

    def _client(self) -> Client:
        user, _ = get_user_model().objects.get_or_create(
            username="benchmark-admin", defaults={"is_staff": True, "is_superuser": True})
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        return client

    def _time(self, client: Client, url: str, name: str, repeat: int) -> None:
        executed = []
        with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
            response = client.get(url, secure=True)  # also warms caches
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        self.stdout.write(f"{name:28} median {statistics.median(timings):7.1f} ms  "
                          f"min {min(timings):7.1f}  max {max(timings):7.1f}  queries {len(executed)}")


_POSTS_SQL = """
WITH accounts AS (
    SELECT id, platform, row_number() OVER (ORDER BY id) - 1 AS idx FROM analytics_account WHERE id = ANY(%s)
), numbers AS (
    SELECT g, g %% (SELECT count(*) FROM accounts) AS idx FROM generate_series(%s::bigint, %s::bigint) AS g
)
INSERT INTO analytics_post (account_id, platform, remote_id, url, caption_html, caption_text, media_type,
    media_url, preview_url, media_count, posted_at, language, visibility, first_seen_at, last_seen_at)
SELECT a.id, a.platform, 'bench-' || n.g, 'https://social.example/p/' || n.g, '',
    'Benchmark post ' || n.g || ' #tag' || (n.g %% 100), (ARRAY['image', 'video', 'carousel'])[1 + n.g %% 3],
    '', 'https://files.example/' || n.g || '.jpg', 1, now() - make_interval(mins => n.g::int), 'en', 'public',
    now(), now()
FROM numbers n JOIN accounts a ON a.idx = n.idx
"""

_SUMMARIES_SQL = """
INSERT INTO analytics_engagementsummary (post_id, likes, comments, shares, total_engagement, known_likers,
    known_sharers, known_comments, updated_at)
SELECT p.id, (p.id * 7) %% 500, (p.id * 3) %% 20, (p.id * 5) %% 50,
    (p.id * 7) %% 500 + (p.id * 3) %% 20 + (p.id * 5) %% 50, 0, 0, 0, now()
FROM analytics_post p WHERE p.remote_id LIKE %s
ON CONFLICT (post_id) DO NOTHING
"""
