"""The like and share tables keep one index per query shape: no two plain indexes lead with post_id."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


def _leading_columns(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.relname, a.attname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
               JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
               WHERE x.indrelid = %s::regclass""", [table])
        return cursor.fetchall()


@pytest.mark.parametrize("table", ["analytics_like", "analytics_share"])
def test_only_the_unique_and_by_time_indexes_start_with_post_id(table):
    kind = table.removeprefix("analytics_")
    on_post = sorted(name for name, column in _leading_columns(table) if column == "post_id")
    assert on_post == sorted([f"{kind}_by_post_time", f"{kind}_unique_post_actor"])
