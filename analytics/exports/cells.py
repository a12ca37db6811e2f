"""Spreadsheet-safe cell values, shared by the import-export resources and the streaming exporter.

Captions and usernames are user-generated: a leading `=`, `+`, `-`, `@`, tab or carriage return would
run as a formula in Excel or LibreOffice, and XLSX refuses most ASCII control characters outright.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum

from django.utils import timezone

# XML 1.0 forbids these; openpyxl raises IllegalCharacterError on them (tab, LF and CR are allowed).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The fullwidth forms too: some spreadsheet apps normalise them to ASCII before parsing a formula.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class CellKind(StrEnum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATETIME = "datetime"


def safe_text(value: str) -> str:
    """Strip XLSX-illegal characters, then neutralise a leading formula trigger with a quote (OWASP)."""
    cleaned = _XLSX_ILLEGAL.sub("", value)
    if cleaned.lstrip(" ").startswith(_FORMULA_TRIGGERS):
        return "'" + cleaned
    return cleaned


def format_cell(value, kind: CellKind, *, native: bool):
    """One cell: ISO 8601 times in the active zone (the user's), safe text; numbers and booleans stay typed
    when `native` (XLSX)."""
    if value is None:
        return None if native else ""
    if kind is CellKind.DATETIME and isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()
    if kind is CellKind.DATETIME and isinstance(value, datetime | date):
        return value.isoformat()
    if kind in (CellKind.INT, CellKind.FLOAT, CellKind.BOOL):
        if native:
            return value
        return ("true" if value else "false") if kind is CellKind.BOOL else str(value)
    return safe_text(str(value))


def column_formatter(kind: CellKind, *, native: bool) -> Callable[[object], object]:
    """`format_cell` for one column, decided once: a million-row export called it 24 million times, and each
    datetime cell looked the active zone up again (a quarter of a CSV export's time). Same values, tested."""
    empty = None if native else ""
    if kind is CellKind.DATETIME:
        zone = timezone.get_current_timezone()

        def as_time(value):
            if value is None:
                return empty
            if isinstance(value, datetime):
                return (value.astimezone(zone) if value.utcoffset() is not None else value).isoformat()
            if isinstance(value, date):
                return value.isoformat()
            return safe_text(str(value))

        return as_time
    if kind in (CellKind.INT, CellKind.FLOAT, CellKind.BOOL):
        if native:
            return lambda value: value
        if kind is CellKind.BOOL:
            return lambda value: "" if value is None else ("true" if value else "false")
        return lambda value: "" if value is None else str(value)
    return lambda value: empty if value is None else safe_text(str(value))
