"""Set-based inserts for the hot paths: one `INSERT … SELECT FROM unnest(arrays)` on PostgreSQL.

Django's bulk_create spends most of its time preparing one model instance per row; ingestion of likes and
actors sends column arrays instead. Other databases (the SQLite demo) fall back to bulk_create.

Rows are written in the order of their conflict key. Two workers refreshing accounts of one instance upsert
overlapping audience members; in the order each listing gave them, one statement could hold "z" and wait for
"m" while the other held "m" and waited for "z" (PostgreSQL's deadlock detector then kills one run). In one
shared order, the second simply waits for the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from django.db import connection, models

FALLBACK_BATCH = 2000


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]


def _instances(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple]) -> list[models.Model]:
    """Model instances for bulk_create; foreign keys are given as ids, so use their attnames (post_id)."""
    attnames = [field.attname for field in _columns(model, names)]
    return [model(**dict(zip(attnames, row, strict=True))) for row in rows]


def _in_key_order(names: Sequence[str], rows: Sequence[tuple], conflict: Sequence[str]) -> list[tuple]:
    return sorted(rows, key=itemgetter(*[list(names).index(name) for name in conflict]))


def _unnest_sql(model: type[models.Model], names: Sequence[str], conflict: Sequence[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    fields = _columns(model, names)
    columns = ", ".join(quote(field.column) for field in fields)
    # A foreign key's db_type is its target's (bigint); arrays of it are cast the same way.
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    conflict_columns = ", ".join(quote(field.column) for field in _columns(model, conflict))
    # Identifiers come from model metadata, quoted; every value is a bound parameter.
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT * FROM unnest({arrays})"  # noqa: S608
    return insert, f"ON CONFLICT ({conflict_columns})"


def insert_ignoring_conflicts(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple], *,
                              conflict: Sequence[str]) -> int:
    """Insert rows (tuples in `names` order), skipping those that hit the unique key; returns rows inserted."""
    if not rows:
        return 0
    rows = _in_key_order(names, rows, conflict)
    if connection.vendor != "postgresql":
        before = model._default_manager.count()
        model._default_manager.bulk_create(_instances(model, names, rows), ignore_conflicts=True,
                                           batch_size=FALLBACK_BATCH)
        return model._default_manager.count() - before
    insert, on_conflict = _unnest_sql(model, names, conflict)
    with connection.cursor() as cursor:
        cursor.execute(f"{insert} {on_conflict} DO NOTHING", [list(column) for column in zip(*rows, strict=True)])
        return cursor.rowcount


def upsert_changed(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple], *,
                   conflict: Sequence[str], update: Sequence[str], touch: Sequence[str] = ()) -> None:
    """Insert new rows; update existing ones only where an `update` column differs (no needless rewrites).

    `touch` columns (e.g. updated_at) are written along with a real change but never cause one.
    """
    if not rows:
        return
    rows = _in_key_order(names, rows, conflict)
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            _instances(model, names, rows), update_conflicts=True,
            unique_fields=list(conflict), update_fields=[*update, *touch], batch_size=FALLBACK_BATCH)
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(field.column) for field in _columns(model, update)]
    touched = [quote(field.column) for field in _columns(model, touch)]
    assignments = ", ".join(f"{column} = EXCLUDED.{column}" for column in [*columns, *touched])
    differs = " OR ".join(f"{table}.{column} IS DISTINCT FROM EXCLUDED.{column}" for column in columns)
    insert, on_conflict = _unnest_sql(model, names, conflict)
    with connection.cursor() as cursor:
        cursor.execute(f"{insert} {on_conflict} DO UPDATE SET {assignments} WHERE {differs}",
                       [list(column) for column in zip(*rows, strict=True)])
