"""A report of a dashboard page (every dashboard but the unified one): the page's own PDF/CSV download, run with
the report's filters, period, time zone and language; the e-mail body shows its KPIs and each table's top rows."""

from __future__ import annotations

from datetime import datetime

from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from admin_dashboards.downloads.document import Document, document_from_context
from admin_dashboards.downloads.pages import report_page_context
from admin_dashboards.downloads.render import csv_files, render_document_pdf
from analytics.models import Report
from analytics.report_dashboards import BY_KEY, PlatformFilter
from analytics.selectors.periods import Period
from analytics.services.reports.charts import render_svg

BODY_ROWS = 10  # rows of each table in the e-mail body; the attachments hold them all


def page_request(report: Report, period: Period) -> tuple[str, QueryDict]:
    """The page's path and query string for the report's filters, as the page's own filter form writes them."""
    dashboard = BY_KEY[report.dashboard]
    query = QueryDict(mutable=True)
    query.update({"period": "range", "start": period.start.isoformat(), "end": period.end.isoformat(),
                  "compare": "previous" if report.comparison else "none"})
    if dashboard.platform == PlatformFilter.OPTIONAL and report.platform:
        query["platform"] = report.platform
    if dashboard.accounts:
        query.setlist("account", [str(pk) for pk in report.accounts.order_by("pk").values_list("pk", flat=True)])
    args = [report.platform] if dashboard.platform == PlatformFilter.REQUIRED else []
    return reverse(f"admin:{dashboard.page}", args=args), query


def build_document(report: Report, period: Period, *, now: datetime | None = None) -> Document:
    """The page as its download prints it; the deltas are left out when the report compares with nothing."""
    report.validate_accounts()  # accounts a page cannot narrow to would show every account's data
    path, query = page_request(report, period)
    with timezone.override(report.time_zone), translation.override(report.language):
        document = document_from_context(report_page_context(path, query), now=now)
    if not report.comparison:
        document.kpis = [(title, value, "") for title, value, _delta in document.kpis]
    return document


class PageReport:
    """The e-mail body, PDF and CSV files of a page report (the PDF and CSVs are the download's)."""

    def __init__(self, report: Report, period: Period, *, now: datetime | None = None):
        self.report, self.period = report, period
        self.document = build_document(report, period, now=now)

    def html(self) -> str:
        document = self.document
        chart = next((chart for chart in document.charts if not chart.is_empty), None)
        tables = [{"table": table, "rows": table.rows[:BODY_ROWS], "more": max(0, len(table.rows) - BODY_ROWS)}
                  for table in document.tables]
        context = {"report": self.report, "doc": document, "tables": tables,
                   "chart": chart, "chart_svg": mark_safe(render_svg(chart)) if chart else ""}  # noqa: S308 (pygal)
        with timezone.override(self.report.time_zone), translation.override(self.report.language):
            return render_to_string("reports/page_report.html", context)

    def text(self) -> str:
        lines = [f"{self.document.title}, {self.document.period}"]
        lines += [f"{title}: {value}" + (f" ({delta})" if delta else "") for title, value, delta in self.document.kpis]
        for table in self.document.tables:
            lines += ["", table.title, " | ".join(table.header)]
            lines += [" | ".join(row) for row in table.rows[:BODY_ROWS]]
        return "\n".join(lines)

    def pdf(self) -> bytes:
        with timezone.override(self.report.time_zone), translation.override(self.report.language):
            return render_document_pdf(self.document)

    def csvs(self) -> dict[str, str]:
        return csv_files(self.document)
