"""A `Document` as a PDF (WeasyPrint with the no-network fetcher, SVG charts by pygal) or as CSV files."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from admin_dashboards.downloads.document import Document
from analytics.exports.cells import safe_text
from analytics.services.reports.charts import render_svg, svg_data_uri
from analytics.services.reports.pdf import write_pdf


def render_document_html(document: Document) -> str:
    charts = [{"title": chart.title, "empty": chart.is_empty,
               "src": "" if chart.is_empty else svg_data_uri(render_svg(chart))} for chart in document.charts]
    return render_to_string("admin_dashboards/downloads/document.html", {"doc": document, "charts": charts})


# A PDF is for reading: the top-fans page of 500 accounts printed 501 tables (478 kB, 17.8 s at 1M posts).
PDF_MAX_TABLES = 12


def render_document_pdf(document: Document) -> bytes:
    """The document as a PDF; past PDF_MAX_TABLES tables it prints the first ones and says the CSV has all."""
    if len(document.tables) > PDF_MAX_TABLES:
        note = (_("Tables"), _("the first %(shown)d of %(total)d; the CSV download holds them all")
                % {"shown": PDF_MAX_TABLES, "total": len(document.tables)})
        document = dataclasses.replace(document, tables=document.tables[:PDF_MAX_TABLES],
                                       filters=[*document.filters, note])
    return write_pdf(render_document_html(document))


NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _csv_cell(value: str) -> str:
    """Numbers stay numbers; text (captions, handles, comments: user-generated) cannot start a formula."""
    return value if NUMBER.fullmatch(value) else safe_text(value)


def table_csv(table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    writer.writerows([_csv_cell(cell) for cell in row] for row in table.raw_rows)
    return out.getvalue()


def csv_files(document: Document) -> dict[str, str]:
    """One CSV per table, named after the table ("top-posts.csv")."""
    return {f"{table.name}.csv": table_csv(table) for table in document.tables}


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def file_stem(document: Document) -> str:
    return slugify(f"{document.title} {document.period}") or "dashboard"
