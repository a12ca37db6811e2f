"""django-tables2's per-cell signature look-up is cached per function and answers exactly as tables2's own."""

from __future__ import annotations

import functools

import django_tables2
import pytest
from django_tables2 import utils

from admin_dashboards import table_signatures


class Column:
    def render(self, value, record, **kwargs):
        return value

    def render_plain(self, value):
        return value

    @classmethod
    def build(cls, table, bound_column):
        return table

    @staticmethod
    def helper(value, column):
        return value


def plain(value, *args, record=None):
    return value


class CallableObject:
    def __call__(self, value, bound_row):
        return value


CALLABLES = [Column().render, Column().render_plain, Column.build, Column().helper, Column.helper, plain,
             lambda value: value, functools.partial(plain, record=1), CallableObject()]


@pytest.mark.parametrize("fn", CALLABLES)
def test_the_cached_answer_is_tables2s_own(fn):
    assert table_signatures.signature(fn) == table_signatures._uncached_signature(fn)


def test_bound_methods_of_different_objects_share_one_entry():
    table_signatures._function_signature.cache_clear()
    for _ in range(50):
        table_signatures.signature(Column().render)
    info = table_signatures._function_signature.cache_info()
    assert (info.misses, info.hits) == (1, 49)


def test_it_is_what_tables2_calls_for_every_cell():
    assert utils.signature is table_signatures.signature

    class Table(django_tables2.Table):
        name = django_tables2.Column()

        def render_name(self, value, record):
            return f"{value}:{record['n']}"

    rendered = [row.get_cell("name") for row in Table([{"name": "a", "n": 1}, {"name": "b", "n": 2}]).rows]
    assert rendered == ["a:1", "b:2"]
