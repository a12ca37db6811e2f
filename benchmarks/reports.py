"""The reports bench: per reportable dashboard, the report's PDF and CSV zip beside the same page's HTML in the
same run; then N scheduled reports due in the same minute, sent through Django's locmem e-mail backend."""

from __future__ import annotations

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import mail
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from admin_dashboards.downloads.render import zip_bytes
from analytics.models import DeliveryStatus, Report, ReportDelivery
from analytics.report_dashboards import REPORT_DASHBOARDS, PlatformFilter
from analytics.selectors.periods import Period
from analytics.services.reports.output import build_output
from analytics.services.reports.pages import page_request
from analytics.services.reports.send import send_due_reports
from benchmarks.measure import Row, time_calls, time_get

PERIOD_DAYS = 30  # the longest report period (a calendar month)
PLATFORM = "mastodon"  # for the dashboards that need one
NAME = "bench report"
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _report(key: str, number: int = 0, **fields) -> Report:
    dashboard = next(item for item in REPORT_DASHBOARDS if item.key == key)
    domain = settings.POSTFLOW_REPORTS["ALLOWED_RECIPIENT_DOMAINS"][0]
    return Report.objects.create(
        name=f"{NAME} {key} {number}", dashboard=key, time_zone=settings.TIME_ZONE,
        platform=PLATFORM if dashboard.platform == PlatformFilter.REQUIRED else "",
        extra_recipients=f"bench@{domain}", attach_pdf=True, attach_csv=True, **fields)


def report_rows(client: Client, repeat: int, sends: int) -> list[Row]:
    """Every row's reports are deleted again (their deliveries with them), so the bench leaves no report behind."""
    try:
        rows = [row for dashboard in REPORT_DASHBOARDS for row in _dashboard_rows(client, dashboard.key, repeat)]
        rows.append(_send_row(sends, rows))
    finally:
        Report.objects.filter(name__startswith=NAME).delete()
    return rows


def _dashboard_rows(client: Client, key: str, repeat: int) -> list[Row]:
    report = _report(key)
    today = timezone.localdate()
    period = Period(start=today - timedelta(days=PERIOD_DAYS - 1), end=today)
    path, query = page_request(report, period)
    url = f"{path}?{query.urlencode()}"
    _, page_p95, _ = time_get(client, url, repeat)
    baseline = f"the page's HTML: p95 {page_p95:,.0f} ms"
    name = key.replace("_", " ") + (f" {PLATFORM}" if report.platform else "")
    pdf_p50, pdf_p95, _ = time_calls(lambda: build_output(report, period).pdf(), repeat)
    zip_p50, zip_p95, _ = time_calls(lambda: zip_bytes(build_output(report, period).csvs()), repeat)
    size = len(build_output(report, period).pdf())
    return [
        Row("reports", f"PDF, {name}, {PERIOD_DAYS} d", pdf_p50, pdf_p95, None, baseline, "< 5 s at 1M",
            note=f"data + WeasyPrint, {size / 1000:,.0f} kB", extra={"url": url}),
        Row("reports", f"CSV zip, {name}, {PERIOD_DAYS} d", zip_p50, zip_p95, None, baseline, "",
            extra={"url": url}),
    ]


def _send_row(sends: int, rows: list[Row]) -> Row:
    """`sends` reports, the dashboards in turn, all due at the same minute, sent by one `send_due_reports` call
    (one worker) with PDF and CSV attached."""
    now = timezone.now()
    slot = (now - timedelta(minutes=1)).astimezone(ZoneInfo(settings.TIME_ZONE))
    when = {"weekday": slot.weekday(), "send_time": slot.time().replace(second=0, microsecond=0)}
    created = [_report(REPORT_DASHBOARDS[number % len(REPORT_DASHBOARDS)].key, number + 1, **when).pk
               for number in range(sends)]
    with override_settings(MAILERS=LOCMEM):
        mail.outbox = []
        started = time.perf_counter()
        send_due_reports(now=now)
        seconds = time.perf_counter() - started
        size = sum(len(message.message().as_bytes()) for message in mail.outbox)
        mail.outbox = []
    sent = ReportDelivery.objects.filter(report_id__in=created, status=DeliveryStatus.SENT).count()
    single = sum(row.p50 or 0 for row in rows if row.name.startswith("PDF,")) / max(1, len(REPORT_DASHBOARDS))
    baseline = f"{sends} x one report's PDF (mean p50 {single:,.0f} ms) = {sends * single / 1000:,.1f} s"
    return Row("reports", f"{sends} reports due in one minute, sent (locmem)", seconds * 1000, seconds * 1000,
               None, baseline, "100 in < 2 min at 1M",
               note=f"{sent * 60 / seconds:,.0f} reports/minute on one worker, {sent} sent, "
                    f"{sends - sent} not, {size / 1e6:.1f} MB of mail")
