"""Changelist rows with the per-column work done once a page instead of once a cell.

unfold's `items_for_result` repeats for each of 50 rows by 14 columns the field lookup (an exception for every
admin-method column), the empty-value display, the cell classes and two `format_html` calls, and the
template then loops over every cell: about a third of a posts-list request at 1M posts. `fast_results`
yields the same cells (tests compare them with unfold's), each row also joined into one string for the
template. Lists with an editable formset, a popup or drag-and-drop ordering keep unfold's own path.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.admin.templatetags.admin_list import _coerce_field_name
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import _get_non_gfk_field
from django.core.exceptions import FieldDoesNotExist, FieldError, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from unfold.templatetags import unfold_list
from unfold.utils import display_for_field, display_for_header, display_for_label, display_for_value

_LINK_CLASSES = " ".join(unfold_list.LINK_CLASSES)


@dataclass(frozen=True, slots=True)
class _Column:
    """What unfold works out per cell, worked out once per column."""

    classes: str  # without the value-dependent "nowrap"
    read: Callable  # row -> value
    field: models.Field | None
    empty: str
    empty_on_error: str  # unfold shows the admin's default when the lookup raises ObjectDoesNotExist
    relation: bool = False
    boolean: bool = False
    label: object = False
    header: bool = False
    link_tag: str = ""  # "th" for the first link column, "td" for later ones, "" for no link


def fast_results(cl) -> Iterator[unfold_list.UnfoldResultList]:
    """unfold's `results(cl)`, faster; every row carries `html`, its cells joined."""
    unfolds_own = (getattr(cl, "formset", None) or cl.is_popup or cl.to_field
                   or getattr(cl.model_admin, "ordering_field", None))  # drag-sorted lists hide a column
    try:
        columns = None if unfolds_own else _columns(cl)
    except _Unsupported:
        columns = None
    if columns is None:
        for row in unfold_list.results(cl):
            row.html = mark_safe("".join(str(cell) for cell in row))  # noqa: S308 (unfold's escaped cells)
            yield row
        return
    link_prefix = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
    for result in cl.result_list:
        cells = [_cell(column, result, cl, link_prefix) for column in columns]
        row = unfold_list.UnfoldResultList(result, None, cells)
        row.html = mark_safe("".join(cells))  # noqa: S308 (each cell is escaped in _cell)
        yield row


def _columns(cl) -> list[_Column]:
    admin, opts = cl.model_admin, cl.lookup_opts
    empty = admin.get_empty_value_display()
    links = cl.list_display_links
    columns, linked = [], False
    for index, name in enumerate(cl.list_display):
        field, read, attr = _reader(name, opts, admin)
        classes = [f"field-{_coerce_field_name(name, index)}", *unfold_list.TABLE_CELL_CLASSES]
        if field is None and name == "action_checkbox":
            classes = list(unfold_list.TABLE_ACTION_CELL_CLASSES)
        if field is not None and isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
            classes.append("nowrap")
        is_link = links is not None and ((not links and not linked) or name in links)
        columns.append(_Column(
            classes=" ".join(classes), read=read, field=field, empty=getattr(attr, "empty_value_display", empty),
            empty_on_error=empty, relation=field is not None and isinstance(field.remote_field, models.ManyToOneRel),
            boolean=getattr(attr, "boolean", False), label=getattr(attr, "label", False),
            header=getattr(attr, "header", False), link_tag=("td" if linked else "th") if is_link else "",
        ))
        linked = linked or is_link
    return columns


def _reader(name, opts, admin) -> tuple[models.Field | None, Callable, object]:
    """(model field or None, row -> value, the attribute whose display options apply) as lookup_field."""
    try:
        field = _get_non_gfk_field(opts, name)
    except (FieldDoesNotExist, FieldError):  # FieldError: a foreign key's column name, read as an attribute
        field = None
    if field is not None:
        if field.auto_created:  # unfold shows these like a method's value
            return None, lambda row: getattr(row, name), None
        return field, lambda row: getattr(row, name), None
    if callable(name):
        return None, name, name
    if hasattr(admin, name) and name != "__str__":
        method = getattr(admin, name)
        return None, method, method
    raise _Unsupported(name)  # model attributes and properties: rare in our lists, unfold handles them


class _Unsupported(Exception):
    pass


def _cell(column: _Column, result, cl, link_prefix: dict) -> SafeString:
    classes = column.classes
    try:
        value = column.read(result)
    except ObjectDoesNotExist:
        text = column.empty_on_error
    else:
        if column.field is None:
            text = _display(column, value)
            if isinstance(value, datetime.date | datetime.time):
                classes += " nowrap"
        elif column.relation:
            text = column.empty if value is None else value
        else:
            text = display_for_field(value, column.field, column.empty)
    if column.link_tag:
        return _link_cell(column.link_tag, classes, text, result, cl, link_prefix)
    return mark_safe(f'<td class="{classes}">{conditional_escape(text)}</td>')  # noqa: S308


def _display(column: _Column, value) -> str:
    if column.label:
        return display_for_label(value, column.empty, column.label)
    if column.header:
        return display_for_header(value, column.empty)
    return display_for_value(value, column.empty, column.boolean)


def _link_cell(tag: str, classes: str, text, result, cl, link_prefix: dict) -> SafeString:
    try:
        url = cl.url_for_result(result)
    except NoReverseMatch:
        inner = conditional_escape(text)
    else:
        url = add_preserved_filters(link_prefix, url)
        inner = f'<a href="{conditional_escape(url)}" class="{_LINK_CLASSES}" >{conditional_escape(text)}</a>'
    return mark_safe(f'<{tag} class="{classes}">{inner}</{tag}>')  # noqa: S308
