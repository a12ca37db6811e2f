"""The streaming exporter's per-column formatters give exactly `format_cell`'s values, in the active zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from analytics.exports.cells import CellKind, column_formatter, format_cell

VALUES = [None, "", "plain", "=SUM(A1)", " +1", "\uff1dcmd", "tab\there", "bell\x07", 0, 7, -3, 2.5, True, False,
          datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
          datetime(2026, 3, 1, 12, 30), date(2026, 2, 28), "2026-01-01"]


@pytest.mark.smoke
@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Los_Angeles"])
@pytest.mark.parametrize("native", [False, True])
@pytest.mark.parametrize("kind", list(CellKind))
def test_each_column_formats_as_format_cell(kind, native, zone):
    with timezone.override(ZoneInfo(zone)):
        formatter = column_formatter(kind, native=native)
        for value in VALUES:
            if kind in (CellKind.INT, CellKind.FLOAT, CellKind.BOOL) and isinstance(value, str | datetime | date):
                continue  # a typed column never holds these (values_list reads its field)
            assert formatter(value) == format_cell(value, kind, native=native), (kind, native, zone, value)


def test_the_zone_is_the_one_active_when_the_export_started():
    moment = datetime(2026, 3, 29, 21, 30, tzinfo=UTC)  # 23:30 in Berlin, the night the clocks changed
    with timezone.override(ZoneInfo("Europe/Berlin")):
        formatter = column_formatter(CellKind.DATETIME, native=False)
    assert formatter(moment) == "2026-03-29T23:30:00+02:00"
