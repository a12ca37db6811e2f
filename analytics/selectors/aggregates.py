"""SQL aggregates the selectors need beyond Django's own: the median (PostgreSQL, and SQLite for the demo)."""

from __future__ import annotations

from statistics import median

from django.db.models import Aggregate, FloatField

SQLITE_MEDIAN = "postflow_median"


class Median(Aggregate):
    """The median of a group: PERCENTILE_CONT(0.5) on PostgreSQL, a registered Python aggregate on SQLite."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_MEDIAN, template="%(function)s(%(expressions)s)",
                           **extra_context)


class _SqliteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return float(median(self.values)) if self.values else None


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: teach each new SQLite connection the median aggregate."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_MEDIAN, 1, _SqliteMedian)
