"""The alerts admin: Operators edit rules (webhook URL checked, secret kept encrypted), Analysts only read,
and nobody edits the alert log."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.models import Alert, AlertKind, AlertRule

pytestmark = pytest.mark.django_db
# Long enough that a random CSRF token on the page never contains it by chance (a 2-character secret did).
SECRET = "hmac-secret-not-in-any-page-7f31"


def _form(rule: AlertRule, **changes) -> dict:
    data = {"name": rule.name, "kind": rule.kind, "enabled": "on", "window_hours": rule.window_hours,
            "multiplier": rule.multiplier, "min_engagement": rule.min_engagement,
            "drop_percent": rule.drop_percent, "email_recipients": "", "webhook_url": "",
            "quiet_minutes": rule.quiet_minutes, "webhook_secret": ""}
    return {**data, **changes}


def test_an_operator_sets_a_webhook_and_its_secret_is_kept(operator_client, settings, monkeypatch):
    settings.PLATFORM_ALLOW_INSECURE_URLS = False
    monkeypatch.setattr("platforms.urls._resolve", lambda host, port: ["93.184.215.14"])  # a public answer
    rule = AlertRule.objects.get(kind=AlertKind.TAKING_OFF)
    url = reverse("admin:analytics_alertrule_change", args=[rule.pk])

    response = operator_client.post(url, _form(rule, webhook_url="https://hooks.example/p", webhook_secret=SECRET))
    assert response.status_code == 302
    operator_client.post(url, _form(rule, webhook_url="https://hooks.example/p", quiet_minutes=5))

    rule.refresh_from_db()
    assert rule.webhook_secret.reveal() == SECRET and rule.quiet_minutes == 5
    assert SECRET not in operator_client.get(url).content.decode()


def test_a_private_webhook_url_is_refused_in_the_form(operator_client, settings):
    settings.PLATFORM_ALLOW_INSECURE_URLS = False
    rule = AlertRule.objects.get(kind=AlertKind.TAKING_OFF)
    response = operator_client.post(reverse("admin:analytics_alertrule_change", args=[rule.pk]),
                                    _form(rule, webhook_url="https://192.168.1.10/hook"))
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.webhook_url == ""


def test_an_analyst_reads_rules_but_cannot_change_them(analyst_client):
    rule = AlertRule.objects.get(kind=AlertKind.TAKING_OFF)
    url = reverse("admin:analytics_alertrule_change", args=[rule.pk])
    assert analyst_client.get(reverse("admin:analytics_alertrule_changelist")).status_code == 200

    analyst_client.post(url, _form(rule, quiet_minutes=1))

    rule.refresh_from_db()
    assert rule.quiet_minutes == 60


def test_the_alert_log_is_read_only_for_operators(operator_client, django_assert_max_num_queries):
    rule = AlertRule.objects.get(kind=AlertKind.TAKING_OFF)
    for index in range(20):
        Alert.objects.create(rule=rule, subject_key=f"post:{index}", fired_at=timezone.now())
    with django_assert_max_num_queries(12):
        assert operator_client.get(reverse("admin:analytics_alert_changelist")).status_code == 200
    alert = Alert.objects.first()
    operator_client.post(reverse("admin:analytics_alert_change", args=[alert.pk]), {"subject_key": "x"})
    assert reverse("admin:analytics_alert_add") and operator_client.get(
        reverse("admin:analytics_alert_add")).status_code == 403
    alert.refresh_from_db()
    assert alert.subject_key != "x"
