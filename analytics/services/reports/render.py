"""Render a report: the HTML e-mail body, the PDF (WeasyPrint, no network) and the CSV tables."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation

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
        rows.append({"name": name, "label": label, "current": current, "previous": previous,
                     "delta": content.kpis.delta(name) if content.report.comparison else None})
    return rows


def _context(content: ReportContent, *, for_pdf: bool) -> dict:
    return {"c": content, "report": content.report, "kpis": kpi_rows(content), "top": content.top,
            "for_pdf": for_pdf}


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
    return str(value)
