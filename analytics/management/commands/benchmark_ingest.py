"""`manage.py benchmark_ingest`: how fast likes are ingested — the bulk path the sync engine uses against
per-row `get_or_create`, in the same run, on the database DATABASE_URL names (`make bench`: throwaway PostgreSQL).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from analytics.models import Account, Actor, Instance, Like, Post
from analytics.services.refresh.engagers import EngagerBatch, store_engagers
from platforms.base import RemoteActor

BENCH_URL = "https://benchmark.invalid"


class Command(BaseCommand):
    help = "Benchmark like ingestion: bulk upserts (the sync engine's path) vs per-row get_or_create."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--posts", type=int, default=1000)
        parser.add_argument("--likes-per-post", type=int, default=100)
        parser.add_argument("--audience", type=int, default=20000, help="Distinct likers across all posts.")
        parser.add_argument("--per-row-likes", type=int, default=5000,
                            help="How many likes the per-row baseline ingests (it is slow; the rate is compared).")

    def handle(self, *args, **options) -> None:
        self._cleanup()
        account = self._account()
        posts = self._posts(account, options["posts"])
        likers = self._likers(posts, options["likes_per_post"], options["audience"])
        total = sum(len(group) for group in likers.values())
        self.stdout.write(f"database: {connection.vendor}; {len(posts)} posts, {total} likes, "
                          f"{options['audience']} distinct likers")

        bulk_seconds = self._bulk(account, posts, likers)
        assert Like.objects.filter(post__account=account).count() == total
        rerun_seconds = self._bulk(account, posts, likers)
        self._cleanup()

        account = self._account()
        posts = self._posts(account, options["posts"])
        sample = self._sample(likers, options["per_row_likes"], posts)
        per_row_seconds = self._per_row(account, sample)
        sampled = sum(len(group) for group in sample.values())
        self._cleanup()

        bulk_rate, per_row_rate = total / bulk_seconds, sampled / per_row_seconds
        self.stdout.write(f"bulk upsert (store_engagers, 50 posts a batch): {total} likes in {bulk_seconds:.2f} s "
                          f"= {bulk_rate:,.0f} likes/s")
        self.stdout.write(f"bulk re-run with nothing new (idempotent): {rerun_seconds:.2f} s")
        self.stdout.write(f"per-row get_or_create (actor + like): {sampled} likes in {per_row_seconds:.2f} s "
                          f"= {per_row_rate:,.0f} likes/s (projected {total / per_row_rate:.0f} s for {total})")
        self.stdout.write(self.style.SUCCESS(f"speed-up: {bulk_rate / per_row_rate:.1f}x"))

    def _cleanup(self) -> None:
        """Only the benchmark's own rows: its account (cascading to posts and likes), then its instance."""
        Account.objects.filter(instance__base_url=BENCH_URL).delete()
        Instance.objects.filter(base_url=BENCH_URL).delete()

    def _account(self) -> Account:
        instance = Instance.objects.create(base_url=BENCH_URL, platform="mastodon")
        return Account.objects.create(instance=instance, platform="mastodon", remote_id="bench", handle="bench",
                                      access_token="not-used", followers_count=1000)  # noqa: S106

    def _posts(self, account: Account, count: int) -> list[Post]:
        now = timezone.now()
        Post.all_objects.bulk_create([
            Post(account=account, platform="mastodon", remote_id=f"bench-{n}", media_type="image",
                 posted_at=now - timedelta(hours=n)) for n in range(count)
        ], batch_size=2000)
        return list(Post.all_objects.filter(account=account).order_by("pk"))

    def _likers(self, posts: list[Post], per_post: int, audience: int) -> dict[int, list[RemoteActor]]:
        # Distinct within a post, overlapping across posts, like a real audience.
        ids = {post.pk: [(i * 7919 + k) % audience for k in range(per_post)] for i, post in enumerate(posts)}
        return {pk: [RemoteActor(remote_id=f"fan-{n}", handle=f"fan{n}") for n in numbers]
                for pk, numbers in ids.items()}

    def _bulk(self, account: Account, posts: list[Post], likers: dict[int, list[RemoteActor]]) -> float:
        remote_ids = {post.pk: post.remote_id for post in posts}
        started = time.perf_counter()
        for start in range(0, len(posts), 50):
            batch = EngagerBatch()
            for post in posts[start:start + 50]:
                batch.remote_ids[post.pk] = remote_ids[post.pk]
                batch.likers[post.pk] = likers[post.pk]
            with transaction.atomic():
                store_engagers(account, batch, {}, now=timezone.now())
        return time.perf_counter() - started

    def _sample(self, likers, wanted: int, posts: list[Post]) -> dict[int, list[RemoteActor]]:
        sample, taken = {}, 0
        for post, (_, group) in zip(posts, likers.items(), strict=False):
            if taken >= wanted:
                break
            sample[post.pk] = group[: wanted - taken]
            taken += len(sample[post.pk])
        return sample

    def _per_row(self, account: Account, sample: dict[int, list[RemoteActor]]) -> float:
        now = timezone.now()
        started = time.perf_counter()
        for post_id, group in sample.items():
            for remote in group:
                actor, _ = Actor.objects.get_or_create(instance_id=account.instance_id, remote_id=remote.remote_id,
                                                       defaults={"handle": remote.handle})
                Like.objects.get_or_create(post_id=post_id, actor=actor, defaults={"occurred_at": now})
        return time.perf_counter() - started

