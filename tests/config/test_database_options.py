"""The app's PostgreSQL connections run with JIT off (docs/operations.md, POSTFLOW_PG_JIT)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_postgres_connections_have_jit_off(is_postgres):
    if not is_postgres:
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
