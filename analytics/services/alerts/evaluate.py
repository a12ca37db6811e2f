"""Evaluate every enabled rule: log each new (rule, subject) once, then deliver it unless the rule is quiet.

Once-only is the database's job: the alert row is inserted before anything is sent, and the unique
(rule, subject_key) constraint turns a second evaluator (another worker, a retried task) into a no-op
for that subject. A delivery failure is recorded on the row (status failed, error) and not retried, so a
flapping receiver never gets the same alert twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics.models import Alert, AlertRule, AlertStatus
from analytics.services.alerts import channels
from analytics.services.alerts.detectors import detect

logger = logging.getLogger(__name__)


@dataclass
class EvaluationResult:
    fired: list[Alert] = field(default_factory=list)

    @property
    def message(self) -> str:
        sent = sum(alert.status == AlertStatus.SENT for alert in self.fired)
        return f"{len(self.fired)} new alert(s), {sent} delivered"


def evaluate_alerts(*, now: datetime | None = None) -> EvaluationResult:
    now = now or timezone.now()
    result = EvaluationResult()
    for rule in AlertRule.objects.filter(enabled=True):
        for subject_key, payload in detect(rule, now):
            alert = _log_once(rule, subject_key, payload, now)
            if alert is not None:
                _deliver(alert, now)
                result.fired.append(alert)
    return result


def _log_once(rule: AlertRule, subject_key: str, payload: dict, now: datetime) -> Alert | None:
    try:
        with transaction.atomic():
            return Alert.objects.create(rule=rule, subject_key=subject_key, payload=payload, fired_at=now)
    except IntegrityError:
        return None  # already fired for this subject (possibly by a concurrent worker this very moment)


def _deliver(alert: Alert, now: datetime) -> None:
    rule = alert.rule
    quiet_since = now - timedelta(minutes=rule.quiet_minutes)
    if rule.quiet_minutes and Alert.objects.filter(rule=rule, status=AlertStatus.SENT,
                                                   fired_at__gt=quiet_since).exclude(pk=alert.pk).exists():
        _finish(alert, AlertStatus.SUPPRESSED)
        return
    errors = []
    if rule.recipients():
        try:
            channels.send_email(alert)
        except Exception as exc:  # any SMTP failure is recorded on the alert
            errors.append(f"e-mail: {type(exc).__name__}: {exc}")
    if rule.webhook_url:
        try:
            channels.send_webhook(alert)
        except Exception as exc:  # likewise for the receiver
            errors.append(f"webhook: {type(exc).__name__}: {exc}")
    if errors:
        logger.warning("alert %s not delivered: %s", alert.pk, "; ".join(errors))
    _finish(alert, AlertStatus.FAILED if errors else AlertStatus.SENT, "; ".join(errors)[:2000])


def _finish(alert: Alert, status: str, error: str = "") -> None:
    alert.status, alert.error = status, error
    alert.save(update_fields=["status", "error"])
