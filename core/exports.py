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
from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook

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
