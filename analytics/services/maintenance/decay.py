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

from django.db import connection, transaction
from django.utils import timezone

from analytics.models import CURVE_HOURS, Comment, EngagementSummary, Like, Post, PostDecay, Share

BATCH = 500


@dataclass(frozen=True, slots=True)
class DecayFigures:
    timed_events: int
    hours_to_half: float | None
    hours_to_ninety: float | None
    shares: tuple[float | None, ...]  # one per CURVE_HOURS


def decay_figures(posted_at: datetime, event_times: Iterable[datetime]) -> DecayFigures:
    """The figures for one post; an event stamped before publication (clock skew) counts as at hour 0.
    Unrounded (pages round): the SQL path computes the same doubles, so both paths store equal values."""
    hours = sorted(max((at - posted_at).total_seconds() / 3600, 0.0) for at in event_times)
    if not hours:
        return DecayFigures(0, None, None, tuple(None for _ in CURVE_HOURS))
    count = len(hours)

    def reached(fraction: float) -> float:
        return hours[math.ceil(fraction * count) - 1]

    shares = tuple(sum(1 for h in hours if h <= mark) / count for mark in CURVE_HOURS)
    return DecayFigures(count, reached(0.5), reached(0.9), shares)


def rebuild_post_decay(*, post_ids: Iterable[int] | None = None, changed_since: datetime | None = None) -> int:
    """Recompute PostDecay for the given posts (or those whose summary changed or that were first seen since;
    else every post). Returns the rows written."""
    if post_ids is None and changed_since is not None:
        post_ids = changed_post_ids(changed_since)
    if connection.vendor == "postgresql":
        return _rebuild_in_sql(None if post_ids is None else sorted(set(post_ids)))
    posts = Post.objects.all() if post_ids is None else Post.objects.filter(pk__in=list(post_ids))
    ids = list(posts.order_by("pk").values_list("pk", "posted_at"))
    return sum(_rebuild_batch(dict(ids[start:start + BATCH])) for start in range(0, len(ids), BATCH))


def changed_post_ids(since: datetime) -> set[int]:
    """Two reads through their own indexes (summary_by_updated_at, post_by_first_seen_at): one OR across
    the summary join made PostgreSQL scan both 1M-row tables."""
    by_summary = EngagementSummary.objects.filter(updated_at__gte=since).values_list("post_id", flat=True)
    first_seen = Post.objects.filter(first_seen_at__gte=since).values_list("pk", flat=True)
    return set(by_summary) | set(first_seen)


def _rebuild_batch(posted: dict[int, datetime]) -> int:
    figures = _figures_in_python(posted)
    now = timezone.now()
    rows = []
    for post_id, (found, estimated) in figures.items():
        curve = {f"share_{mark}h": share for mark, share in zip(CURVE_HOURS, found.shares, strict=True)}
        rows.append(PostDecay(post_id=post_id, timed_events=found.timed_events, estimated_events=estimated,
                              hours_to_half=found.hours_to_half, hours_to_ninety=found.hours_to_ninety,
                              computed_at=now, **curve))
    PostDecay.objects.bulk_create(rows, batch_size=BATCH, update_conflicts=True, unique_fields=["post"],
                                  update_fields=_FIELDS)
    return len(rows)


_SHARES = [f"share_{int(mark)}h" for mark in CURVE_HOURS]
_FIELDS = ["timed_events", "estimated_events", "hours_to_half", "hours_to_ninety", *_SHARES, "computed_at"]
SQL_ID_BATCH = 20_000  # changed posts per statement
SQL_ID_SPAN = 50_000  # post ids per statement in a full rebuild: an index range over each event table

# PostgreSQL: one INSERT ... SELECT ... ON CONFLICT per batch, one pass over each event table and one sort
# (ordered-set aggregates sorted each post's events apart: 1M small sorts took 40 s at 1M posts). Each post's
# timed events are ranked by hour: the 50 % mark is the event ranked ceil(0.5 x n), i.e. hours[ceil(f x n) - 1]
# with the same double arithmetic, and the shares are count/n in doubles: the same definition, and the same
# values, as decay_figures(). Only this module's constants are interpolated; ids, bounds, times are parameters.
_TIMED = "FILTER (WHERE NOT r.estimate)"
_UPSERT = (
    "INSERT INTO analytics_postdecay (post_id, " + ", ".join(_FIELDS) + ") "  # noqa: S608
    "SELECT p.id, COALESCE(t.timed, 0), COALESCE(t.estimated, 0), t.half, t.ninety, "
    + ", ".join(f"t.{share}" for share in _SHARES) + ", %(now)s "
    "FROM analytics_post p LEFT JOIN ("
    f" SELECT r.post_id, COUNT(*) {_TIMED} AS timed, COUNT(*) FILTER (WHERE r.estimate) AS estimated,"
    "  MAX(r.h) FILTER (WHERE NOT r.estimate AND r.k = CEIL(0.5::float8 * r.n)) AS half,"
    "  MAX(r.h) FILTER (WHERE NOT r.estimate AND r.k = CEIL(0.9::float8 * r.n)) AS ninety, "
    + ", ".join(f"COUNT(*) FILTER (WHERE NOT r.estimate AND r.h <= {int(mark)})::float8"
                f" / NULLIF(COUNT(*) {_TIMED}, 0) AS share_{int(mark)}h" for mark in CURVE_HOURS)
    + " FROM (SELECT e.post_id, e.estimate, e.h,"
    "   ROW_NUMBER() OVER (PARTITION BY e.post_id, e.estimate ORDER BY e.h) AS k,"
    "   COUNT(*) OVER (PARTITION BY e.post_id, e.estimate) AS n"
    "  FROM (SELECT ev.post_id, ev.estimate,"
    "    GREATEST(EXTRACT(EPOCH FROM ev.at - ep.posted_at)::float8 / 3600.0, 0.0) AS h"
    "   FROM (SELECT post_id, occurred_at AS at, time_is_estimate AS estimate FROM analytics_like"
    "         WHERE {scope} AND removed_at IS NULL"
    "         UNION ALL SELECT post_id, occurred_at, time_is_estimate FROM analytics_share"
    "         WHERE {scope} AND removed_at IS NULL"
    "         UNION ALL SELECT post_id, created_at, FALSE FROM analytics_comment"
    "         WHERE {scope} AND deleted_at IS NULL) ev"
    "   JOIN analytics_post ep ON ep.id = ev.post_id AND {post_join}) e) r"
    " GROUP BY r.post_id) t ON t.post_id = p.id "
    "WHERE p.deleted_at IS NULL AND {post_scope} "
    "ON CONFLICT (post_id) DO UPDATE SET " + ", ".join(f"{field} = EXCLUDED.{field}" for field in _FIELDS)
)
_BY_IDS = _UPSERT.format(scope="post_id = ANY(%(ids)s)", post_scope="p.id = ANY(%(ids)s)",
                         post_join="ep.id = ANY(%(ids)s)")
_BY_SPAN = _UPSERT.format(scope="post_id BETWEEN %(low)s AND %(high)s", post_scope="p.id BETWEEN %(low)s AND %(high)s",
                          post_join="ep.id BETWEEN %(low)s AND %(high)s")
# Per statement: JIT compiling cost 0.26 s of each span, and a span's sort (1.1M events at 1M posts) spilled
# to disk below 256 MB (the server's own memory, for one statement; the Python side holds nothing).
_SESSION = "SET LOCAL jit = off; SET LOCAL work_mem = '256MB'"


def _rebuild_in_sql(post_ids: list[int] | None) -> int:
    now = timezone.now()
    if post_ids is not None:
        return sum(_execute(_BY_IDS, {"ids": post_ids[start:start + SQL_ID_BATCH], "now": now})
                   for start in range(0, len(post_ids), SQL_ID_BATCH))
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM analytics_post WHERE deleted_at IS NULL")
        low, high = cursor.fetchone()
    return sum(_execute(_BY_SPAN, {"low": start, "high": start + SQL_ID_SPAN - 1, "now": now})
               for start in range(low or 0, (high or -1) + 1, SQL_ID_SPAN))


def _execute(statement: str, params: dict) -> int:
    """One batch in its own short transaction, so SET LOCAL applies to it alone."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_SESSION)
        cursor.execute(statement, params)
        return cursor.rowcount


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
