"""The report's workbook: one sheet per section of the edition, headers in the language,
numbers as numbers, and no formula smuggled in through a name."""

import io
from datetime import date, datetime

from openpyxl import load_workbook

from members.models import WorkingGroup
from reports.models import Report
from reports.services.exports import report_xlsx
from reports.tests.samples import LATE_PAYERS, sample_snapshot, sample_synthesis_snapshot


def _report() -> Report:
    return Report(
        kind=Report.Kind.QUARTER, period_start=date(2026, 7, 1), period_end=date(2026, 9, 30)
    )


def _workbook(edition: str = "staff", language: str = "fr", snapshot=None, report=None):
    content = report_xlsx(
        report=report or _report(),
        snapshot=snapshot or sample_snapshot(),
        edition=edition,
        language=language,
    )
    return load_workbook(io.BytesIO(content))


def _row(sheet, label: str) -> tuple:
    """The first row whose first cell is `label`."""
    return next(row for row in sheet.iter_rows(values_only=True) if row[0] == label)


def _cell(sheet, label: str, column: int):
    row = next(row for row in sheet.iter_rows() if row[0].value == label)
    return row[column]


def test_one_sheet_per_section_of_the_edition_named_in_its_language():
    assert _workbook("staff").sheetnames == [
        "Chiffres clés",
        "Adhésion",
        "Événements",
        "Groupes de travail",
        "Communication",
        "Satisfaction",
        "Plan de communication",
        "Collaboration entre adhérents",
        "Relations",
    ]
    assert _workbook("member", "en").sheetnames == [
        "Key figures",
        "Membership",
        "Events",
        "Working groups",
        "Communication",
        "Satisfaction",
        "Communication plan",
        "Collaboration between members",
    ]
    assert _workbook("public", "en").sheetnames == ["Key figures"]


def test_figures_are_numbers_with_their_changes_and_headers_are_translated():
    workbook = _workbook("member", "en")
    membership = workbook["Membership"]

    assert _row(membership, "Figure") == (
        "Figure",
        "3rd quarter 2026",
        "2nd quarter 2026",
        "Change from 2nd quarter 2026",
        "3rd quarter 2025",
        "Change from 3rd quarter 2025",
    )
    assert _row(membership, "Members at the end") == ("Members at the end", 134, 120, 14, 112, 22)
    assert _row(membership, "Retention rate") == ("Retention rate", 97.5, 98.3, -0.8, 97.2, 0.3)
    assert _row(membership, "Collected")[1:4] == (56965.5, 52800.0, 4165.5)
    # The 12 month-ends of the chart, as numbers.
    assert _row(membership, "Sept. 2026") == ("Sept. 2026", 134, None, None, None, None)
    assert _row(workbook["Key figures"], "Attendance rate")[1:] == (66.7, 85.0, -18.3, 70.0, -3.3)
    assert _row(workbook["Events"], "Company visit")[1:] == (4, 0, 4, 0, 4)
    assert _row(workbook["Working groups"], "Industry of the future")[1:] == (3, 41, 5, 4, 28)
    # A missing figure is an empty cell, not a dash.
    assert _row(workbook["Communication"], "Open rate")[4:] == (None, None)
    top = _row(workbook["Events"], "Visit of the Airbus plant")
    assert top[1].date() == date(2026, 9, 17) and top[3:5] == (80, 72)


def test_rates_and_amounts_keep_a_display_format():
    membership = _workbook("member", "fr")["Adhésion"]

    assert _cell(membership, "Taux de fidélité", 1).number_format == '0.0" %"'
    assert _cell(membership, "Taux de fidélité", 3).number_format == '+0.0" pt";-0.0" pt";0'
    assert _cell(membership, "Encaissé", 1).number_format == '#,##0.00" €"'
    assert _cell(membership, "Adhérents en fin de période", 1).number_format == "#,##0"


def test_late_payers_are_only_in_the_staff_workbook():
    staff = _workbook("staff", "en")["Membership"]
    member = _workbook("member", "en")["Membership"]

    assert _row(staff, LATE_PAYERS[0])[:3] == (LATE_PAYERS[0], 834.5, datetime(2026, 7, 15))
    assert _row(staff, LATE_PAYERS[1])[:3] == (LATE_PAYERS[1], 400, None)
    texts = {value for row in member.iter_rows(values_only=True) for value in row}
    assert not texts & set(LATE_PAYERS)


def test_a_name_that_looks_like_a_formula_stays_text():
    snapshot = sample_snapshot()
    snapshot["membership"]["late_payers"][0]["organization"] = '=HYPERLINK("http://x.test")'
    snapshot["groups"][0]["name_en"] = "+SUM(A1:A9)"

    workbook = _workbook("staff", "en", snapshot=snapshot)

    assert _row(workbook["Membership"], '\'=HYPERLINK("http://x.test")')[1] == 834.5
    assert _row(workbook["Working groups"], "'+SUM(A1:A9)")[1] == 3


def test_a_synthesis_has_one_sheet_of_its_facts():
    group = WorkingGroup(name_fr="Industrie du futur", name_en="Industry of the future")
    report = Report(
        kind=Report.Kind.SYNTHESIS,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        working_group=group,
    )

    workbook = _workbook("member", "fr", snapshot=sample_synthesis_snapshot(), report=report)

    assert workbook.sheetnames == ["Industrie du futur"]
    sheet = workbook["Industrie du futur"]
    assert _row(sheet, "Membres")[1] == 1028
    assert _row(sheet, "Atelier maintenance prédictive")[2] == 17
    assert _row(sheet, "Feuille de route 2027")[1].date() == date(2026, 9, 28)
