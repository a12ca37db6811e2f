"""What a report sends, whichever dashboard it is of: the HTML body, a plain-text body, the PDF and the CSVs.

The unified dashboard keeps the report's own layout (content.py, render.py); every other dashboard in
`analytics.report_dashboards` prints its page as the page's download does (pages.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from analytics.models import Report
from analytics.report_dashboards import UNIFIED
from analytics.selectors.periods import Period
from analytics.services.reports.content import build_content
from analytics.services.reports.pages import PageReport
from analytics.services.reports.render import render_csvs, render_html, render_pdf

TEXT_KPIS = ("posts_published", "likes", "comments", "shares", "total_engagement")


class ReportOutput(Protocol):
    period: Period

    def html(self) -> str: ...
    def text(self) -> str: ...
    def pdf(self) -> bytes: ...
    def csvs(self) -> dict[str, str]: ...


class UnifiedReport:
    def __init__(self, report: Report, period: Period, *, now: datetime | None = None):
        self.period = period
        self.content = build_content(report, period, now=now)

    def html(self) -> str:
        return render_html(self.content)

    def text(self) -> str:
        return "\n".join(f"{name}: {getattr(self.content.kpis.current, name)}" for name in TEXT_KPIS)

    def pdf(self) -> bytes:
        return render_pdf(self.content)

    def csvs(self) -> dict[str, str]:
        return render_csvs(self.content)


def build_output(report: Report, period: Period, *, now: datetime | None = None) -> ReportOutput:
    """Runs the dashboard's selectors (or page) once; the formats are rendered on demand."""
    if report.dashboard == UNIFIED:
        return UnifiedReport(report, period, now=now)
    return PageReport(report, period, now=now)
