"""A database outage answers a clean 503 page: no traceback, no settings, a retry hint."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_view_hitting_a_dead_database_answers_503(admin_client, monkeypatch, settings, error):
    settings.DEBUG = True  # even the debug page must not show

    def dead(*args, **kwargs):
        raise error('connection to server at "127.0.0.1", port 1 failed: password=secret')

    monkeypatch.setattr("analytics.admin.accounts.AccountAdmin.get_queryset", dead)
    response = admin_client.get(reverse("admin:analytics_account_changelist"))
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "try again" in body
    assert "Traceback" not in body and "secret" not in body and "DATABASE" not in body
