"""Login throttling (django-axes): a (username, IP) pair is locked out after AXES_FAILURE_LIMIT failed logins
and may log in again once the cool-off has passed."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F

from tests import factories

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff():
    return factories.UserFactory(username="ada")


def _log_in(client, password: str, *, username: str = "ada", ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail_to_the_limit(client, **kwargs):
    """AXES_FAILURE_LIMIT wrong passwords: the form comes back until the last one, which locks the pair."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, "wrong", **kwargs).status_code == 200
    return _log_in(client, "wrong", **kwargs)


def test_the_last_allowed_failure_shows_the_lockout_page(client, staff):
    response = _fail_to_the_limit(client)

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_a_user_is_locked_out_after_the_failure_limit(client, staff):
    _fail_to_the_limit(client)

    response = _log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    assert "Too many failed logins" in body
    assert 'id="login-form"' in body  # still the admin's login page, not a bare error text


def test_a_good_login_works_again_after_the_cool_off(client, staff):
    _fail_to_the_limit(client)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME)

    response = _log_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_lockout_is_per_username_and_address(client, staff):
    factories.UserFactory(username="grace")
    _fail_to_the_limit(client)

    assert _log_in(client, PASSWORD, ip="198.51.100.9").status_code == 302  # ada from another address
    client.logout()
    assert _log_in(client, PASSWORD, username="grace").status_code == 302  # another user, same address


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, staff, settings):
    settings.BEHIND_TLS_PROXY = True
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "ada", "password": "wrong"}, REMOTE_ADDR="10.0.0.2",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.7")

    response = client.post(LOGIN, {"username": "ada", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2",
                           HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")

    assert response.status_code == 429


def test_force_login_is_not_throttled(client, staff):
    _fail_to_the_limit(client)
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200


def test_a_superuser_sees_and_clears_lockouts_in_the_admin(client, staff, admin_client):
    _fail_to_the_limit(client)
    attempt = AccessAttempt.objects.get()

    assert admin_client.get("/admin/axes/accessattempt/").status_code == 200
    admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert _log_in(client, PASSWORD).status_code == 302
