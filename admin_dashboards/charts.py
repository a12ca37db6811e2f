"""Chart.js payloads for unfold's chart components, built from selector results and dumped to JSON."""

from __future__ import annotations

import json

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from admin_dashboards.chart_style import bar_colours, line_series
from analytics.selectors.best_time import Heatmap
from analytics.selectors.comparison import ComparisonRow
from analytics.selectors.hashtags import HashtagSeries
from analytics.selectors.timelines import DailyPoint, PostPoint

PRIMARY = "var(--color-primary-600)"
PALETTE = [
    "var(--color-primary-600)", "var(--color-primary-300)", "var(--color-primary-800)",
    "var(--color-base-400)", "var(--color-primary-500)", "var(--color-base-600)",
]


def _dump(labels: list[str], datasets: list[dict], *, links: list[str] | None = None,
          value_labels: bool = False) -> str:
    """JSON for unfold's chart component; `links[i]` is where a click on the i-th x position goes (drilldown.js)."""
    data: dict = {"labels": labels, "datasets": datasets}
    if links:
        data["links"] = links
    if value_labels:
        data["valueLabels"] = True
    return json.dumps(data)


def engagement_over_time_chart(points: list[DailyPoint], links: list[str] | None = None) -> str:
    labels = [date_format(point.day, "MONTH_DAY_FORMAT") for point in points]
    return _dump(labels, [
        {"label": _("Engagement"), "type": "line", "data": [p.total_engagement for p in points],
         **line_series(0), "displayYAxis": True, "maxTicksXLimit": 10},
        {"label": _("Posts published"), "data": [p.posts_published for p in points],
         "backgroundColor": bar_colours(2)[1]},
    ], links=links)


def platform_split_chart(rows: list[ComparisonRow], links: list[str] | None = None) -> str:
    """One bar per platform, its value written above it, each bar a link to that platform's dashboard."""
    return _dump([row.label for row in rows], [
        {"label": _("Engagement"), "data": [row.total_engagement for row in rows],
         "backgroundColor": bar_colours(len(rows)) or [PRIMARY]},
    ], links=links, value_labels=True)


def post_cumulative_chart(points: list[PostPoint]) -> str:
    labels = [date_format(localtime(point.at), "SHORT_DATETIME_FORMAT") for point in points]
    return _dump(labels, [
        {"label": _("Total engagement"), "data": [p.total_engagement for p in points], **line_series(0),
         "displayYAxis": True, "maxTicksXLimit": 8},
        {"label": _("Likes"), "data": [p.likes for p in points], **line_series(1)},
    ])


def post_velocity_chart(points: list[PostPoint]) -> str:
    labels = [date_format(localtime(point.at), "SHORT_DATETIME_FORMAT") for point in points]
    return _dump(labels, [
        {"label": _("Gained in the bucket"), "data": [p.gained for p in points], "backgroundColor": PRIMARY,
         "displayYAxis": True, "maxTicksXLimit": 8},
        {"label": _("Removed (unlikes, undone shares, deleted comments)"), "data": [-p.removed for p in points],
         "backgroundColor": "var(--color-base-400)"},
    ])


def hashtag_chart(series: list[HashtagSeries], labels: list[str],
                  links: dict[str, list[str]] | None = None) -> str:
    """One line per tag, told apart by colour, dash and point shape; a point links to that tag's posts that day."""
    links = links or {}
    return _dump(labels, [
        {"label": f"#{item.name}", "data": item.points, "displayYAxis": index == 0, "maxTicksXLimit": 10,
         "links": links.get(item.name, []), **line_series(index)}
        for index, item in enumerate(series)
    ])


def best_hour_chart(heatmap: Heatmap, links: list[str] | None = None) -> str:
    """Average engagement per post by hour of day, all weekdays together."""
    posts = [0] * 24
    totals = [0] * 24
    for _label, cells in heatmap.rows:
        for cell in cells:
            posts[cell.hour] += cell.posts
            totals[cell.hour] += cell.total_engagement
    averages = [round(totals[h] / posts[h], 1) if posts[h] else 0 for h in range(24)]
    return _dump([f"{hour:02d}:00" for hour in range(24)], [
        {"label": _("Average engagement per post"), "data": averages, "backgroundColor": PRIMARY,
         "displayYAxis": True},
    ], links=links)
