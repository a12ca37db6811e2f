"""Post decay figures (PostDecay), rebuilt by the roll-up job for posts whose engagement changed.

For each post: the hours after publication at which 50 % and 90 % of its engagement had arrived, and the
cumulative share at fixed hours, from the events whose time the platform reported (likes and shares with
`time_is_estimate=False`, every comment's `created_at`). Removed likes and shares and deleted comments are
left out: the figures describe the engagement the post holds now. The Decay page reads these rows only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from analytics.models import CURVE_HOURS, Comment, Like, Post, PostDecay, Share

BATCH = 500


@dataclass(frozen=True, slots=True)
class DecayFigures:
    timed_events: int
    hours_to_half: float | None
    hours_to_ninety: float | None
    shares: tuple[float | None, ...]  # one per CURVE_HOURS


def decay_figures(posted_at: datetime, event_times: Iterable[datetime]) -> DecayFigures:
    """The figures for one post; an event stamped before publication (clock skew) counts as at hour 0."""
    hours = sorted(max((at - posted_at).total_seconds() / 3600, 0.0) for at in event_times)
    if not hours:
        return DecayFigures(0, None, None, tuple(None for _ in CURVE_HOURS))
    count = len(hours)

    def reached(fraction: float) -> float:
        return round(hours[math.ceil(fraction * count) - 1], 2)

    shares = tuple(round(sum(1 for h in hours if h <= mark) / count, 4) for mark in CURVE_HOURS)
    return DecayFigures(count, reached(0.5), reached(0.9), shares)


def rebuild_post_decay(*, post_ids: Iterable[int] | None = None, changed_since: datetime | None = None) -> int:
    """Recompute PostDecay for the given posts (or those whose summary changed since; else all). Returns rows."""
    posts = Post.objects.all()
    if post_ids is not None:
        posts = posts.filter(pk__in=list(post_ids))
    elif changed_since is not None:
        posts = posts.filter(Q(summary__updated_at__gte=changed_since) | Q(first_seen_at__gte=changed_since))
    written = 0
    ids = list(posts.order_by("pk").values_list("pk", "posted_at"))
    for start in range(0, len(ids), BATCH):
        written += _rebuild_batch(dict(ids[start:start + BATCH]))
    return written


def _rebuild_batch(posted: dict[int, datetime]) -> int:
    figures = _figures_in_sql(posted) if connection.vendor == "postgresql" else _figures_in_python(posted)
    now = timezone.now()
    rows = []
    for post_id, (found, estimated) in figures.items():
        curve = {f"share_{mark}h": share for mark, share in zip(CURVE_HOURS, found.shares, strict=True)}
        rows.append(PostDecay(post_id=post_id, timed_events=found.timed_events, estimated_events=estimated,
                              hours_to_half=found.hours_to_half, hours_to_ninety=found.hours_to_ninety,
                              computed_at=now, **curve))
    fields = ["timed_events", "estimated_events", "hours_to_half", "hours_to_ninety", "computed_at",
              *(f"share_{mark}h" for mark in CURVE_HOURS)]
    PostDecay.objects.bulk_create(rows, batch_size=BATCH, update_conflicts=True, unique_fields=["post"],
                                  update_fields=fields)
    return len(rows)


# PostgreSQL: one grouped statement per batch. PERCENTILE_DISC(f) is the first value whose cumulative share
# reaches f, i.e. hours[ceil(f x n) - 1], the same definition as decay_figures() in Python.
_EVENT_HOURS = """
    SELECT e.post_id, GREATEST(EXTRACT(EPOCH FROM e.at - p.posted_at) / 3600.0, 0) AS h
    FROM (SELECT post_id, occurred_at AS at FROM analytics_like
          WHERE post_id = ANY(%(ids)s) AND removed_at IS NULL AND NOT time_is_estimate
          UNION ALL
          SELECT post_id, occurred_at FROM analytics_share
          WHERE post_id = ANY(%(ids)s) AND removed_at IS NULL AND NOT time_is_estimate
          UNION ALL
          SELECT post_id, created_at FROM analytics_comment WHERE post_id = ANY(%(ids)s) AND deleted_at IS NULL) e
    JOIN analytics_post p ON p.id = e.post_id
"""
_ESTIMATED = """
    SELECT post_id, COUNT(*) FROM (
        SELECT post_id FROM analytics_like WHERE post_id = ANY(%(ids)s) AND removed_at IS NULL AND time_is_estimate
        UNION ALL
        SELECT post_id FROM analytics_share WHERE post_id = ANY(%(ids)s) AND removed_at IS NULL AND time_is_estimate
    ) e GROUP BY post_id
"""


# Only the integer constants of CURVE_HOURS and the fixed text above are interpolated; ids are parameters.
_FIGURES = (
    "SELECT post_id, COUNT(*), PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY h), "  # noqa: S608
    "PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY h), "
    + ", ".join(f"AVG(CASE WHEN h <= {int(mark)} THEN 1.0 ELSE 0.0 END)" for mark in CURVE_HOURS)
    + f" FROM ({_EVENT_HOURS}) hours GROUP BY post_id"
)


def _figures_in_sql(posted: dict[int, datetime]) -> dict[int, tuple[DecayFigures, int]]:
    ids = {"ids": list(posted)}
    with connection.cursor() as cursor:
        cursor.execute(_FIGURES, ids)
        timed = {row[0]: DecayFigures(row[1], round(float(row[2]), 2), round(float(row[3]), 2),
                                      tuple(round(float(share), 4) for share in row[4:]))
                 for row in cursor.fetchall()}
        cursor.execute(_ESTIMATED, ids)
        estimated = dict(cursor.fetchall())
    empty = decay_figures(datetime.min, ())
    return {post_id: (timed.get(post_id, empty), estimated.get(post_id, 0)) for post_id in posted}


def _figures_in_python(posted: dict[int, datetime]) -> dict[int, tuple[DecayFigures, int]]:
    timed: dict[int, list[datetime]] = defaultdict(list)
    estimated: dict[int, int] = defaultdict(int)
    for model in (Like, Share):
        rows = model.objects.filter(post_id__in=posted, removed_at__isnull=True)
        for post_id, at, is_estimate in rows.values_list("post_id", "occurred_at", "time_is_estimate").iterator(2000):
            if is_estimate:
                estimated[post_id] += 1
            else:
                timed[post_id].append(at)
    comments = Comment.objects.filter(post_id__in=posted, deleted_at__isnull=True)
    for post_id, at in comments.values_list("post_id", "created_at").iterator(2000):
        timed[post_id].append(at)
    return {post_id: (decay_figures(posted_at, timed.get(post_id, ())), estimated.get(post_id, 0))
            for post_id, posted_at in posted.items()}
