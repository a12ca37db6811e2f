"""The streaming XLSX writer: a workbook openpyxl reads back with typed cells, written with no temporary file."""

from __future__ import annotations

import tempfile

import pytest
from openpyxl import load_workbook

from analytics.exports.streaming import write_xlsx  # the writer background exports use

pytestmark = pytest.mark.smoke


def test_rows_read_back_with_their_types_and_escaped_text(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [["<b>fish & chips</b>", 42, 0.25, True, None], ["  leading spaces", -1, 1e-9, False, "2026-01-02T03:04"]]
    assert write_xlsx(path, ["caption", "likes", "rate", "deleted", "when"], iter(rows)) == 2
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == ["caption", "likes", "rate", "deleted", "when"]
    assert [cell.value for cell in sheet[2]] == rows[0]
    assert [cell.value for cell in sheet[3]] == rows[1]


def test_many_rows_stream_without_a_temporary_file(tmp_path, monkeypatch):
    # Any temporary file would be created in this missing directory and fail.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-directory"))
    path = tmp_path / "big.xlsx"
    written = write_xlsx(path, ["n", "text"], ([n, f"row {n}"] for n in range(30_000)))
    assert written == 30_000
    monkeypatch.undo()
    sheet = load_workbook(path, read_only=True).active
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 30_001
