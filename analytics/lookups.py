"""`field__any=[...]`: one array parameter on PostgreSQL instead of one placeholder per value.

With `__in`, a look-up of every liker in a batch (thousands of remote ids) has Django prepare each value and
the driver scan the statement for thousands of placeholders: more time than the query. Values are passed as
they are, so give them the field's Python type (str for a CharField, int for a key). Other databases: `IN`.
"""

from __future__ import annotations

from django.db.models import Field
from django.db.models.lookups import In


@Field.register_lookup
class AnyOf(In):
    lookup_name = "any"

    def get_prep_lookup(self):
        return list(dict.fromkeys(self.rhs))

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{array_type}[])", (*lhs_params, self.rhs)
