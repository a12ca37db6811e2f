"""Write a dataset to a CSV or XLSX file row by row, so memory stays flat however many rows there are."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from openpyxl import Workbook

from analytics.exports.cells import format_cell
from analytics.exports.columns import Dataset

CHUNK_SIZE = 2000
FORMATS = ("csv", "xlsx")


def dataset_rows(queryset, dataset: Dataset, *, native: bool) -> Iterator[list]:
    kinds = [column.kind for column in dataset.columns]
    for row in queryset.values_list(*dataset.paths).iterator(chunk_size=CHUNK_SIZE):
        yield [format_cell(value, kind, native=native) for value, kind in zip(row, kinds, strict=True)]


def write_csv(path: Path, headers: list[str], rows: Iterable[list]) -> int:
    count = 0
    # utf-8-sig: Excel only reads a UTF-8 CSV as UTF-8 when it starts with a BOM.
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_xlsx(path: Path, headers: list[str], rows: Iterable[list]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count


def stream_dataset(queryset, dataset: Dataset, file_format: str, path: Path) -> int:
    """Write every row of `queryset` to `path`; returns the number of data rows."""
    if file_format not in FORMATS:
        raise ValueError(f"unsupported export format {file_format!r}")
    native = file_format == "xlsx"
    writer = write_xlsx if native else write_csv
    return writer(path, dataset.headers, dataset_rows(queryset, dataset, native=native))
