"""Reconstruct a new post's past engagement timeline from stored event times (hourly MetricSnapshots).

Only events whose time is real count: likes and shares with `time_is_estimate=False` and comments'
`created_at`. Snapshots are written only before the post's first real snapshot and never overwrite
one, so the reconstructed (lower-bound) counts never undercut what we measured.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min
from django.db.models.functions import TruncHour
from django.utils import timezone

from analytics.models import Comment, Granularity, Like, MetricSnapshot, Share

KINDS = ("likes", "shares", "comments")
BATCH = 1000


@dataclass(frozen=True, slots=True)
class BackfillResult:
    posts: int  # posts that received at least one snapshot
    snapshots_created: int


def backfill_snapshots_from_events(post_ids: Iterable[int], *, max_days: int = 30,
                                   now: datetime | None = None) -> BackfillResult:
    """Write one hourly snapshot per hour with events in the last `max_days` days; returns counts.

    `posts` counts posts given at least one new snapshot candidate; `snapshots_created` is exact.
    """
    post_ids = list(post_ids)
    now = now or timezone.now()
    window_start = now - timedelta(days=max_days)
    hourly = _hourly_event_counts(post_ids, until=now)
    first_real = dict(
        MetricSnapshot.objects.filter(post_id__in=post_ids).values("post_id").annotate(first=Min("captured_at"))
        .values_list("post_id", "first").order_by()
    )
    snapshots = []
    for post_id, by_hour in hourly.items():
        snapshots.extend(_cumulative_snapshots(post_id, by_hour, window_start, first_real.get(post_id), now))
    before = MetricSnapshot.objects.filter(post_id__in=post_ids).count()
    MetricSnapshot.objects.bulk_create(snapshots, batch_size=BATCH, ignore_conflicts=True)
    created = MetricSnapshot.objects.filter(post_id__in=post_ids).count() - before
    return BackfillResult(posts=len({snapshot.post_id for snapshot in snapshots}), snapshots_created=created)


HourlyCounts = dict[int, dict[datetime, dict[str, int]]]


def _hourly_event_counts(post_ids: list[int], *, until: datetime) -> HourlyCounts:
    """{post: {hour: {"likes": n, ...}}} over each post's timed events (one grouped query per kind)."""
    sources = {
        "likes": (Like.objects.filter(time_is_estimate=False, removed_at__isnull=True), "occurred_at"),
        "shares": (Share.objects.filter(time_is_estimate=False, removed_at__isnull=True), "occurred_at"),
        "comments": (Comment.objects.filter(deleted_at__isnull=True), "created_at"),
    }
    counts: HourlyCounts = defaultdict(lambda: defaultdict(dict))
    for kind, (events, time_field) in sources.items():
        rows = (
            events.filter(post_id__in=post_ids, **{f"{time_field}__lt": until})
            .annotate(hour=TruncHour(time_field))
            .values_list("post_id", "hour")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for post_id, hour, n in rows:
            counts[post_id][hour][kind] = n
    return counts


def _cumulative_snapshots(post_id: int, by_hour: dict[datetime, dict[str, int]], window_start: datetime,
                          first_real: datetime | None, now: datetime) -> list[MetricSnapshot]:
    """Running totals at the end of each hour with events, inside the window and before `first_real`."""
    running = dict.fromkeys(KINDS, 0)
    snapshots = []
    for hour in sorted(by_hour):
        for kind in KINDS:
            running[kind] += by_hour[hour].get(kind, 0)
        captured_at = min(hour + timedelta(hours=1), now)
        if captured_at < window_start or (first_real is not None and captured_at >= first_real):
            continue
        snapshots.append(MetricSnapshot(
            post_id=post_id, captured_at=captured_at, granularity=Granularity.HOUR,
            likes=running["likes"], shares=running["shares"], comments=running["comments"],
            total_engagement=sum(running.values()),
        ))
    return snapshots
