"""Send due reports once per slot: claim the (report, slot) row first, then build and send, then record.

The unique (report, slot) row is the claim: a second worker, or a retried task, finds it and does
nothing. A failed send is recorded (status retrying, error, next attempt after a backoff) and picked up
again by a later run; after the last backoff step it stays failed. A claim left `sending` longer than
SENDING_STALE_MINUTES was lost with its worker and is retried — if that worker died after the SMTP
server accepted the message, that one message goes out twice (at-least-once beats never).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from analytics.models import DeliveryStatus, Report, ReportDelivery
from analytics.services.reports.output import build_output
from analytics.services.reports.schedule import latest_slot, period_for

logger = logging.getLogger(__name__)
# A slot missed by more than this (workers down all weekend) is skipped rather than sent late.
MISSED_SLOT_GRACE = timedelta(hours=12)


@dataclass
class SendResult:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    @property
    def message(self) -> str:
        return f"{len(self.sent)} report(s) sent, {len(self.failed)} failed"


def send_due_reports(*, now: datetime | None = None) -> SendResult:
    now = now or timezone.now()
    result = SendResult()
    for report in Report.objects.filter(enabled=True):
        slot = latest_slot(report, now)
        if now - slot <= MISSED_SLOT_GRACE:
            delivery = claim(report, slot, now)
            if delivery is not None:
                _record(result, deliver(delivery, now=now))
    for delivery in _retryable(now):
        if _reclaim(delivery, now):
            delivery.refresh_from_db()
            _record(result, deliver(delivery, now=now))
    return result


def send_now(report: Report, *, now: datetime | None = None) -> ReportDelivery:
    """The admin's "Send now": a slot of its own (this second), sent at once."""
    now = (now or timezone.now()).replace(microsecond=0)
    delivery = claim(report, now, now)
    if delivery is None:
        return ReportDelivery.objects.get(report=report, slot=now)
    return deliver(delivery, now=now)


def claim(report: Report, slot: datetime, now: datetime) -> ReportDelivery | None:
    try:
        with transaction.atomic():
            return ReportDelivery.objects.create(report=report, slot=slot, attempts=1, claimed_at=now)
    except IntegrityError:
        return None


def _retryable(now: datetime):
    stale = now - timedelta(minutes=settings.POSTFLOW_REPORTS["SENDING_STALE_MINUTES"])
    return list(ReportDelivery.objects.filter(
        Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale),
        report__enabled=True).select_related("report"))


def _reclaim(delivery: ReportDelivery, now: datetime) -> bool:
    """Conditional update: of two workers retrying the same row, one wins."""
    return bool(ReportDelivery.objects.filter(pk=delivery.pk, status=delivery.status,
                                              attempts=delivery.attempts).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1))


def build_message(report: Report, slot: datetime, *, now: datetime) -> EmailMultiAlternatives:
    output = build_output(report, period_for(report, slot), now=now)
    message = EmailMultiAlternatives(subject=f"{report.name}: {output.period}", body=output.text(),
                                     to=report.recipients())
    message.attach_alternative(output.html(), "text/html")
    if report.attach_pdf:
        message.attach("report.pdf", output.pdf(), "application/pdf")
    if report.attach_csv:
        for name, table in output.csvs().items():
            message.attach(name, table, "text/csv")
    return message


def deliver(delivery: ReportDelivery, *, now: datetime) -> ReportDelivery:
    report = delivery.report
    started = time.monotonic()
    try:
        message = build_message(report, delivery.slot, now=now)
        delivery.recipients = ", ".join(message.to)
        if not message.to:
            raise ValueError("the report has no recipients any more")
        delivery.size_bytes = len(message.message().as_bytes())
        message.send()
    except Exception as exc:  # any SMTP or rendering failure is recorded and retried, never raised
        logger.warning("report %s slot %s failed: %s", report.pk, delivery.slot, exc)
        backoff = settings.POSTFLOW_REPORTS["RETRY_BACKOFF_MINUTES"]
        if delivery.attempts <= len(backoff):
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = now + timedelta(minutes=backoff[delivery.attempts - 1])
        else:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        delivery.error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        delivery.status, delivery.error, delivery.sent_at = DeliveryStatus.SENT, "", timezone.now()
        delivery.next_attempt_at = None
    delivery.duration_ms = int((time.monotonic() - started) * 1000)
    delivery.save()
    return delivery


def _record(result: SendResult, delivery: ReportDelivery) -> None:
    (result.sent if delivery.status == DeliveryStatus.SENT else result.failed).append(delivery.pk)
