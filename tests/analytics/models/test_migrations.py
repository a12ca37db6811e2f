"""Migrations apply, reverse to zero and re-apply; the models match the migrations."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_migrations_reverse_to_zero_and_reapply():
    call_command("migrate", "analytics", "zero", verbosity=0)
    call_command("migrate", verbosity=0)


@pytest.mark.django_db
def test_makemigrations_is_clean():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
