"""Alert channels: e-mail through Django's mail API, and a signed JSON webhook through HttpPolicy.

The webhook body is the alert as JSON; `X-PostFlow-Signature: sha256=<hex>` is the HMAC-SHA256 of the exact
body bytes with the rule's secret, so a receiver (a Slack or Matrix bridge) can verify it came from us.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail

from analytics.models import Alert
from platforms.errors import InvalidInstanceURL
from platforms.http import HttpPolicy
from platforms.urls import check_public_url

SIGNATURE_HEADER = "X-PostFlow-Signature"


def validate_webhook_url(url: str) -> str:
    """The same rules as media links: http(s), no credentials, and (unless PLATFORM_ALLOW_INSECURE_URLS)
    https to a host whose every DNS answer is global. HttpPolicy re-checks the address it connects to."""
    try:
        return check_public_url(url, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS)
    except InvalidInstanceURL as exc:
        raise ValidationError(str(exc)) from exc


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_of(alert: Alert) -> bytes:
    message = {"rule": alert.rule.name, "kind": alert.rule.kind, "subject": alert.subject_key,
               "fired_at": alert.fired_at.isoformat(), "text": summary(alert), **alert.payload}
    return json.dumps(message, sort_keys=True, separators=(",", ":")).encode()


def summary(alert: Alert) -> str:
    data = alert.payload
    who = data.get("account") or ("#" + data["hashtag"] if data.get("hashtag") else alert.subject_key)
    return f"{alert.rule.get_kind_display()}: {who}"


def send_webhook(alert: Alert, *, policy: HttpPolicy | None = None) -> None:
    url = validate_webhook_url(alert.rule.webhook_url)
    body = body_of(alert)
    headers = {"Content-Type": "application/json",
               SIGNATURE_HEADER: sign(body, alert.rule.webhook_secret.reveal())}
    policy = policy or HttpPolicy(**{**settings.PLATFORM_HTTP_OPTIONS, "max_attempts": 2},
                                  allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS)
    # The pre-serialised bytes go as `data=` so the signed bytes are exactly the bytes sent.
    policy.request("POST", url, headers=headers, data=body)


def send_email(alert: Alert) -> None:
    body = json.dumps(alert.payload, indent=2, sort_keys=True)
    send_mail(f"[PostFlow] {summary(alert)}", body, None, alert.rule.recipients(), fail_silently=False)
