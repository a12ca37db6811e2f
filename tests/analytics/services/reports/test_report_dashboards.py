"""Reports of any dashboard: each registered page previews, and its PDF/CSV attachments hold the numbers of the
page's own download for the same filters; filters a page cannot take are refused; once per slot still holds."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from admin_dashboards.filters import DashboardFilterSet
from analytics.models import DeliveryStatus, Report, ReportDelivery
from analytics.report_dashboards import REPORT_DASHBOARDS, UNIFIED, PlatformFilter
from analytics.selectors.periods import Period
from analytics.services.reports.output import build_output
from analytics.services.reports.pages import page_request
from analytics.services.reports.send import send_due_reports, send_now
from tests.admin_dashboards.conftest import build_dataset

pytestmark = pytest.mark.django_db
PAGE_REPORTS = [dashboard.key for dashboard in REPORT_DASHBOARDS if dashboard.key != UNIFIED]
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


@pytest.fixture
def dataset():
    return build_dataset(1)


def make_report(dashboard: str, **fields) -> Report:
    platform = "mastodon" if dashboard == "platform" else ""
    values = {"name": f"Report of {dashboard}", "dashboard": dashboard, "platform": platform, "time_zone": "UTC",
              "extra_recipients": "lead@example.com", **fields}
    report = Report(**values)
    report.full_clean()
    report.save()
    return report


def last_days(days: int = 21) -> Period:
    today = timezone.localdate()
    return Period(start=today - timedelta(days=days - 1), end=today)


def _pdf_numbers(content: bytes) -> list[str]:
    """Every number printed in the PDF, in order, the generation and freshness times left out."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.findall(r"\d[\d,.]*", DATE_TIME.sub("", text))


def _download(client, report: Report, period: Period, fmt: str):
    path, query = page_request(report, period)
    url = f"{reverse('admin:admin_dashboards_download', args=[fmt])}?{urlencode({'dashboard': path})}&"
    response = client.get(url + query.urlencode())
    assert response.status_code == 200
    return response


def _download_csvs(response, csvs: dict) -> dict[str, list[list[str]]]:
    """The download's CSV files by name: the zip's members, or the one file named `<stem>-<table>.csv`."""
    if response["Content-Type"] == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return {name: list(csv.reader(io.StringIO(archive.read(name).decode()))) for name in archive.namelist()}
    name = next(name for name in csvs if response["Content-Disposition"].endswith(f'-{name}"'))
    return {name: list(csv.reader(io.StringIO(response.content.decode())))}


@pytest.mark.parametrize("dashboard", REPORT_DASHBOARDS, ids=lambda dashboard: dashboard.key)
def test_every_report_dashboard_declares_the_filters_its_page_offers(dashboard):
    """Guards each registry line, the lead's future ones included: a filter declared but not offered would be
    silently ignored (a report scoped to one account showing them all)."""
    if dashboard.platform == PlatformFilter.REQUIRED:
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{dashboard.page}")
        match = resolve(reverse(f"admin:{dashboard.page}", args=["mastodon"]))
        assert "platform" in match.kwargs
    else:
        match = resolve(reverse(f"admin:{dashboard.page}"))
    view_class = getattr(match.func, "view_class", None)
    filters = (view_class.filterset_class if view_class else DashboardFilterSet).base_filters
    assert ("platform" in filters) == (dashboard.platform == PlatformFilter.OPTIONAL)
    assert ("account" in filters) == dashboard.accounts


@pytest.mark.parametrize("dashboard", PAGE_REPORTS)
def test_a_page_reports_attachments_hold_the_numbers_of_the_pages_download(analyst_client, dataset, dashboard):
    report = make_report(dashboard)
    if dashboard != "hashtags":
        report.accounts.add(dataset.post.account)
    period = last_days()
    output = build_output(report, period)

    pdf = _download(analyst_client, report, period, "pdf").content
    assert _pdf_numbers(output.pdf()) == _pdf_numbers(pdf)
    assert len(_pdf_numbers(pdf)) > 10
    attached = {name: list(csv.reader(io.StringIO(text))) for name, text in output.csvs().items()}
    assert attached == _download_csvs(_download(analyst_client, report, period, "csv"), attached)
    assert all(len(rows) > 1 for rows in attached.values())


@pytest.mark.parametrize("dashboard", PAGE_REPORTS)
def test_a_page_reports_e_mail_body_shows_its_headline_kpis_and_top_rows(dataset, dashboard):
    report = make_report(dashboard)
    output = build_output(report, last_days())
    html = output.html()
    document = output.document
    for title, value, _delta in document.kpis:
        assert re.search(rf'data-kpi="{re.escape(title)}"><td>[^<]*</td><td class="kpi-value">{re.escape(value)}<',
                         html)
    for table in document.tables:
        assert f'data-table="{table.name}"' in html
        for row in table.rows[:10]:
            assert "".join(f"<td>{escape(cell)}</td>" for cell in row) in html


def test_a_platform_report_without_a_platform_is_refused():
    with pytest.raises(ValidationError) as caught:
        make_report("platform", platform="")
    assert caught.value.message_dict["platform"] == ['The "Per platform" dashboard needs a platform: choose one.']


def test_a_comparison_report_with_a_platform_is_refused():
    with pytest.raises(ValidationError) as caught:
        make_report("comparison", platform="mastodon")
    assert "leave the platform empty" in caught.value.message_dict["platform"][0]


def test_the_admin_refuses_accounts_for_a_page_that_cannot_be_narrowed_to_them(operator_client, dataset):
    form = {"name": "Tags", "dashboard": "hashtags", "platform": "", "accounts": [dataset.post.account.pk],
            "period": "last_week", "comparison": "on", "time_zone": "UTC", "language": "en",
            "extra_recipients": "lead@example.com", "cadence": "weekly", "weekday": "0", "day_of_month": "1",
            "send_time": "08:00", "attach_pdf": "on", "attach_csv": "on", "enabled": "on"}
    response = operator_client.post(reverse("admin:analytics_report_add"), form)
    assert response.status_code == 200 and not Report.objects.exists()
    assert "cannot be narrowed to accounts" in response.content.decode()
    form.pop("accounts")
    assert operator_client.post(reverse("admin:analytics_report_add"), form).status_code == 302
    assert Report.objects.get().dashboard == "hashtags"


def test_the_admin_refuses_a_platform_report_without_a_platform(operator_client):
    form = {"name": "Mastodon", "dashboard": "platform", "platform": "", "period": "last_week", "time_zone": "UTC",
            "language": "en", "extra_recipients": "lead@example.com", "cadence": "weekly", "weekday": "0",
            "day_of_month": "1", "send_time": "08:00", "enabled": "on"}
    response = operator_client.post(reverse("admin:analytics_report_add"), form)
    assert response.status_code == 200 and not Report.objects.exists()
    assert "dashboard needs a platform: choose one." in response.content.decode()


def test_a_page_report_given_accounts_it_cannot_take_is_recorded_as_failed_not_sent(dataset):
    report = make_report("hashtags")
    report.accounts.add(dataset.post.account)  # outside the admin form, e.g. the shell
    delivery = send_now(report)
    assert delivery.status == DeliveryStatus.RETRYING and "cannot be narrowed to accounts" in delivery.error
    assert mail.outbox == []


def test_a_page_report_is_sent_once_per_slot_with_the_pages_files(dataset):
    now = timezone.now()
    slot = now - timedelta(minutes=1)
    make_report("platform", weekday=slot.weekday(), send_time=slot.time().replace(second=0, microsecond=0))
    send_due_reports(now=now)
    send_due_reports(now=now + timedelta(minutes=5))
    assert len(mail.outbox) == 1 and ReportDelivery.objects.get().status == DeliveryStatus.SENT
    names = [attachment[0] for attachment in mail.outbox[0].attachments]
    assert names == ["report.pdf", "accounts.csv", "top-posts.csv"]
    assert "Top posts" in mail.outbox[0].alternatives[0][0]


def test_a_page_report_scoped_to_one_account_names_no_other_account(dataset):
    mine = dataset.post.account
    others = {post.account.handle for post in dataset.posts} - {mine.handle}
    report = make_report("best_time", platform=mine.platform)
    report.accounts.add(mine)
    assert send_now(report).status == DeliveryStatus.SENT
    raw = mail.outbox[0].message().as_bytes()
    assert mine.handle.encode() in raw
    assert not [handle for handle in others if handle.encode() in raw]


def test_a_page_report_prints_its_own_time_zone_and_leaves_out_deltas_without_comparison(dataset):
    report = make_report("platform", time_zone="Pacific/Auckland", comparison=False)
    output = build_output(report, last_days())
    assert output.document.time_zone == "Pacific/Auckland"
    assert all(delta == "" for _title, _value, delta in output.document.kpis)
    assert "Change" not in output.html()
