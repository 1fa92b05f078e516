"""A report's figures as a workbook, for funders and label files: one sheet per section,
the same tables as the PDF (reports.services.rendering), numbers kept as numbers.

core.exports writes the cells: an organization named "=HYPERLINK(...)" stays text; numbers
and dates are written as such, with a display format for rates and amounts.
"""

from collections.abc import Iterable
from datetime import date

from core.exports import XlsxCell, export_workbook
from reports.charts import Cell, Table
from reports.services.rendering import report_context

# The labels' column, then the figures'.
WIDTHS = (42, 18, 18, 18, 18, 18, 18)


def _number_format(cell: Cell, language: str) -> str | None:
    """Rates are 0-100 (not fractions), so their "%" is a literal, as is the euro sign."""
    french = language == "fr"
    if isinstance(cell.value, date):
        return "dd/mm/yyyy" if french else "yyyy-mm-dd"
    if not cell.is_number:
        return None
    if cell.change:
        if cell.unit == "%":
            return '+0.0" pt";-0.0" pt";0'
        if cell.unit == "€":
            return '+#,##0.00" €";-#,##0.00" €";0' if french else '+"€"#,##0.00;-"€"#,##0.00;0'
        return "+#,##0;-#,##0;0"
    if cell.unit == "%":
        return '0.0" %"' if french else '0.0"%"'
    if cell.unit == "€":
        return '#,##0.00" €"' if french else '"€"#,##0.00'
    if isinstance(cell.value, float) and not cell.value.is_integer():
        return "0.0"
    return "#,##0"


def _rows(heading: str, tables: Iterable[Table], language: str) -> list[list]:
    """A sheet: its heading, then each table under its caption, a blank row between."""
    rows = [[XlsxCell(heading, bold=True)], []]
    for table in tables:
        rows.append([XlsxCell(table.caption, bold=True)])
        rows.append([XlsxCell(title, bold=True) for title in table.header])
        for row in table.rows:
            rows.append([XlsxCell(cell.value, _number_format(cell, language)) for cell in row])
        rows.append([])
    return rows


def report_xlsx(*, report, snapshot: dict, edition: str, language: str) -> bytes:
    """The tables of `report`'s `edition`, one sheet per section, headers in `language`."""
    context = report_context(
        report=report, snapshot=snapshot, texts={}, edition=edition, language=language
    )
    if context["synthesis"]:
        synthesis = context["synthesis"]
        heading = f"{context['title']} ({context['period_dates']})"
        sheets = [(synthesis["group_name"], _rows(heading, synthesis["tables"].values(), language))]
    else:
        sheets = [
            (
                section.title,
                _rows(
                    f"{context['title']}: {section.title} ({context['period_dates']})",
                    section.tables.values(),
                    language,
                ),
            )
            for section in context["sections"]
        ]
    return export_workbook(sheets=sheets, widths=WIDTHS)
