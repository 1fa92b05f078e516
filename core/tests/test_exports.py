import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from core.exports import (
    XlsxCell,
    export_cell,
    export_csv,
    export_if_requested,
    export_response,
    export_workbook,
    export_xlsx,
)

HEADER = ["Name", "City"]
HOSTILE = ['=HYPERLINK("http://evil.test","x")', "+33 5 61 00 00 00", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+33", "'+33"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tlead", "'\tlead"),
        ("\rlead", "'\rlead"),
        # Cleaned first, then neutralised: the control character must not hide the "=".
        ('\x01=HYPERLINK("http://evil.test")', '\'=HYPERLINK("http://evil.test")'),
        ("\x00\x1b+1", "'+1"),
        (" =1+1", "' =1+1"),
        ("\n@SUM(A1)", "'\n@SUM(A1)"),
        ("\u200b=1+1", "'\u200b=1+1"),
        ("＝1+1", "'＝1+1"),
        ("﹢1", "'﹢1"),
        ("\u22121", "'\u22121"),
        ("Bell\x07 SARL", "Bell SARL"),
        ("ligne 1\nligne 2", "ligne 1\nligne 2"),
        ('DDE ("cmd";"/C calc";"!A0")A0', 'DDE ("cmd";"/C calc";"!A0")A0'),
        ("Sécurité", "Sécurité"),
        ("a=b", "a=b"),
        (None, ""),
        (12, "12"),
        (date(2026, 3, 1), "2026-03-01"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_prefixed_with_a_quote(value, expected):
    assert export_cell(value) == expected


def test_csv_export_neutralises_formulas_and_keeps_accents():
    content = export_csv(header=HEADER, rows=[[name, "Montpellier"] for name in HOSTILE])

    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == ["'" + name for name in HOSTILE]
    assert rows[1][1] == "Montpellier"


def test_xlsx_export_stores_hostile_text_as_text_not_formulas():
    content = export_xlsx(
        header=HEADER, rows=[[name, "Nîmes"] for name in HOSTILE], title="organizations"
    )

    sheet = load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == HEADER
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in names] == ["'" + name for name in HOSTILE]
    assert {cell.data_type for cell in names} == {"s"}
    assert sheet["B2"].value == "Nîmes"


def test_csv_export_drops_control_characters_like_the_workbook():
    content = export_csv(header=HEADER, rows=[["\x01=1+1", "Albi\x02"]])

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["'=1+1", "Albi"]


def test_xlsx_export_drops_control_characters_instead_of_failing():
    content = export_xlsx(header=HEADER, rows=[["Bell\x07 SARL", "Albi"]], title="x")

    assert load_workbook(io.BytesIO(content)).active["A2"].value == "Bell SARL"


def test_export_response_is_an_attachment_of_the_asked_format():
    csv_response = export_response(
        export_format="csv", filename="organizations", header=HEADER, rows=[]
    )
    xlsx_response = export_response(
        export_format="xlsx", filename="organizations", header=HEADER, rows=[]
    )

    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response["Content-Disposition"] == 'attachment; filename="organizations.csv"'
    assert xlsx_response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="organizations.xlsx"'


def test_a_list_asked_for_a_file_gets_it_and_builds_its_rows_only_then(rf):
    built = []

    def table():
        built.append(True)
        return HEADER, [["Élise", "Albi"]]

    page = export_if_requested(rf.get("/list/", {"q": "albi"}), filename="people", table=table)
    unknown = export_if_requested(rf.get("/list/", {"export": "pdf"}), filename="x", table=table)
    assert page is None and unknown is None
    assert not built

    response = export_if_requested(
        rf.get("/list/", {"export": "xlsx"}), filename="people", table=table
    )

    assert built == [True]
    assert response["Content-Disposition"] == 'attachment; filename="people.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == "Élise"


def test_workbook_keeps_numbers_and_dates_and_neutralises_text():
    content = export_workbook(
        sheets=[
            (
                "Adhésion: 2026/T3",
                [
                    [XlsxCell("Title", bold=True)],
                    [HOSTILE[0], 134, 97.5, date(2026, 9, 30), None],
                    [XlsxCell(66.7, '0.0" %"'), XlsxCell("@SUM(A1)", bold=True)],
                ],
            ),
            ("Adhésion: 2026/T3", [["second"]]),
        ],
        widths=(40, 12),
    )

    workbook = load_workbook(io.BytesIO(content))
    # ":" and "/" are refused in sheet names; a second sheet of the same name is numbered.
    assert workbook.sheetnames == ["Adhésion  2026 T3", "Adhésion  2026 T3 (2)"]
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Title" and sheet["A1"].font.bold
    assert [cell.value for cell in sheet[2]][:3] == ["'" + HOSTILE[0], 134, 97.5]
    assert sheet["A2"].data_type == "s" and sheet["B2"].data_type == "n"
    assert sheet["D2"].value.date() == date(2026, 9, 30) and sheet["E2"].value is None
    assert (sheet["A3"].value, sheet["A3"].number_format) == (66.7, '0.0" %"')
    assert sheet["B3"].value == "'@SUM(A1)" and sheet["B3"].font.bold
    assert sheet.column_dimensions["A"].width == 40
