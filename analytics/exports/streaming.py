"""Write a dataset to a CSV or XLSX file row by row, so memory stays flat however many rows there are.

Rows come from a server-side cursor on PostgreSQL (`.iterator()` over `values_list`) in CHUNK_SIZE batches;
XLSX is written by `analytics.exports.xlsx`, which streams into the zip with no temporary file."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from analytics.exports.cells import column_formatter
from analytics.exports.columns import Dataset
from analytics.exports.xlsx import write_xlsx

CHUNK_SIZE = 10_000  # rows per server-side cursor fetch: few round trips, a few MB at most
FORMATS = ("csv", "xlsx")


def dataset_rows(queryset, dataset: Dataset, *, native: bool) -> Iterator[list]:
    formatters = [column_formatter(column.kind, native=native) for column in dataset.columns]
    for row in queryset.values_list(*dataset.paths).iterator(chunk_size=CHUNK_SIZE):
        yield [format_value(value) for format_value, value in zip(formatters, row, strict=True)]


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


def stream_dataset(queryset, dataset: Dataset, file_format: str, path: Path) -> int:
    """Write every row of `queryset` to `path`; returns the number of data rows."""
    if file_format not in FORMATS:
        raise ValueError(f"unsupported export format {file_format!r}")
    native = file_format == "xlsx"
    writer = write_xlsx if native else write_csv
    return writer(path, dataset.headers, dataset_rows(queryset, dataset, native=native))
