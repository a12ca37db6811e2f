"""A dashboard page as a printable document, read from the page's own template context.

The download view runs the page's view and takes its unrendered context, so the document holds the
numbers the page shows: KPI cards, every django-tables2 table, every Chart.js payload (as a `Chart`),
and the few page-specific blocks (the best-time heatmap, a post's counts and comments, the glossary, the
content page's sections and the fans page's per-account tables).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field, replace
from datetime import datetime

import django_tables2
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst, slugify

from admin_dashboards.tables import MetricColumn, PercentColumn
from admin_dashboards.templatetags.dashboards import metric, percent
from analytics.models import Account
from analytics.selectors import glossary
from analytics.selectors.periods import NEW
from analytics.services.reports.charts import Chart

# Titles of the context keys as the pages' cards show them; other keys are humanised.
TITLES = {
    "timeline_chart": "Engagement over time", "split_chart": "Platform split", "hour_chart": "By hour of day",
    "hashtag_chart": "Leading hashtags per day", "cumulative_chart_or_none": "Cumulative engagement",
    "velocity_chart_or_none": "Velocity", "comparison_table": "Platforms side by side",
    "hashtags_table": "Trending hashtags", "sync_runs_table": "Recent sync runs",
    "events_table": "Who engaged, and when", "versions_table": "Edit history",
    "growth_chart": "Followers per day", "growth_table": "Followers per account",
    "fans_table": "Top fans across all accounts in scope", "decay_chart": "Average cumulative share of engagement",
    "decay_table": "Time to 50 % and 90 % of engagement",
}
COMPARED_WITH = {"previous": "the previous period", "year": "the same period last year", "none": "nothing"}


@dataclass
class Table:
    name: str  # file-name friendly, e.g. "top-posts"
    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)  # as shown on the page
    raw_rows: list[list[str]] = field(default_factory=list)  # numbers unformatted, for CSV


@dataclass
class Document:
    title: str
    period: str
    filters: list[tuple[str, str]]
    time_zone: str
    generated_at: datetime
    data_fresh_at: datetime | None
    kpis: list[tuple[str, str, str]] = field(default_factory=list)  # (title, value, delta)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def definitions(self) -> tuple[glossary.Metric, ...]:
        return glossary.METRICS


def _title(key: str) -> str:
    return TITLES.get(key) or capfirst(key.removesuffix("_or_none").removesuffix("_table").removesuffix(
        "_chart").replace("_", " "))


def chart_from_chartjs(key: str, payload: str) -> Chart:
    """Chart.js data (labels + datasets) as a `Chart`; line when no dataset is filled (bars set a background)."""
    data = json.loads(payload)
    datasets = data.get("datasets", [])
    kind = "line" if all("backgroundColor" not in item for item in datasets) else "bar"
    return Chart(title=_title(key), labels=[str(label) for label in data.get("labels", [])], kind=kind,
                 series=[(str(item.get("label", "")), list(item.get("data", []))) for item in datasets])


def _text(value) -> str:
    """A cell as the page shows it, as plain text: tags dropped, entities decoded (templates escape again)."""
    return html.unescape(strip_tags(str(value))).strip() if value is not None else ""


def table_from_tables2(key: str, table: django_tables2.Table) -> Table:
    columns = [column for column in table.columns if column.visible]
    header = [str(column.header) for column in columns]
    rows, raw_rows = [], []
    for row in table.rows:
        shown = [_text(row.get_cell(column.name)) for column in columns]
        raw = []
        for column, text in zip(columns, shown, strict=True):
            if isinstance(column.column, MetricColumn | PercentColumn):
                value = column.accessor.resolve(row.record, quiet=True)
                raw.append("n/a" if value is None else str(value))
            else:
                raw.append(text)
        rows.append(shown)
        raw_rows.append(raw)
    name = key.removesuffix("_table").replace("_", "-")
    return Table(name=name, title=_title(key), header=header, rows=rows, raw_rows=raw_rows)


def _heatmap_table(heatmap) -> Table:
    header = ["Weekday", *[f"{hour:02d}" for hour in range(24)]]
    rows = [[label, *["" if cell.average is None else f"{cell.average:g}" for cell in cells]]
            for label, cells in heatmap.rows]
    return Table(name="best-time", title="Average engagement per post by weekday and hour", header=header,
                 rows=rows, raw_rows=rows)


def _comments_table(comments) -> Table:
    rows = [[comment.actor_handle, timezone.localtime(comment.created_at).isoformat(timespec="minutes")
             if comment.created_at else "", str(comment.depth), comment.text] for comment in comments]
    return Table(name="comments", title="Comment threads", header=["Who", "When", "Depth", "Text"], rows=rows,
                 raw_rows=rows)


def _glossary_table(metrics) -> Table:
    rows = [[item.name, item.definition, item.formula, item.unit] for item in metrics]
    return Table(name="metrics", title="What every number means",
                 header=["Metric", "Definition", "Formula", "Unit"], rows=rows, raw_rows=rows)


def _kpis(context: dict) -> list[tuple[str, str, str]]:
    if "kpi_cards" in context:
        kpis = []
        for card in context["kpi_cards"]:
            value = percent(card["value"], 2) if card["suffix"] and card["value"] is not None else metric(
                card["value"])
            delta = "" if card["delta"] is None else "new" if card["delta"] == NEW else f"{card['delta']:+.1f} %"
            kpis.append((str(card["title"]), _text(value), delta))
        return kpis
    return [(str(label), "n/a" if unreported else _text(metric(value)), "")
            for label, value, unreported in context.get("summary_metrics", [])]


def _tables(context: dict) -> list[Table]:
    found = []
    for key, value in context.items():
        if isinstance(value, django_tables2.Table):
            found.append(table_from_tables2(key, value))
    if context.get("heatmap") is not None:
        found.insert(0, _heatmap_table(context["heatmap"]))
    if context.get("comments"):
        found.append(_comments_table(context["comments"]))
    if context.get("metrics") and not found:
        found.append(_glossary_table(context["metrics"]))
    for section in context.get("sections") or ():  # content comparison: one table per grouping
        found.append(table_from_tables2(f"{section['key']}_table", section["table"]))
        found[-1].title = str(section["title"])
    for account, table in context.get("account_sections") or ():  # top fans: one table per account
        found.append(table_from_tables2(f"fans_{slugify(account.handle)}_table", table))
        found[-1].title = f"Top fans of {account.handle}"
    return found


def _charts(context: dict) -> list[Chart]:
    charts = [chart_from_chartjs(key, value) for key, value in context.items()
              if (key.endswith("_chart") or key.endswith("_chart_or_none")) and isinstance(value, str) and value]
    for section in context.get("sections") or ():
        if section.get("chart"):
            charts.append(replace(chart_from_chartjs(section["key"], section["chart"]), title=str(section["title"])))
    return charts


def _scope(context: dict) -> tuple[list[tuple[str, str]], list[int] | None, str | None]:
    criteria = context.get("criteria")
    platform = getattr(criteria, "platform", None)
    if context.get("platform") is not None and hasattr(context["platform"], "name"):
        platform = context["platform"].name
    accounts = list(getattr(criteria, "accounts", ()) or ())
    filters = [("Platform", platform or "all platforms")]
    handles = list(Account.objects.filter(pk__in=accounts).order_by("handle").values_list("handle", flat=True))
    filters.append(("Accounts", ", ".join(handles) if accounts else "all accounts"))
    if context.get("compares") and criteria is not None:
        filters.append(("Compared with", COMPARED_WITH.get(criteria.compare, criteria.compare)))
    if context.get("post") is not None:
        filters = [("Post", f"{context['post'].account.handle} #{context['post'].pk}")]
    return filters, accounts or None, platform


def _freshness(context: dict, accounts: list[int] | None, platform: str | None) -> datetime | None:
    if context.get("post") is not None:
        return context["post"].account.last_refreshed_at
    scope = Account.objects.all()
    if accounts:
        scope = scope.filter(pk__in=accounts)
    if platform:
        scope = scope.filter(platform=platform)
    return scope.aggregate(at=Max("last_refreshed_at"))["at"]


def document_from_context(context: dict, *, now: datetime | None = None) -> Document:
    """Two queries of its own (the filters' account handles and the data's freshness)."""
    filters, accounts, platform = _scope(context)
    criteria = context.get("criteria")
    return Document(
        title=str(context.get("title") or "Dashboard"),
        period=str(criteria.period) if criteria is not None else "",
        filters=filters, time_zone=timezone.get_current_timezone_name(),
        generated_at=now or timezone.now(), data_fresh_at=_freshness(context, accounts, platform),
        kpis=_kpis(context), charts=_charts(context), tables=_tables(context),
    )
