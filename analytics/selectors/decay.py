"""Decay: how fast engagement arrives after publication, read from PostDecay (written by the roll-up job).

Medians of the hours to 50 % and 90 % by platform and media type, and the average cumulative curve per
platform, over the period's live posts that have at least MIN_TIMED_EVENTS events with a real time.
One read on PostgreSQL (GROUPING SETS, PERCENTILE_CONT); other databases take three, the median through
the aggregate SQLite is taught (analytics.selectors.aggregates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count, F, Q, Sum

from analytics.models import CURVE_HOURS, MediaType, PostDecay
from analytics.selectors.aggregates import Median
from analytics.selectors.capabilities import platform_info
from analytics.selectors.periods import Period
from analytics.selectors.scope import posted_in, scoped

# Fewer timed events than this make "time to 50 %" the time of one or two people: left out.
MIN_TIMED_EVENTS = 5


@dataclass(frozen=True, slots=True)
class DecayGroup:
    platform: str
    platform_label: str
    media_type: str
    media_label: str
    posts: int
    median_hours_to_half: float | None
    median_hours_to_ninety: float | None


@dataclass(frozen=True, slots=True)
class DecayCurve:
    platform: str
    label: str
    posts: int
    shares: list[float | None]  # average cumulative share (0..1) at CURVE_HOURS


@dataclass(frozen=True, slots=True)
class DecayOverview:
    groups: list[DecayGroup]
    curves: list[DecayCurve]
    hours: tuple[int, ...]
    estimated_events: int  # events left out because their time is an estimate

    @property
    def posts(self) -> int:
        return sum(group.posts for group in self.groups)


def post_decay(period: Period, *, platform: str | None = None,
               accounts: Sequence[int] | None = None) -> DecayOverview:
    rows = scoped(PostDecay.objects.filter(**posted_in(period, prefix="post__")), platform=platform,
                  accounts=accounts, platform_field="post__platform", account_field="post__account_id")
    return (_in_one_read if connection.vendor == "postgresql" else _in_three_reads)(rows)


def _in_three_reads(rows) -> DecayOverview:
    """The estimated events, the curves, then the medians (SQLite, which has no GROUPING SETS)."""
    estimated = rows.aggregate(n=Sum("estimated_events"))["n"] or 0
    rows = rows.filter(timed_events__gte=MIN_TIMED_EVENTS)
    curve_fields = {f"share_{mark}h": Avg(f"share_{mark}h") for mark in CURVE_HOURS}
    curves = [
        _curve(row["post__platform"], row["n"], [row[f"share_{mark}h"] for mark in CURVE_HOURS])
        for row in rows.values("post__platform").annotate(n=Count("pk"), **curve_fields).order_by("post__platform")
    ]
    return DecayOverview(groups=_groups(rows), curves=curves, hours=CURVE_HOURS, estimated_events=estimated)


# The rows' query is Django's, compiled with its own parameters; nothing else is formatted in. Grouped by
# platform and media type (medians), by platform (curves) and not at all (events with estimated times).
_ONE_READ = (
    "SELECT platform, media_type, GROUPING(platform, media_type), COUNT(*) FILTER (WHERE timed), "
    "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY hours_to_half) FILTER (WHERE timed), "
    "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY hours_to_ninety) FILTER (WHERE timed), "
    "SUM(estimated_events), {curves} FROM ({rows}) AS decay "
    "GROUP BY GROUPING SETS ((platform, media_type), (platform), ()) ORDER BY platform, media_type"
)


def _in_one_read(rows) -> DecayOverview:
    """PostgreSQL: the medians, the curves and the estimated events from one read of the period's rows
    (GROUPING SETS; the medians and curves over the posts with enough timed events, via FILTER). At 1M posts
    the 365-day range's first request took 1.41-1.48 s with three reads and 1.19 s with this one, which
    alone takes 1.04 s (30 days: 0.17 s)."""
    values = rows.annotate(platform=F("post__platform"), media_type=F("post__media_type"),
                           timed=Q(timed_events__gte=MIN_TIMED_EVENTS)).values(
        "platform", "media_type", "timed", "hours_to_half", "hours_to_ninety", "estimated_events",
        *(f"share_{mark}h" for mark in CURVE_HOURS))
    sql, params = values.query.sql_with_params()
    curves_sql = ", ".join(f"AVG(share_{mark}h) FILTER (WHERE timed)" for mark in CURVE_HOURS)
    groups, curves, estimated = [], [], 0
    with connection.cursor() as cursor:
        cursor.execute(_ONE_READ.format(curves=curves_sql, rows=sql), params)
        for platform, media, grouping, timed, half, ninety, estimate, *shares in cursor.fetchall():
            if grouping == 3:  # the grand total
                estimated = estimate or 0
            elif timed and grouping == 1:  # one platform
                curves.append(_curve(platform, timed, shares))
            elif timed:
                groups.append(_group(platform, media, timed, half, ninety))
    return DecayOverview(groups=groups, curves=curves, hours=CURVE_HOURS, estimated_events=estimated)


def _curve(platform: str, posts: int, shares) -> DecayCurve:
    return DecayCurve(platform=platform, label=str(platform_info(platform).label), posts=posts,
                      shares=[_round(share) for share in shares])


def _groups(rows) -> list[DecayGroup]:
    """Medians by platform and media type (PERCENTILE_CONT, or the aggregate registered on SQLite)."""
    keys = ("post__platform", "post__media_type")
    found = rows.values(*keys).annotate(n=Count("pk"), half=Median("hours_to_half"),
                                        ninety=Median("hours_to_ninety")).order_by(*keys)
    return [_group(row["post__platform"], row["post__media_type"], row["n"], row["half"], row["ninety"])
            for row in found]


def _group(platform: str, media: str, posts: int, half: float | None, ninety: float | None) -> DecayGroup:
    return DecayGroup(platform=platform, platform_label=str(platform_info(platform).label), media_type=media,
                      media_label=str(dict(MediaType.choices).get(media, media)), posts=posts,
                      median_hours_to_half=_round(half, 1), median_hours_to_ninety=_round(ninety, 1))


def _round(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)
