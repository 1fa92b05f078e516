"""Spreadsheet exports (CSV and XLSX): the only code in the project that writes a cell.

A cell whose text starts with `=`, `+`, `-` or `@` is read as a formula by Excel and
LibreOffice, so a company named `=HYPERLINK(...)` could run something on the animator's
machine (OWASP "CSV injection"). Anyone can put text in the register: the newsletter
sign-up, `/join/`, public surveys, the press room's download form, imports, profiles.

Each value is cleaned first, then neutralised, in that order, for both formats:
1. control characters are dropped (a leading `\\x01` would otherwise hide the `=` from the
   check and vanish later, in the spreadsheet or in openpyxl);
2. if the first visible character, past whitespace and invisible format characters, is a
   formula trigger (ASCII or its full-width and small forms), or the text starts with a tab
   or a carriage return, the cell is prefixed with a single quote, which spreadsheets show
   as text.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

EXPORT_FORMATS = ("csv", "xlsx")
# The query parameter by which a staff list is asked for all its rows as a file.
EXPORT_PARAMETER = "export"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

FORMULA_TRIGGERS = frozenset("=+-@")
# Read as formulas by some spreadsheets (or turned into one by their input methods):
# compared after NFKC, which folds the full-width ＝＋－＠ and the small ﹦﹢﹣﹫ forms.
# The minus sign U+2212 does not fold, so it is named.
_EXTRA_TRIGGERS = frozenset("\u2212")
# A tab or carriage return at the very start is how OWASP's payloads slip past a naive
# check of the first character.
_LEADING_TRIGGERS = ("\t", "\r")
# Control characters other than tab, line feed and carriage return (which a cell may
# hold, and which openpyxl writes); DEL and the C1 block too.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def cell_text(value) -> str:
    """The text of a value, as a person reads it in a list."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def first_visible_character(text: str) -> str:
    """The first character of `text` that is neither whitespace, nor a control or an
    invisible format character (zero-width space, byte-order mark, bidi marks)."""
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        return char
    return ""


def is_formula_trigger(char: str) -> bool:
    if not char:
        return False
    return char in _EXTRA_TRIGGERS or unicodedata.normalize("NFKC", char)[:1] in FORMULA_TRIGGERS


def export_cell(value) -> str:
    """The text of one cell: control characters dropped, then neutralised when a
    spreadsheet would take it for a formula."""
    text = _CONTROL.sub("", cell_text(value))
    if text.startswith(_LEADING_TRIGGERS) or is_formula_trigger(first_visible_character(text)):
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
    sheet.append([export_cell(title) for title in header])
    for row in rows:
        sheet.append([export_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class XlsxCell:
    """A cell of `export_workbook` with a display format for its number or date (an Excel
    format code, "0.0%"), or in bold (a title, a header)."""

    value: object = None
    number_format: str | None = None
    bold: bool = False


# Characters a sheet's name may not hold.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in its book."""
    name = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    base, number = name, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.casefold())
    return name


def _workbook_value(value):
    """Numbers and dates stay numbers and dates, for the reader to compute with; anything
    else is text, cleaned and neutralised as in `export_cell`."""
    if value is None:
        return None
    if isinstance(value, int | float | date) and not isinstance(value, bool):
        return value
    return export_cell(value)


def export_workbook(
    *, sheets: Iterable[tuple[str, Iterable[Sequence]]], widths: Sequence[float] = ()
) -> bytes:
    """A workbook of several sheets, each (title, rows). Unlike `export_xlsx`, which writes
    lists as text, numbers and dates are kept as such; a row's value may be an XlsxCell
    to give it a format. `widths` are the widths of the first columns of every sheet."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title, taken))
        # A write-only sheet takes its columns' widths before its first row.
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in rows:
            cells = []
            for value in row:
                if not isinstance(value, XlsxCell):
                    cells.append(_workbook_value(value))
                    continue
                cell = WriteOnlyCell(sheet, value=_workbook_value(value.value))
                if value.number_format:
                    cell.number_format = value.number_format
                if value.bold:
                    cell.font = Font(bold=True)
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    *, export_format: str, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """An attachment in `export_format` ("csv" or "xlsx"); `filename` has no extension."""
    if export_format == "xlsx":
        content = export_xlsx(header=header, rows=rows, title=filename)
        content_type = XLSX_CONTENT_TYPE
    else:
        export_format = "csv"
        content = export_csv(header=header, rows=rows)
        content_type = CSV_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


def export_if_requested(
    request: HttpRequest,
    *,
    filename: str,
    table: Callable[[], tuple[Sequence[str], Iterable[Sequence]]],
) -> HttpResponse | None:
    """The list as a file when the page is asked for one (`?export=csv|xlsx`), else None
    and the view shows the page. `table()` returns the header and the rows; it is called
    only for the file, so the page itself runs none of the export's queries."""
    export_format = request.GET.get(EXPORT_PARAMETER)
    if export_format not in EXPORT_FORMATS:
        return None
    header, rows = table()
    return export_response(export_format=export_format, filename=filename, header=header, rows=rows)
