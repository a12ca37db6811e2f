"""A changelist paginator that never counts a whole big table: PostgreSQL's estimate or a capped count."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

COUNT_CAP = 10_000  # a filtered list counts at most this many rows (then pages stop there)
EXACT_BELOW = 100_000  # an unfiltered table estimated smaller than this is counted exactly


class EstimatedCountPaginator(Paginator):
    """Unfiltered on PostgreSQL: `pg_class.reltuples`; otherwise COUNT over at most COUNT_CAP + 1 rows."""

    @cached_property
    def count(self) -> int:
        estimate = self._table_estimate()
        if estimate is not None and estimate >= EXACT_BELOW:
            return estimate
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @cached_property
    def is_estimate(self) -> bool:
        return self.count > COUNT_CAP

    def _table_estimate(self) -> int | None:
        query = self.object_list.query
        connection = connections[self.object_list.db]
        if connection.vendor != "postgresql" or query.where:
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                           [self.object_list.model._meta.db_table])
            row = cursor.fetchone()
        return row[0] if row and row[0] > 0 else None
