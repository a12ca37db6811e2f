"""Webhook alerts end to end: a real loopback HTTP receiver gets the signed JSON once, and checks the HMAC."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from analytics.models import AccountStatus, Alert, AlertKind, AlertRule, AlertStatus
from analytics.services.alerts.channels import SIGNATURE_HEADER, validate_webhook_url
from analytics.services.alerts.evaluate import evaluate_alerts
from tests.analytics.services.alerts.conftest import ensure_default_rules
from tests.factories import AccountFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
SECRET = "whsec-test-1234"


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict, bool]] = []
    status = 204

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        valid = hmac.compare_digest(expected, self.headers.get(SIGNATURE_HEADER, ""))
        type(self).received.append((json.loads(body), valid))
        self.send_response(self.status if valid else 401)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    settings.PLATFORM_ALLOW_INSECURE_URLS = True  # loopback http, as for the sandbox
    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "sleep": lambda _s: None}
    Receiver.received, Receiver.status = [], 204
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/postflow"
    server.shutdown()
    server.server_close()


def _rule(url: str) -> AlertRule:
    ensure_default_rules()
    AlertRule.objects.exclude(kind=AlertKind.NEEDS_REAUTH).update(enabled=False)
    rule = AlertRule.objects.get(kind=AlertKind.NEEDS_REAUTH)
    rule.webhook_url, rule.webhook_secret = url, SECRET
    rule.save()
    return rule


def test_the_receiver_gets_one_signed_alert(receiver):
    _rule(receiver)
    account = AccountFactory(status=AccountStatus.NEEDS_REAUTH)
    now = timezone.now()

    evaluate_alerts(now=now)
    evaluate_alerts(now=now + timedelta(minutes=15))

    assert len(Receiver.received) == 1
    payload, valid = Receiver.received[0]
    assert valid
    assert payload["kind"] == "needs_reauth" and payload["account"] == account.handle
    assert account.access_token.reveal() not in json.dumps(payload)
    assert Alert.objects.get().status == AlertStatus.SENT


def test_the_secret_is_stored_encrypted(receiver):
    _rule(receiver)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT webhook_secret FROM analytics_alertrule WHERE kind = 'needs_reauth'")
        stored = cursor.fetchone()[0]
    assert stored and SECRET not in stored


def test_a_refusing_receiver_records_a_failed_delivery(receiver):
    Receiver.status = 500
    _rule(receiver)
    AccountFactory(status=AccountStatus.NEEDS_REAUTH)

    evaluate_alerts(now=timezone.now())

    alert = Alert.objects.get()
    assert alert.status == AlertStatus.FAILED and alert.error.startswith("webhook: ")


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/hook", "https://10.0.0.5/hook", "https://localhost/x",
                                 "ftp://hooks.example/x", "https://user:pw@hooks.example/x"])
def test_webhook_urls_pass_the_instance_url_ssrf_checks(settings, url):
    settings.PLATFORM_ALLOW_INSECURE_URLS = False
    with pytest.raises(ValidationError):
        validate_webhook_url(url)


def test_a_public_https_webhook_url_is_accepted(settings, monkeypatch):
    settings.PLATFORM_ALLOW_INSECURE_URLS = False
    monkeypatch.setattr("platforms.urls._resolve", lambda host, port: ["93.184.215.14"])
    assert validate_webhook_url("https://hooks.slack.example/services/T0/B0") == \
        "https://hooks.slack.example/services/T0/B0"


def test_a_webhook_name_that_resolves_to_a_private_address_is_refused(settings, monkeypatch):
    settings.PLATFORM_ALLOW_INSECURE_URLS = False
    monkeypatch.setattr("platforms.urls._resolve", lambda host, port: ["93.184.215.14", "10.1.2.3"])
    with pytest.raises(ValidationError, match="non-public"):
        validate_webhook_url("https://hooks.rebound.example/x")
