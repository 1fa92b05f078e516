"""The report's charts: SVG a strict CSP and WeasyPrint accept, a sentence for those who
cannot see them, the numbers they draw in a table, in the page's language."""

import re
import uuid

import pytest
import vl_convert
from django.utils import translation

from reports import charts
from reports.charts import Cell, change_display, number_display
from reports.tests.samples import sample_snapshot


def _texts(svg: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text) for text in re.findall(r"<text.*?</text>", svg))


def _all_charts(snapshot):
    return [
        charts.membership_chart(snapshot["membership"]["monthly"]),
        charts.events_chart(snapshot["events"]["monthly"]),
        charts.nps_chart(snapshot["satisfaction"]["trend"]),
        charts.indicators_chart(snapshot["plan"]["indicators"]),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_charts_are_inline_svg_without_script_or_style_and_named_by_their_alt_text(language):
    with translation.override(language):
        drawn = _all_charts(sample_snapshot())
    for chart in drawn:
        svg = str(chart.svg)
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"')
        assert "<script" not in svg and "style=" not in svg and "<foreignObject" not in svg
        # The title is what screen readers and the tagged PDF read for the picture.
        assert f"<title>{chart.alt}</title>" in svg.replace("&#x27;", "'")
        assert chart.alt.endswith(".") and chart.caption and chart.table.rows


def test_membership_chart_says_how_members_changed_in_each_language():
    snapshot = sample_snapshot()
    with translation.override("en"):
        chart = charts.membership_chart(snapshot["membership"]["monthly"])
    assert chart.alt == "Members rose from 112 to 134 over the 12 months."
    with translation.override("fr"):
        chart = charts.membership_chart(snapshot["membership"]["monthly"])
    assert chart.alt == "Le nombre d'adhérents est passé de 112 à 134 en 12 mois."
    assert chart.table.header == ["Mois", "Adhérents"]
    assert [(str(row[0]), row[1].value) for row in chart.table.rows[:2]] == [
        ("oct. 2025", 112),
        ("nov. 2025", 113),
    ]
    assert (str(chart.table.rows[-1][0]), chart.table.rows[-1][1].value) == ("sept. 2026", 134)


def test_membership_chart_says_when_members_fell_or_stayed():
    with translation.override("en"):
        fell = charts.membership_chart(
            [{"month": "2026-01", "members": 40}, {"month": "2026-02", "members": 38}]
        )
        stayed = charts.membership_chart(
            [{"month": "2026-01", "members": 40}, {"month": "2026-02", "members": 40}]
        )
    assert fell.alt == "Members fell from 40 to 38 over the 2 months."
    assert stayed.alt == "Members stayed at 40 over the 2 months."


def test_chart_numbers_follow_the_language_of_the_page():
    monthly = [{"month": "2026-01", "members": 1234}, {"month": "2026-02", "members": 1290}]
    with translation.override("fr"):
        french = charts.membership_chart(monthly)
    with translation.override("en"):
        english = charts.membership_chart(monthly)
    # Grouped with a no-break space in French, a comma in English, axis and table alike.
    assert re.search(r"1[\u00a0\u202f]2[0-9]0", _texts(french.svg))
    assert re.search(r"1,2[0-9]0", _texts(english.svg))
    assert str(french.table.rows[0][1]) == "1\u00a0234"
    assert str(english.table.rows[0][1]) == "1,234"
    assert french.alt == "Le nombre d'adhérents est passé de 1\u00a0234 à 1\u00a0290 en 2 mois."


def test_events_chart_counts_events_and_people_of_each_month():
    with translation.override("en"):
        chart = charts.events_chart(sample_snapshot()["events"]["monthly"])
    # 4 + 1 + 7 events; 96 + 18 + 146 people.
    assert chart.alt == (
        "12 events held over 3 months, with 260 people present; the busiest month was Sept. 2026."
    )
    assert chart.table.header == ["Month", "Events held", "People present"]
    assert [[cell.value for cell in row] for row in chart.table.rows] == [
        ["July 2026", 4, 96],
        ["Aug. 2026", 1, 18],
        ["Sept. 2026", 7, 146],
    ]
    assert {"96", "18", "146"} <= set(_texts(chart.svg).split())


def test_nps_chart_leaves_out_surveys_without_a_score_but_lists_them_in_its_table():
    with translation.override("en"):
        chart = charts.nps_chart(sample_snapshot()["satisfaction"]["trend"])
    assert chart.alt == "The Net Promoter Score went from 12 to 31 over 2 surveys."
    assert [str(row[0]) for row in chart.table.rows] == [
        "Barometer 2025",
        "Winter barometer",
        "Barometer 2026",
    ]
    assert [row[2].value for row in chart.table.rows] == [12, None, 31]
    assert str(chart.table.rows[1][2]) == "—"


def test_indicators_chart_compares_each_measure_with_its_target():
    with translation.override("fr"):
        chart = charts.indicators_chart(sample_snapshot()["plan"]["indicators"])
    # "Notoriété" has no target: not drawn. 134 / 150 = 89.3 %, 12 / 10 = 120 %.
    assert chart.alt == "1 indicateur sur 2 a atteint sa cible."
    assert [[str(cell) for cell in row] for row in chart.table.rows] == [
        ["Adhérents", "134", "150", "89,3\u202f%"],
        ["Retombées presse", "12", "10", "120\u202f%"],
    ]
    assert "134 sur 150" in _texts(chart.svg)


def test_charts_without_data_are_none():
    assert charts.membership_chart([]) is None
    assert charts.events_chart([]) is None
    assert charts.events_chart([{"month": "2026-07", "events": 0, "present": 0}]) is None
    assert charts.nps_chart([]) is None
    assert (
        charts.nps_chart(
            [{"title_fr": "A", "title_en": "", "date": "2026-01-01", "nps": None, "responses": 2}]
        )
        is None
    )
    no_target = {"name_fr": "A", "name_en": "", "unit": "", "value": 3.0, "measured_on": None}
    assert charts.indicators_chart([{**no_target, "target": None}]) is None
    assert charts.indicators_chart([{**no_target, "target": 5.0, "value": None}]) is None


def test_sparkline_is_a_tiny_line_without_axes():
    with translation.override("fr"):
        svg = str(charts.sparkline_svg([3.0, 5.0, 4.0, 1234.0]))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"')
    assert 'width="80" height="20"' in svg
    assert "<text" not in svg and "style=" not in svg and "<script" not in svg
    assert "<title>Tendance de 3 à 1\u00a0234</title>" in svg
    assert charts.sparkline_svg([5.0]) == ""


def test_a_chart_is_drawn_once_then_read_from_the_cache(monkeypatch):
    calls = []
    draw = vl_convert.vegalite_to_svg

    def counting(*args, **kwargs):
        calls.append(1)
        return draw(*args, **kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", counting)
    # Figures no earlier run drew, so the first call misses the cache.
    members = uuid.uuid4().int % 10_000
    monthly = [{"month": "2026-01", "members": members}, {"month": "2026-02", "members": 7}]
    with translation.override("en"):
        first = charts.membership_chart(monthly)
        second = charts.membership_chart(monthly)
    assert len(calls) == 1
    assert first.svg == second.svg


def test_cells_print_numbers_rates_amounts_and_changes_in_the_language():
    with translation.override("fr"):
        assert str(Cell(1234)) == "1\u00a0234"
        assert str(Cell(66.7, "%")) == "66,7\u202f%"
        assert str(Cell(1234.5, "€")) == "1\u00a0234,50\u00a0€"
        assert str(Cell(None)) == "—"
        assert change_display(-0.8, "%") == "\u22120,8\u00a0pt"
        assert change_display(14) == "+14"
        assert change_display(0) == "0"
    with translation.override("en"):
        assert number_display(1234) == "1,234"
        assert str(Cell(66.7, "%")) == "66.7%"
        assert str(Cell(1234.5, "€")) == "€1,234.50"
        assert str(Cell(-743, change=True)) == "\u2212743"
