"""Scheduled report end to end: the real task sends through Django's SMTP backend to a real SMTP server on
loopback (aiosmtpd); the received message's KPIs, PDF and CSV match the dashboard selectors."""

from __future__ import annotations

import csv
import email
import io
import re
import shutil
import socket
import subprocess
from datetime import timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from pypdf import PdfReader

from analytics import tasks
from analytics.models import AccountDailyStats, DeliveryStatus, Report, ReportDelivery, ReportPeriod
from analytics.selectors.kpis import dashboard_kpis
from analytics.selectors.posts import top_posts
from analytics.services.reports.render import TOP_POST_COLUMNS
from analytics.services.reports.schedule import latest_slot, period_for
from tests.factories import AccountFactory, PostFactory, SummaryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
TZ = "Europe/Berlin"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "report-page1.png"


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.drop = 0

    async def handle_DATA(self, server, session, envelope):
        if self.drop:
            self.drop -= 1
            return "421 closing connection"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "use_tls": False,
                                                "timeout": 5}}}
    yield inbox
    controller.stop()


def _world():
    """Two accounts with posts and daily stats in the last 7 days."""
    today = timezone.localdate()
    accounts = [AccountFactory(handle="harbourbakery"), AccountFactory(handle="othertenant")]
    for index, account in enumerate(accounts):
        for day in range(1, 7):
            post = PostFactory(account=account, posted_at=timezone.now() - timedelta(days=day, hours=1),
                               caption_text=f"Post {day} of {account.handle}")
            SummaryFactory(post=post, likes=10 * day + index, comments=day, shares=1,
                           total_engagement=11 * day + index + 1)
            AccountDailyStats.objects.create(account=account, day=today - timedelta(days=day), posts_published=1,
                                             likes=10 * day + index, comments=day, shares=1,
                                             total_engagement=11 * day + index + 1, followers_count=1000 + index)
    return accounts


def _due_report(**fields) -> Report:
    """A weekly report whose slot was a minute ago, so the task finds it due now."""
    slot = (timezone.now() - timedelta(minutes=1)).astimezone(ZoneInfo(TZ))
    values = {"name": "Weekly digest", "period": ReportPeriod.LAST_7_DAYS, "time_zone": TZ,
              "weekday": slot.weekday(), "send_time": slot.time().replace(second=0, microsecond=0),
              "extra_recipients": "lead@example.com", **fields}
    return Report.objects.create(**values)


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def _attachment(message, name) -> bytes:
    for part in message.iter_attachments():
        if part.get_filename() == name:
            return part.get_payload(decode=True)
    raise AssertionError(f"no attachment {name}")


def test_the_scheduled_report_arrives_with_the_dashboards_numbers(smtp):
    accounts = _world()
    report = _due_report()
    report.accounts.add(accounts[0])

    tasks.send_due_reports()

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    period = period_for(report, latest_slot(report, timezone.now()))
    with timezone.override(TZ):
        kpis = dashboard_kpis(period, accounts=[accounts[0].pk])
        top = top_posts(period, accounts=[accounts[0].pk], limit=10)
    assert message["Subject"] == f"Weekly digest: {period}"
    html = _html(message)
    shown = dict(re.findall(r'data-kpi="(\w+)"><td>[^<]*</td><td class="num kpi-value">([^<]*)<', html))
    for name in ("posts_published", "likes", "comments", "shares", "total_engagement", "followers"):
        assert shown[name] == str(getattr(kpis.current, name))
    pdf = _attachment(message, "report.pdf")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for name in ("likes", "total_engagement"):
        assert str(getattr(kpis.current, name)) in text
    rows = list(csv.DictReader(io.StringIO(_attachment(message, "top-posts.csv").decode())))
    assert [row["url"] for row in rows] == [post.url for post in top]
    assert [row["total_engagement"] for row in rows] == [str(post.total_engagement) for post in top]
    assert list(rows[0]) == TOP_POST_COLUMNS
    raw = message.as_bytes()
    assert b"othertenant" not in raw and b"secret-value" not in raw
    assert ReportDelivery.objects.get().status == DeliveryStatus.SENT
    _screenshot(pdf)


def _screenshot(pdf: bytes) -> None:
    if not shutil.which("pdftoppm"):
        return
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    source = SCREENSHOT.with_suffix(".pdf")
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(SCREENSHOT.with_suffix(""))], check=True, timeout=60)
    source.unlink()


def test_a_dropped_connection_is_recorded_and_retried_without_a_duplicate(smtp):
    _world()
    flaky, steady = _due_report(), _due_report(name="Monthly-ish")
    smtp.drop = 1

    tasks.send_due_reports()
    tasks.send_due_reports()  # the next run, before the backoff: nothing more

    failed = [d for d in ReportDelivery.objects.all() if d.status == DeliveryStatus.RETRYING]
    assert len(failed) == 1 and failed[0].error
    assert len(smtp.messages) == 1  # the other report went out

    from analytics.services.reports.send import send_due_reports

    send_due_reports(now=timezone.now() + timedelta(minutes=6))
    assert len(smtp.messages) == 2
    assert {m["Subject"].split(":")[0] for m in smtp.messages} == {flaky.name, steady.name}
    assert set(ReportDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_an_smtp_server_that_is_down_gives_a_recorded_failure(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": _free_port(), "use_tls": False,
                                                "timeout": 2}}}
    _due_report()
    tasks.send_due_reports()
    delivery = ReportDelivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING and "Connection" in delivery.error
