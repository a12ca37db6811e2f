"""Decay: how fast engagement arrives after publication, read from PostDecay (written by the roll-up job).

Medians of the hours to 50 % and 90 % by platform and media type, and the average cumulative curve per
platform, over the period's live posts that have at least MIN_TIMED_EVENTS events with a real time.
Two queries on PostgreSQL (PERCENTILE_CONT in SQL); other databases take the median in Python.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Aggregate, Avg, Count, FloatField, Sum

from analytics.models import CURVE_HOURS, MediaType, PostDecay
from analytics.selectors.capabilities import platform_info
from analytics.selectors.periods import Period
from analytics.selectors.scope import posted_in, scoped

# Fewer timed events than this make "time to 50 %" the time of one or two people: left out.
MIN_TIMED_EVENTS = 5


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


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
    estimated = rows.aggregate(n=Sum("estimated_events"))["n"] or 0
    rows = rows.filter(timed_events__gte=MIN_TIMED_EVENTS)
    curve_fields = {f"share_{mark}h": Avg(f"share_{mark}h") for mark in CURVE_HOURS}
    curves = [
        DecayCurve(platform=row["post__platform"], label=str(platform_info(row["post__platform"]).label),
                   posts=row["n"], shares=[_round(row[f"share_{mark}h"]) for mark in CURVE_HOURS])
        for row in rows.values("post__platform").annotate(n=Count("pk"), **curve_fields).order_by("post__platform")
    ]
    return DecayOverview(groups=_groups(rows), curves=curves, hours=CURVE_HOURS, estimated_events=estimated)


def _groups(rows) -> list[DecayGroup]:
    keys = ("post__platform", "post__media_type")
    if connection.vendor == "postgresql":
        found = rows.values(*keys).annotate(n=Count("pk"), half=Median("hours_to_half"),
                                            ninety=Median("hours_to_ninety")).order_by(*keys)
        stats = [(row["post__platform"], row["post__media_type"], row["n"], row["half"], row["ninety"])
                 for row in found]
    else:
        values: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        for platform, media, half, ninety in rows.values_list(*keys, "hours_to_half", "hours_to_ninety"):
            values[(platform, media)].append((half, ninety))
        stats = [(platform, media, len(pairs), statistics.median(p[0] for p in pairs),
                  statistics.median(p[1] for p in pairs)) for (platform, media), pairs in sorted(values.items())]
    labels = dict(MediaType.choices)
    return [
        DecayGroup(platform=platform, platform_label=str(platform_info(platform).label), media_type=media,
                   media_label=str(labels.get(media, media)), posts=n, median_hours_to_half=_round(half, 1),
                   median_hours_to_ninety=_round(ninety, 1))
        for platform, media, n, half, ninety in stats
    ]


def _round(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)
