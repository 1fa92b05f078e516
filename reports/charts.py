"""The charts of an activity report, drawn on the server as SVG by Vega-Lite, as the survey
results are (surveys.charts: same fonts, no script, no style attribute, numbers in the page's
language, cached on a hash of the spec), and the tables of numbers beside them.

Each chart comes with a one-sentence text alternative saying what it shows (the SVG's title,
which WeasyPrint also gives the tagged PDF's figure), a caption, and the table of the numbers
it draws: a screen reader, a printed page and a spreadsheet all get the same figures.
`Table` and `Cell` are also the tables of the report's sections (reports.services.rendering)
and of its workbook (reports.services.exports): a cell keeps its raw value for the workbook
and prints itself in the active language for the pages.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from surveys.charts import (
    BAR_COLOUR,
    FONT,
    FONT_SIZE,
    _render,
    _unique,
    _wrapped,
    percent_display,
)

TEXT_COLOUR = "#1f2a33"
SECOND_COLOUR = "#c9a227"
TARGET_COLOUR = "#b23a48"
WIDTH = 440
# Printed for a figure nobody could measure.
NOTHING = "—"


def number_display(value: float | int, unit: str = "") -> str:
    """A figure in the active language: "1 234" (no-break space), "66,7 %", "1 234,50 €"
    in French; "1,234", "66.7%", "€1,234.50" in English."""
    if unit == "%":
        return percent_display(round(value, 1))
    if unit == "€":
        decimals = 0 if float(value).is_integer() else 2
        number = formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
        return "€" + number if translation.get_language() == "en" else number + "\u00a0€"
    decimals = 0 if float(value).is_integer() else 1
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def change_display(value: float | int, unit: str = "") -> str:
    """A difference between two periods, signed: "+14", "−3", "+2,1 pt" (percentage points,
    for rates: an abbreviation, the same for one or several), "+1 200 €"."""
    if value == 0:
        return "0"
    sign = "+" if value > 0 else "\u2212"
    if unit == "%":
        decimals = 0 if float(value).is_integer() else 1
        number = formats.number_format(abs(value), decimals, use_l10n=True)
        return sign + _("%(number)s pt") % {"number": number}
    return sign + number_display(abs(value), unit)


def _cell_text(value, unit: str, change: bool) -> str:
    if value is None or value == "":
        return NOTHING
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if change:
        return change_display(value, unit)
    return number_display(value, unit)


class Cell:
    """One cell of a table: its raw value (for the workbook) and its text, written in the
    language active when the cell is made (the page may be in another).

    `unit` is "", "%" or "€" for a number; a `change` cell holds the difference between
    two periods and prints its sign."""

    __slots__ = ("change", "text", "unit", "value")

    def __init__(self, value=None, unit: str = "", change: bool = False):
        self.value = value
        self.unit = unit
        self.change = change
        self.text = _cell_text(value, unit, change)

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Cell({self.value!r}, {self.text!r})"


@dataclass
class Table:
    """A caption, the column headers, and rows whose first cell names the row."""

    caption: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def columns(self) -> list[tuple[str, bool]]:
        """Each header with whether its column holds numbers (aligned to the right)."""
        numeric = [
            index > 0
            and any(row[index].is_number for row in self.rows)
            and all(row[index].is_number or row[index].value is None for row in self.rows)
            for index in range(len(self.header))
        ]
        return list(zip(self.header, numeric, strict=True))

    @property
    def is_narrow(self) -> bool:
        """A label and a figure or two: no need for the page's width."""
        return len(self.header) <= 3


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    # One sentence saying what the chart shows, for those who cannot see it.
    alt: str
    caption: str
    table: Table


def month_label(month: str) -> str:
    """ "2025-10" as "oct. 2025" (French) or "Oct. 2025" (English)."""
    year, number = month.split("-")
    return formats.date_format(date(int(year), int(number), 1), "N Y")


def _spec(width: int, height: int, **parts) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        "background": None,
        "padding": 4,
        "config": {
            # The page describes the chart; per-mark ARIA labels would read raw data.
            "aria": False,
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": FONT_SIZE - 1,
                "labelColor": TEXT_COLOUR,
                "titleFontSize": FONT_SIZE - 1,
                "titleColor": TEXT_COLOUR,
                "titleFontWeight": "normal",
            },
            "title": {"fontSize": FONT_SIZE, "color": TEXT_COLOUR, "fontWeight": "bold"},
            "text": {"fontSize": FONT_SIZE - 1, "color": TEXT_COLOUR},
        },
        **parts,
    }


def _months_axis(count: int, labels: bool = True) -> dict:
    """Months along the bottom, slanted when there are too many to stand side by side."""
    return {
        "field": "label",
        "type": "ordinal",
        "sort": None,
        "title": None,
        "axis": {
            "labelAngle": -40 if count > 6 else 0,
            "labels": labels,
            "ticks": False,
            "domainColor": "#888",
        },
    }


def _trend_sentence(first: int, last: int, months: int) -> str:
    values = {"first": number_display(first), "last": number_display(last), "months": months}
    if last > first:
        text = ngettext(
            "Members rose from %(first)s to %(last)s over the month.",
            "Members rose from %(first)s to %(last)s over the %(months)s months.",
            months,
        )
    elif last < first:
        text = ngettext(
            "Members fell from %(first)s to %(last)s over the month.",
            "Members fell from %(first)s to %(last)s over the %(months)s months.",
            months,
        )
    else:
        text = ngettext(
            "Members stayed at %(last)s over the month.",
            "Members stayed at %(last)s over the %(months)s months.",
            months,
        )
    return text % values


def membership_chart(monthly: list[dict]) -> Chart | None:
    """Members at each month-end (membership.monthly of the snapshot)."""
    if not monthly:
        return None
    rows = [{"label": month_label(row["month"]), "members": row["members"]} for row in monthly]
    alt = _trend_sentence(monthly[0]["members"], monthly[-1]["members"], len(monthly))
    spec = _spec(
        WIDTH,
        160,
        data={"values": rows},
        mark={"type": "line", "color": BAR_COLOUR, "strokeWidth": 2, "point": {"size": 30}},
        encoding={
            "x": _months_axis(len(rows)),
            "y": {
                "field": "members",
                "type": "quantitative",
                "title": None,
                "scale": {"zero": False, "nice": True},
                "axis": {"format": ",d", "tickMinStep": 1, "gridColor": "#e3e7ea"},
            },
        },
    )
    table = Table(
        caption=_("Members at the end of each month"),
        header=[_("Month"), _("Members")],
        rows=[[Cell(row["label"]), Cell(row["members"])] for row in rows],
    )
    return Chart(_render(spec, alt), alt, _("Members at the end of each month"), table)


def _monthly_bars(field_name: str, title: str, colour: str, count: int, labels: bool) -> dict:
    return {
        "title": {"text": title, "anchor": "start"},
        "width": WIDTH,
        "height": 90,
        "encoding": {
            "x": _months_axis(count, labels),
            "y": {"field": field_name, "type": "quantitative", "title": None, "axis": None},
        },
        "layer": [
            {"mark": {"type": "bar", "color": colour, "width": {"band": 0.6}}},
            {
                "mark": {"type": "text", "baseline": "bottom", "dy": -2},
                "encoding": {"text": {"field": field_name, "type": "quantitative", "format": ",d"}},
            },
        ],
    }


def events_chart(monthly: list[dict]) -> Chart | None:
    """Events held and people present in each month (events.monthly of the snapshot)."""
    if not monthly or not any(row["events"] or row["present"] for row in monthly):
        return None
    rows = [
        {"label": month_label(row["month"]), "events": row["events"], "present": row["present"]}
        for row in monthly
    ]
    events = sum(row["events"] for row in monthly)
    busiest = max(rows, key=lambda row: row["events"])
    alt = ngettext(
        "%(events)s event held over %(months)s months, with %(present)s people present; "
        "the busiest month was %(month)s.",
        "%(events)s events held over %(months)s months, with %(present)s people present; "
        "the busiest month was %(month)s.",
        events,
    ) % {
        "events": number_display(events),
        "months": len(monthly),
        "present": number_display(sum(row["present"] for row in monthly)),
        "month": busiest["label"],
    }
    spec = _spec(
        WIDTH,
        90,
        data={"values": rows},
        vconcat=[
            # The months are named once, under the lower chart.
            _monthly_bars("events", _("Events held"), BAR_COLOUR, len(rows), labels=False),
            _monthly_bars("present", _("People present"), SECOND_COLOUR, len(rows), True),
        ],
        spacing=18,
    )
    del spec["width"], spec["height"]
    table = Table(
        caption=_("Events and attendance per month"),
        header=[_("Month"), _("Events held"), _("People present")],
        rows=[[Cell(row["label"]), Cell(row["events"]), Cell(row["present"])] for row in rows],
    )
    return Chart(_render(spec, alt), alt, _("Events and attendance per month"), table)


def _survey_label(survey: dict) -> str:
    return formats.date_format(date.fromisoformat(survey["date"]), "N Y")


def nps_chart(trend: list[dict]) -> Chart | None:
    """The Net Promoter Score of the latest satisfaction surveys, oldest first
    (satisfaction.trend of the snapshot); surveys without a score are left out."""
    scored = [survey for survey in trend if survey["nps"] is not None]
    if not scored:
        return None
    title = (
        (lambda survey: survey["title_en"] or survey["title_fr"])
        if (translation.get_language() == "en")
        else (lambda survey: survey["title_fr"])
    )
    labels = _unique([_survey_label(survey) for survey in scored])
    rows = [
        {"label": label, "nps": survey["nps"]} for label, survey in zip(labels, scored, strict=True)
    ]
    first, last = scored[0]["nps"], scored[-1]["nps"]
    if len(scored) == 1:
        alt = _("The Net Promoter Score was %(last)s in the latest survey.") % {"last": last}
    else:
        alt = ngettext(
            "The Net Promoter Score went from %(first)s to %(last)s over %(count)s survey.",
            "The Net Promoter Score went from %(first)s to %(last)s over %(count)s surveys.",
            len(scored),
        ) % {"first": first, "last": last, "count": len(scored)}
    spec = _spec(
        WIDTH,
        150,
        data={"values": rows},
        encoding={
            "x": _months_axis(len(rows)),
            "y": {
                "field": "nps",
                "type": "quantitative",
                "title": _("NPS"),
                "scale": {"domain": [-100, 100]},
                "axis": {"values": [-100, -50, 0, 50, 100], "gridColor": "#e3e7ea"},
            },
        },
        layer=[
            {"mark": {"type": "line", "color": BAR_COLOUR, "strokeWidth": 2, "point": True}},
            {
                "mark": {"type": "text", "baseline": "bottom", "dy": -6},
                "encoding": {"text": {"field": "nps", "type": "quantitative", "format": "d"}},
            },
            {
                "data": {"values": [{"zero": 0}]},
                "mark": {"type": "rule", "color": "#888", "strokeDash": [3, 3]},
                "encoding": {"y": {"field": "zero", "type": "quantitative"}, "x": None},
            },
        ],
    )
    table = Table(
        caption=_("Net Promoter Score of the latest surveys"),
        header=[_("Survey"), _("Date"), _("NPS"), _("Responses")],
        rows=[
            [
                Cell(title(survey)),
                Cell(date.fromisoformat(survey["date"])),
                Cell(survey["nps"]),
                Cell(survey["responses"]),
            ]
            for survey in trend
        ],
    )
    return Chart(_render(spec, alt), alt, _("Net Promoter Score of the latest surveys"), table)


def indicators_chart(indicators: list[dict]) -> Chart | None:
    """Each indicator that has a target and a measure, as the share of its target reached
    (plan.indicators of the snapshot): units differ, shares compare."""
    measured = [
        indicator
        for indicator in indicators
        if indicator["target"] and indicator["value"] is not None
    ]
    if not measured:
        return None
    english = translation.get_language() == "en"
    names = [
        (indicator["name_en"] or indicator["name_fr"]) if english else indicator["name_fr"]
        for indicator in measured
    ]
    rows = [
        {
            "label": _wrapped(name),
            "share": indicator["value"] / indicator["target"],
            # The text stands past the bar and past the target's line, clear of both.
            "text_at": max(1.0, indicator["value"] / indicator["target"]),
            "text": _("%(value)s of %(target)s")
            % {
                "value": number_display(indicator["value"], indicator["unit"]),
                "target": number_display(indicator["target"], indicator["unit"]),
            },
        }
        for name, indicator in zip(names, measured, strict=True)
    ]
    reached = sum(1 for row in rows if row["share"] >= 1)
    # "1 of 2 indicators has", "0 of 2 indicators have": the verb agrees with those reached.
    alt = ngettext(
        "%(reached)s of %(count)s indicators has reached its target.",
        "%(reached)s of %(count)s indicators have reached their target.",
        reached,
    ) % {"reached": reached, "count": len(rows)}
    top = max(1.0, *(row["share"] for row in rows))
    lines = max(row["label"].count("\n") + 1 for row in rows)
    spec = _spec(
        WIDTH - 200,
        {"step": max(26, lines * 15 + 10)},
        data={"values": rows},
        encoding={
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {
                    "labelExpr": "split(datum.label, '\\n')",
                    "labelLimit": 0,
                    "labelPadding": 6,
                    "ticks": False,
                    "domain": False,
                },
            },
            "x": {
                "field": "share",
                "type": "quantitative",
                "scale": {"domain": [0, top]},
                "axis": None,
            },
        },
        layer=[
            {"mark": {"type": "bar", "color": BAR_COLOUR}},
            {
                "mark": {"type": "text", "align": "left", "dx": 5},
                "encoding": {
                    "text": {"field": "text"},
                    "x": {"field": "text_at", "type": "quantitative"},
                },
            },
            {
                "data": {"values": [{"target": 1}]},
                "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeWidth": 2},
                "encoding": {"x": {"field": "target", "type": "quantitative"}, "y": None},
            },
        ],
    )
    table = Table(
        caption=_("Indicators against their targets"),
        header=[_("Indicator"), _("Measured"), _("Target"), _("Share of the target")],
        rows=[
            [
                Cell(name),
                Cell(indicator["value"], indicator["unit"]),
                Cell(indicator["target"], indicator["unit"]),
                Cell(round(100 * indicator["value"] / indicator["target"], 1), "%"),
            ]
            for name, indicator in zip(names, measured, strict=True)
        ],
    )
    return Chart(_render(spec, alt), alt, _("Indicators against their targets"), table)


def sparkline_svg(values: list[float]) -> SafeString:
    """A tiny line without axes, for a tile of the staff dashboard, named for screen
    readers by its first and last values. Empty for fewer than two values."""
    if len(values) < 2:
        return SafeString("")
    title = _("Trend from %(first)s to %(last)s") % {
        "first": number_display(values[0]),
        "last": number_display(values[-1]),
    }
    spec = _spec(
        80,
        20,
        data={"values": [{"x": index, "y": value} for index, value in enumerate(values)]},
        mark={"type": "line", "color": BAR_COLOUR, "strokeWidth": 1.5},
        encoding={
            "x": {"field": "x", "type": "quantitative", "axis": None},
            "y": {"field": "y", "type": "quantitative", "axis": None, "scale": {"zero": False}},
        },
    )
    # Exactly the tile's 80 × 20 pixels, the line drawn inside.
    spec["padding"] = 1
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    return _render(spec, title)
