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


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_caption_search_is_served_by_the_trigram_index():
    from django.db import connection

    from analytics.models import Post

    query = Post.all_objects.filter(caption_text__icontains="harbour").order_by().values("id").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        # On a near-empty table the planner prefers a scan, index or not: leave it only a bitmap index scan,
        # which needs an index whose condition matches the LIKE.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "post_caption_trgm" in plan, plan
