"""Logging in at /admin/login/ directly (no `next`) must land on the admin, not Django's /accounts/profile/."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.mark.django_db
def test_a_direct_admin_login_lands_on_the_admin_index(client):
    factories.UserFactory(username="lead", password="a-long-enough-password-1")

    response = client.post("/admin/login/", {"username": "lead", "password": "a-long-enough-password-1"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
