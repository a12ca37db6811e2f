"""The reports admin: Operators send now; Analysts preview the e-mail, the PDF and the CSV but cannot send."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from analytics.models import Report, ReportDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return Report.objects.create(name="Weekly", extra_recipients="lead@example.com", attach_pdf=False)


def test_an_analyst_previews_without_sending(analyst_client, report):
    html = analyst_client.get(reverse("admin:analytics_report_preview", args=[report.pk]))
    pdf = analyst_client.get(reverse("admin:analytics_report_pdf", args=[report.pk]))
    csv = analyst_client.get(reverse("admin:analytics_report_csv", args=[report.pk]))
    assert html.status_code == 200 and b"Headline KPIs" in html.content
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert csv.status_code == 200 and csv["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(csv.content))
    assert archive.namelist() == ["kpis.csv", "top-posts.csv"]
    assert archive.read("top-posts.csv").startswith(b"account_handle,")
    assert mail.outbox == [] and not ReportDelivery.objects.exists()


@pytest.mark.parametrize(("dashboard", "platform", "body", "files"), [
    ("platform", "mastodon", 'data-table="top-posts"', {"accounts.csv", "top-posts.csv"}),
    ("comparison", "", 'data-table="comparison"', {"comparison.csv"}),
    ("hashtags", "", 'data-table="hashtags"', {"hashtags.csv"}),
    ("best_time", "", 'data-table="best-time"', {"best-time.csv"}),
    ("growth", "", 'data-table="growth"', {"growth.csv"}),
    ("fans", "", 'data-table="fans"', {"fans.csv"}),
    ("content", "", 'data-table="media"', {"media.csv", "caption.csv", "hashtags.csv", "hour.csv"}),
    ("decay", "", 'data-table="decay"', {"decay.csv"}),
])
def test_an_analyst_previews_a_report_of_each_dashboard(analyst_client, dashboard, platform, body, files):
    report = Report.objects.create(name=f"Of {dashboard}", dashboard=dashboard, platform=platform,
                                   extra_recipients="lead@example.com")
    html = analyst_client.get(reverse("admin:analytics_report_preview", args=[report.pk]))
    pdf = analyst_client.get(reverse("admin:analytics_report_pdf", args=[report.pk]))
    csv = analyst_client.get(reverse("admin:analytics_report_csv", args=[report.pk]))
    assert html.status_code == 200 and body in html.content.decode()
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert csv.status_code == 200
    if len(files) == 1:
        assert csv["Content-Disposition"].endswith(f'-{next(iter(files))}"')
    else:
        assert set(zipfile.ZipFile(io.BytesIO(csv.content)).namelist()) == files
    changelist = analyst_client.get(reverse("admin:analytics_report_changelist"))
    assert changelist.status_code == 200 and report.get_dashboard_display() in changelist.content.decode()
    assert mail.outbox == [] and not ReportDelivery.objects.exists()


def test_an_analyst_cannot_send_now(analyst_client, report):
    response = analyst_client.post(reverse("admin:analytics_report_send_now", args=[report.pk]))
    assert response.status_code == 403 and mail.outbox == []


def test_an_operator_sends_now_and_the_delivery_is_logged(operator_client, report):
    response = operator_client.post(reverse("admin:analytics_report_send_now", args=[report.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and ReportDelivery.objects.get().status == "sent"
    assert operator_client.get(reverse("admin:analytics_reportdelivery_changelist")).status_code == 200
    assert operator_client.get(reverse("admin:analytics_report_change", args=[report.pk])).status_code == 200
