"""Render a report: the HTML e-mail body, the PDF (WeasyPrint, no network) and the CSV tables."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation

from analytics.selectors.periods import NEW
from analytics.services.reports.content import ReportContent

KPI_ROWS = [("posts_published", "Posts"), ("likes", "Likes"), ("comments", "Comments"), ("shares", "Shares"),
            ("total_engagement", "Engagement"), ("followers", "Followers")]
TOP_POST_COLUMNS = ["account_handle", "platform", "posted_at", "url", "likes", "comments", "shares",
                    "total_engagement"]


class NetworkRefused(ValueError):
    pass


def local_fetcher(url: str, *args, **kwargs):
    """WeasyPrint may load data: URLs only; anything else (http, file) is refused, so no PDF reaches out."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise NetworkRefused(f"report PDFs load no external resources ({url[:60]!r})")


def kpi_rows(content: ReportContent) -> list[dict]:
    rows = []
    for name, label in KPI_ROWS:
        current = getattr(content.kpis.current, name)
        previous = getattr(content.kpis.previous, name)
        change = content.kpis.delta(name) if content.report.comparison else None
        rows.append({"name": name, "label": label, "current": current, "previous": previous,
                     "is_new": change == NEW, "delta": None if change == NEW else change})
    return rows


def _context(content: ReportContent, *, for_pdf: bool) -> dict:
    return {"c": content, "report": content.report, "kpis": kpi_rows(content), "top": content.top,
            "for_pdf": for_pdf}


def render_html(content: ReportContent, *, for_pdf: bool = False) -> str:
    with timezone.override(content.report.time_zone), translation.override(content.report.language):
        return render_to_string("reports/report.html", _context(content, for_pdf=for_pdf))


def render_pdf(content: ReportContent) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(content, for_pdf=True), url_fetcher=local_fetcher).write_pdf()


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
