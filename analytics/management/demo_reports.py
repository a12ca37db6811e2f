"""The demo's reports and alerts: a weekly report to the demo admin and the default alert rules mailing them.

So a new user finds "Weekly digest (demo)" under Reports and gets a message within a minute of "Send now"
(the demo's DEBUG mail backend prints it to the console). Idempotent: a second demo run changes nothing.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import transaction

from analytics.models import AlertRule, Cadence, Report, ReportPeriod

DEMO_REPORT = "Weekly digest (demo)"


@transaction.atomic
def configure_demo_reports(user) -> Report:
    """The weekly report (Monday 08:00, the last 7 days, PDF and CSV) to `user`; the enabled alert rules
    without any channel get `user`'s address, so their alerts are mailed rather than only logged."""
    report, created = Report.objects.get_or_create(name=DEMO_REPORT, defaults={
        "period": ReportPeriod.LAST_7_DAYS, "cadence": Cadence.WEEKLY, "weekday": 0, "send_time": time(8, 0),
        "time_zone": settings.TIME_ZONE, "comparison": True, "attach_pdf": True, "attach_csv": True,
    })
    if created:
        report.full_clean()
        report.staff_recipients.add(user)
    if user.email:
        AlertRule.objects.filter(enabled=True, email_recipients="", webhook_url="").update(
            email_recipients=user.email)
    return report
