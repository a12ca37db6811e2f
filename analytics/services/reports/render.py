"""Render a report: the HTML e-mail body, the PDF (WeasyPrint, no network) and the CSV tables."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from analytics.exports.cells import safe_text
from analytics.selectors.periods import NEW
from analytics.services.reports.charts import Chart, render_svg, svg_data_uri
from analytics.services.reports.content import ReportContent
from analytics.services.reports.pdf import write_pdf

KPI_ROWS = [("posts_published", "Posts"), ("likes", "Likes"), ("comments", "Comments"), ("shares", "Shares"),
            ("total_engagement", "Engagement"), ("followers", "Followers")]
TOP_POST_COLUMNS = ["account_handle", "platform", "posted_at", "url", "likes", "comments", "shares",
                    "total_engagement"]


def kpi_rows(content: ReportContent) -> list[dict]:
    rows = []
    for name, label in KPI_ROWS:
        current = getattr(content.kpis.current, name)
        previous = getattr(content.kpis.previous, name)
        change = content.kpis.delta(name) if content.report.comparison else None
        rows.append({"name": name, "label": label, "current": current, "previous": previous,
                     "is_new": change == NEW, "delta": None if change == NEW else change})
    return rows


def timeline_chart(content: ReportContent) -> Chart:
    """The unified dashboard's "Engagement over time" for the report's period (same selector, same series)."""
    return Chart(title="Engagement over time", labels=[date_format(point.day, "M j") for point in content.timeline],
                 series=[("Engagement", [point.total_engagement for point in content.timeline]),
                         ("Posts published", [point.posts_published for point in content.timeline])])


def _context(content: ReportContent, *, for_pdf: bool) -> dict:
    chart = timeline_chart(content)
    svg = "" if chart.is_empty else render_svg(chart)
    # The PDF takes the SVG as a data: image (the only URL its fetcher loads); the e-mail inlines it.
    return {"c": content, "report": content.report, "kpis": kpi_rows(content), "top": content.top,
            "for_pdf": for_pdf, "chart_svg": mark_safe(svg),  # noqa: S308 (pygal output of our numbers)
            "chart_src": svg_data_uri(svg) if svg and for_pdf else ""}


def render_html(content: ReportContent, *, for_pdf: bool = False) -> str:
    with timezone.override(content.report.time_zone), translation.override(content.report.language):
        return render_to_string("reports/report.html", _context(content, for_pdf=for_pdf))


def render_pdf(content: ReportContent) -> bytes:
    return write_pdf(render_html(content, for_pdf=True))


def render_csvs(content: ReportContent) -> dict[str, str]:
    """One CSV per table: the KPIs and the top posts."""
    kpis = io.StringIO()
    writer = csv.writer(kpis)
    writer.writerow(["metric", "current", "previous"])
    for row in kpi_rows(content):
        writer.writerow([row["name"], _cell(row["current"]), _cell(row["previous"])])
    top = io.StringIO()
    writer = csv.writer(top)
    writer.writerow(TOP_POST_COLUMNS)
    for post in content.top:
        writer.writerow([_cell(getattr(post, column)) for column in TOP_POST_COLUMNS])
    return {"kpis.csv": kpis.getvalue(), "top-posts.csv": top.getvalue()}


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):  # handles and URLs come from the platforms: no spreadsheet formulas
        return safe_text(value)
    return str(value)
