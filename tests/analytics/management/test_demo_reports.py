"""The demo has a weekly report and mailing default alert rules, so "Send now" delivers at once."""

from __future__ import annotations

import pytest
from django.core import mail

from analytics.management.demo_reports import DEMO_REPORT, configure_demo_reports
from analytics.models import AlertRule, DeliveryStatus, Report
from analytics.services.reports.send import send_now
from tests.analytics.admin.conftest import staff_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    staff_group("Operator")  # the migrations' groups and default alert rules (recreated if flushed)
    return UserFactory(username="admin", email="admin@example.org", is_superuser=True)


def test_the_demo_has_one_weekly_report_to_its_admin_however_often_it_runs(admin_user):
    configure_demo_reports(admin_user)
    report = configure_demo_reports(admin_user)
    assert Report.objects.filter(name=DEMO_REPORT).count() == 1
    assert report.recipients() == ["admin@example.org"] and report.enabled
    assert report.attach_pdf and report.attach_csv


def test_send_now_on_the_demo_report_delivers_a_pdf_and_csv(admin_user, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    delivery = send_now(configure_demo_reports(admin_user))
    assert delivery.status == DeliveryStatus.SENT
    names = [attachment.filename for attachment in mail.outbox[0].attachments]
    assert "report.pdf" in names and "top-posts.csv" in names


def test_default_alert_rules_mail_the_admin_but_keep_chosen_channels(admin_user):
    chosen = AlertRule.objects.filter(enabled=True).first()
    chosen.email_recipients = "lead@example.com"
    chosen.save()
    configure_demo_reports(admin_user)
    rules = AlertRule.objects.filter(enabled=True)
    assert rules.count() >= 5
    assert all(rule.email_recipients == "admin@example.org" for rule in rules.exclude(pk=chosen.pk))
    assert AlertRule.objects.get(pk=chosen.pk).email_recipients == "lead@example.com"
