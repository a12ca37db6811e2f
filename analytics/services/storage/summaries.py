"""Cached engagement summaries and metric snapshots, written set-based for a batch of posts.

Comments have one definition (analytics.selectors.glossary): every comment in the post's thread, replies to
replies included. The platform's own count (direct replies only on Mastodon and Pixelfed) is kept beside it
in `platform_comments`; `comments` is the larger of that and the live comments we store, so the tile, the
thread, the snapshots, the roll-ups and the exports all read the same number.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db.models import Count, F, FloatField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest, NullIf
from django.utils import timezone

from analytics.models import Comment, EngagementSummary, Like, MetricSnapshot, Post, Share
from platforms.base import RemoteMetrics

METRIC_FIELDS = ("likes", "comments", "shares", "quotes", "views", "reach", "saved")


def _count_subquery(model, **filters) -> Coalesce:
    counted = (model.objects.filter(post_id=OuterRef("post_id"), **filters).order_by()
               .values("post_id").annotate(n=Count("*")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _values(metrics: RemoteMetrics, previous: EngagementSummary | None) -> dict:
    """Counts the platform did not report keep their last known value (hidden is not zero)."""
    values = {}
    for name in METRIC_FIELDS:
        reported = getattr(metrics, name)
        kept = "platform_comments" if name == "comments" else name
        values[name] = reported if reported is not None else (getattr(previous, kept) if previous else None)
    values["platform_comments"] = values["comments"]
    values["comments"] = canonical_comments(values["comments"], previous.known_comments if previous else 0)
    return values


def canonical_comments(platform_count: int | None, stored: int) -> int | None:
    """The one "Comments" number: the larger of the platform's count and the live comments stored."""
    if platform_count is None and not stored:
        return None
    return max(platform_count or 0, stored)


def _known_total(values: dict) -> int:
    return sum(values[name] or 0 for name in ("likes", "comments", "shares"))


def record_metrics(metrics_by_post: Mapping[int, RemoteMetrics], *, now: datetime | None = None) -> set[int]:
    """Store fresh platform counts; write a snapshot for each post whose counts moved. Returns those post ids."""
    if not metrics_by_post:
        return set()
    now = now or timezone.now()
    previous = EngagementSummary.objects.in_bulk(list(metrics_by_post))
    rows, snapshots, changed = [], [], set()
    for post_id, metrics in metrics_by_post.items():
        before = previous.get(post_id)
        values = _values(metrics, before)
        total = _known_total(values)
        moved = before is None or any(getattr(before, k) != values[k] for k in (*METRIC_FIELDS, "platform_comments"))
        insights_at = now if metrics.views is not None else getattr(before, "insights_fetched_at", None)
        rows.append(EngagementSummary(post_id=post_id, total_engagement=total, counts_fetched_at=now,
                                      insights_fetched_at=insights_at, updated_at=now, **values))
        if moved:
            changed.add(post_id)
            snapshots.append(MetricSnapshot(post_id=post_id, captured_at=now, total_engagement=total,
                                            likes=values["likes"] or 0, comments=values["comments"] or 0,
                                            shares=values["shares"] or 0, views=values["views"],
                                            reach=values["reach"], saved=values["saved"]))
    update_fields = [*METRIC_FIELDS, "platform_comments", "total_engagement", "counts_fetched_at",
                     "insights_fetched_at", "updated_at"]
    EngagementSummary.objects.bulk_create(rows, update_conflicts=True, unique_fields=["post"],
                                          update_fields=update_fields)
    MetricSnapshot.objects.bulk_create(snapshots, ignore_conflicts=True)
    _ensure_first_snapshots(metrics_by_post.keys() - changed, now)
    return changed


def _ensure_first_snapshots(post_ids, now: datetime) -> None:
    """A post whose summary came from the first sync still needs one snapshot to start its timeline."""
    missing = set(post_ids) - set(
        MetricSnapshot.objects.filter(post_id__in=list(post_ids)).values_list("post_id", flat=True).distinct()
    )
    if not missing:
        return
    MetricSnapshot.objects.bulk_create([
        MetricSnapshot(post_id=s.post_id, captured_at=now, likes=s.likes or 0, comments=s.comments or 0,
                       shares=s.shares or 0,
                       total_engagement=s.total_engagement, views=s.views, reach=s.reach, saved=s.saved)
        for s in EngagementSummary.objects.filter(post_id__in=missing)
    ], ignore_conflicts=True)


def refresh_known_counts(post_ids, *, engagers_fetched: bool, comments_fetched: bool,
                         now: datetime | None = None) -> int:
    """Two UPDATEs for the batch: stored-event counts, the comments (see the module docstring), the total and
    the rate from the events themselves; then this run's snapshots catch up with the comments found."""
    post_ids = list(post_ids)
    if not post_ids:
        return 0
    now = now or timezone.now()
    followers = Post.all_objects.filter(pk=OuterRef("post_id")).values("account__followers_count")[:1]
    stored_comments = _count_subquery(Comment, deleted_at__isnull=True)
    # NULL stays NULL (not reported, nothing stored): -1 marks "unknown" through GREATEST.
    comments = NullIf(Greatest(Coalesce(F("platform_comments"), Value(-1)),
                               Coalesce(NullIf(stored_comments, Value(0)), Value(-1))), Value(-1))
    total = Coalesce(F("likes"), Value(0)) + Coalesce(comments, Value(0)) + Coalesce(F("shares"), Value(0))
    fields = {
        "known_likers": _count_subquery(Like, removed_at__isnull=True),
        "known_sharers": _count_subquery(Share, removed_at__isnull=True),
        "known_comments": stored_comments,
        "comments": comments,
        "total_engagement": total,
        "engagement_rate": Cast(total, FloatField()) / NullIf(Cast(Subquery(followers), FloatField()), Value(0.0)),
        "updated_at": Value(now),
    }
    if engagers_fetched:
        fields["engagers_fetched_at"] = Value(now)
    if comments_fetched:
        fields["comments_fetched_at"] = Value(now)
    updated = EngagementSummary.objects.filter(Q(post_id__in=post_ids)).update(**fields)
    _raise_run_snapshots(post_ids)
    return updated


def _raise_run_snapshots(post_ids: list[int]) -> None:
    """Snapshots taken since the counts were last fetched get the thread's comments, so a timeline never
    falls from what the events show (the backfill) to the platform's direct-replies count."""
    summary = EngagementSummary.objects.filter(post_id=OuterRef("post_id"))
    fetched_at = Subquery(summary.values("counts_fetched_at")[:1])
    comments = Subquery(summary.values("comments")[:1], output_field=IntegerField())
    (MetricSnapshot.objects.filter(post_id__in=post_ids, captured_at__gte=fetched_at, comments__lt=comments)
     .update(comments=comments, total_engagement=F("likes") + F("shares") + comments))
