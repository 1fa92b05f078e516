"""Spreadsheet exports (CSV and XLSX) of staff lists, safe against formula injection.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by Excel and LibreOffice, so a company named `=HYPERLINK(...)` could run something
on the animator's machine. Every such cell is prefixed with a single quote, which the
spreadsheet shows as text (OWASP "CSV injection").
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_cell(value) -> str:
    """The text of one cell, neutralised when a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = gettext("yes") if value else gettext("no")
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def export_csv(*, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    # Semicolons and a byte-order mark: what French Excel opens in columns, accents intact.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([export_cell(title) for title in header])
    for row in rows:
        writer.writerow([export_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(*, header: Sequence[str], rows: Iterable[Sequence], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_text(title) for title in header])
    for row in rows:
        sheet.append([_xlsx_text(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_text(value) -> str:
    # Control characters make openpyxl raise; they carry no meaning in a register anyway.
    return ILLEGAL_CHARACTERS_RE.sub("", export_cell(value))


def export_response(
    *, export_format: str, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """An attachment in `export_format` ("csv" or "xlsx"); `filename` has no extension."""
    if export_format == "xlsx":
        content = export_xlsx(header=header, rows=rows, title=filename)
        content_type = XLSX_CONTENT_TYPE
    else:
        content = export_csv(header=header, rows=rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
