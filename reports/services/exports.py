"""A report's figures as a workbook, for funders and label files: one sheet per section,
the same tables as the PDF (reports.services.rendering), numbers kept as numbers.

Texts go through core.exports.export_cell, so an organization named "=HYPERLINK(...)" stays
text; numbers and dates are written as such, with a display format for rates and amounts.
"""

import io
import re
from datetime import date

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import export_cell
from reports.charts import Cell, Table
from reports.services.rendering import report_context

# Characters a sheet's name may not hold.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)


def _number_format(cell: Cell, language: str) -> str | None:
    french = language == "fr"
    if cell.change:
        if cell.unit == "%":
            return '+0.0" pts";-0.0" pts";0'
        if cell.unit == "€":
            return '+#,##0.00" €";-#,##0.00" €";0' if french else '+"€"#,##0.00;-"€"#,##0.00;0'
        return "+#,##0;-#,##0;0"
    if cell.unit == "%":
        return '0.0" %"' if french else '0.0"%"'
    if cell.unit == "€":
        return '#,##0.00" €"' if french else '"€"#,##0.00'
    if isinstance(cell.value, float) and not cell.value.is_integer():
        return "0.0"
    if cell.is_number:
        return "#,##0"
    return None


def _write_table(sheet, table: Table, language: str) -> None:
    sheet.append([export_cell(table.caption)])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.append([export_cell(title) for title in table.header])
    for column in range(1, len(table.header) + 1):
        sheet.cell(row=sheet.max_row, column=column).font = BOLD
    for row in table.rows:
        sheet.append(
            [
                cell.value
                if cell.is_number or isinstance(cell.value, date)
                else export_cell(cell.value)
                for cell in row
            ]
        )
        for column, cell in enumerate(row, start=1):
            number_format = _number_format(cell, language)
            if isinstance(cell.value, date):
                number_format = "dd/mm/yyyy" if language == "fr" else "yyyy-mm-dd"
            if number_format:
                sheet.cell(row=sheet.max_row, column=column).number_format = number_format
    sheet.append([])


def _sheet_title(title: str, taken: set[str]) -> str:
    name = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    base, number = name, 2
    while name in taken:
        suffix = f" {number}"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name)
    return name


def _add_sheet(workbook, taken: set[str], title: str, heading: str, tables, language: str):
    sheet = workbook.create_sheet(title=_sheet_title(title, taken))
    sheet.append([export_cell(heading)])
    sheet.cell(row=1, column=1).font = TITLE
    sheet.append([])
    for table in tables:
        _write_table(sheet, table, language)
    sheet.column_dimensions[get_column_letter(1)].width = 40
    for column in range(2, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 18


def report_xlsx(*, report, snapshot: dict, edition: str, language: str) -> bytes:
    """The tables of `report`'s `edition`, one sheet per section, headers in `language`."""
    context = report_context(
        report=report, snapshot=snapshot, texts={}, edition=edition, language=language
    )
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    with translation.override(language):
        if context["synthesis"]:
            synthesis = context["synthesis"]
            _add_sheet(
                workbook,
                taken,
                synthesis["group_name"],
                f"{context['title']} ({context['period_dates']})",
                synthesis["tables"].values(),
                language,
            )
        for section in context["sections"]:
            _add_sheet(
                workbook,
                taken,
                section.title,
                f"{context['title']}: {section.title} ({context['period_dates']})",
                section.tables.values(),
                language,
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
