"""Reports: refused when badly configured, due once per slot, retried with backoff after a failed send."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from analytics.models import Cadence, DeliveryStatus, Report, ReportDelivery, ReportPeriod
from analytics.services.reports.schedule import latest_slot, period_for
from analytics.services.reports.send import send_due_reports
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
# Monday 2026-11-23 08:00 Berlin is the weekly slot.
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)


def make_report(**fields) -> Report:
    defaults = {"name": "Weekly", "extra_recipients": "lead@example.com", "cadence": Cadence.WEEKLY,
                "weekday": 0, "send_time": time(8, 0), "time_zone": "Europe/Berlin", "attach_pdf": False}
    report = Report(**{**defaults, **fields})
    report.full_clean()
    report.save()
    return report


@pytest.mark.parametrize(("fields", "error_field"), [
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"dashboard": "deleted-dashboard"}, "dashboard"),
    ({"extra_recipients": "someone@gmail.example"}, "extra_recipients"),
])
def test_a_badly_configured_report_is_refused(fields, error_field):
    with pytest.raises(ValidationError) as caught:
        make_report(**fields)
    assert error_field in caught.value.message_dict


def test_a_report_without_recipients_is_refused():
    report = make_report(extra_recipients="")
    with pytest.raises(ValidationError):
        report.validate_recipients()
    report.staff_recipients.add(UserFactory(email="analyst@corp.example", is_staff=True))
    report.validate_recipients()


def test_slots_and_periods_follow_the_local_calendar():
    weekly = make_report(period=ReportPeriod.LAST_WEEK)
    assert latest_slot(weekly, MONDAY_9) == datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)
    assert latest_slot(weekly, MONDAY_9 - timedelta(hours=2)) == datetime(2026, 11, 16, 8, 0, tzinfo=BERLIN)
    slot = latest_slot(weekly, MONDAY_9)
    assert (period_for(weekly, slot).start, period_for(weekly, slot).end) == (date(2026, 11, 16), date(2026, 11, 22))
    monthly = make_report(name="M", cadence=Cadence.MONTHLY, day_of_month=1, period=ReportPeriod.LAST_MONTH)
    slot = latest_slot(monthly, MONDAY_9)
    assert slot == datetime(2026, 11, 1, 8, 0, tzinfo=BERLIN)
    assert (period_for(monthly, slot).start, period_for(monthly, slot).end) == (date(2026, 10, 1), date(2026, 10, 31))


def test_a_due_report_is_sent_once_per_slot():
    make_report()
    send_due_reports(now=MONDAY_9)
    send_due_reports(now=MONDAY_9 + timedelta(minutes=5))
    assert len(mail.outbox) == 1
    delivery = ReportDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT and delivery.size_bytes > 0
    assert delivery.recipients == "lead@example.com"
    assert [a[0] for a in mail.outbox[0].attachments] == ["kpis.csv", "top-posts.csv"]


def test_a_failed_send_is_retried_with_backoff_and_others_are_unaffected(settings, monkeypatch):
    failing, healthy = make_report(name="Failing"), make_report(name="Healthy")
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send
    outages = {"left": 1}

    def flaky(self, *args, **kwargs):
        if self.subject.startswith("Failing") and outages["left"]:
            outages["left"] -= 1
            raise ConnectionRefusedError("SMTP down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    send_due_reports(now=MONDAY_9)
    first = ReportDelivery.objects.get(report=failing)
    assert first.status == DeliveryStatus.RETRYING and "SMTP down" in first.error
    assert first.next_attempt_at == MONDAY_9 + timedelta(minutes=5)
    assert ReportDelivery.objects.get(report=healthy).status == DeliveryStatus.SENT

    send_due_reports(now=MONDAY_9 + timedelta(minutes=2))  # before the backoff: nothing
    assert ReportDelivery.objects.get(report=failing).attempts == 1
    send_due_reports(now=MONDAY_9 + timedelta(minutes=6))

    retried = ReportDelivery.objects.get(report=failing)
    assert retried.status == DeliveryStatus.SENT and retried.attempts == 2
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == ["Failing", "Healthy"]


def test_a_claim_lost_with_its_worker_is_not_resent_before_it_is_stale():
    report = make_report()
    ReportDelivery.objects.create(report=report, slot=latest_slot(report, MONDAY_9), attempts=1,
                                  claimed_at=MONDAY_9)  # a worker claimed it and died
    send_due_reports(now=MONDAY_9 + timedelta(minutes=5))
    assert mail.outbox == []
    send_due_reports(now=MONDAY_9 + timedelta(minutes=20))
    assert len(mail.outbox) == 1
