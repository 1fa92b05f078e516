"""Charts of survey results: static SVG drawn on the server by Vega-Lite (vl-convert).

Vega-Lite measures the text with real font metrics, so long labels wrap and push the bars
aside instead of being clipped, and value labels never run over one another; numbers are
formatted in the page's language ("4,8 %" in French, "4.8%" in English), as the tables
beside the charts are (`percent_display`). The SVG carries no script and no style
attribute (presentation attributes only), so it stands inline in pages under our CSP and
in the PDF reports WeasyPrint draws. Screen readers read the chart's label and the table
that follows it.
"""

import hashlib
import json
import re
import textwrap

import vl_convert
from django.core.cache import cache
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Measured by Vega with DejaVu Sans (installed with WeasyPrint's fonts); browsers without it
# fall back to Verdana or narrower fonts, which only leaves more room.
FONT = "DejaVu Sans, Verdana, sans-serif"
FONT_SIZE = 12
LINE_HEIGHT = 15
BAR_WIDTH = 220
LABEL_CHARS = 26
LABEL_LINES = 4
BAR_COLOUR = "#2a6f97"
NPS_COLOURS = ("#b23a48", "#c9a227", "#2e7d32")
# d3-format locales Vega formats numbers with.
FORMAT_LOCALES = {"fr": "fr-FR", "en": "en-US"}
CACHE_SECONDS = 24 * 3600


def percent_display(value: float) -> str:
    """A percentage as the charts print it: "4,8 %" (narrow no-break space) in French,
    "4.8%" in English; no ".0"."""
    decimals = 0 if float(value) == int(value) else 1
    number = formats.number_format(value, decimal_pos=decimals, use_l10n=True)
    return number + ("\u202f%" if translation.get_language() == "fr" else "%")


def _wrapped(label: str) -> str:
    lines = textwrap.wrap(str(label), LABEL_CHARS, break_long_words=True) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_CHARS - 1] + "…"
    return "\n".join(lines)


def _spec(rows: list[dict]) -> dict:
    """Horizontal bars scaled to 100 %, the label on the left (wrapped on several lines),
    the count and percentage after the bar."""
    lines = max(row["label"].count("\n") + 1 for row in rows)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": BAR_WIDTH,
        "height": {"step": max(26, lines * LINE_HEIGHT + 10)},
        "background": None,
        "padding": 4,
        "config": {
            # The page describes the chart; per-mark ARIA labels would read raw data.
            "aria": False,
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": FONT_SIZE, "labelColor": "#1f2a33"},
            "text": {"fontSize": FONT_SIZE, "color": "#1f2a33"},
        },
        "data": {"values": rows},
        "transform": [
            {
                "calculate": "format(datum.count, ',d') + ' (' + format(datum.share, '.1~%') + ')'",
                "as": "value",
            }
        ],
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {
                    "labelExpr": "split(datum.label, '\\n')",
                    "labelLimit": 0,
                    "labelLineHeight": LINE_HEIGHT,
                    "labelPadding": 6,
                    "ticks": False,
                    "domain": False,
                },
            },
            "x": {
                "field": "share",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "axis": None,
            },
        },
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {"color": {"field": "colour", "type": "nominal", "scale": None}},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": {"field": "value"}},
            },
        ],
    }


def _key(spec: dict, title: str, locale: str) -> str:
    source = json.dumps(spec, sort_keys=True)
    return "surveys:chart:" + hashlib.sha256(f"{locale}{title}{source}".encode()).hexdigest()


def _draw(spec: dict, title: str, locale: str) -> str:
    svg = vl_convert.vegalite_to_svg(spec, format_locale=locale)
    # Our own root: an image named for screen readers, sized by its view box.
    return re.sub(
        r"^<svg [^>]*?(width=\"[\d.]+\" height=\"[\d.]+\" viewBox=\"[^\"]+\")[^>]*>",
        lambda match: (
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'aria-label="{escape(title)}" {match[1]}><title>{escape(title)}</title>'
        ),
        svg.strip(),
        count=1,
    )


def _render_many(charts: list[tuple[dict, str]]) -> list[SafeString]:
    """Each (spec, title) drawn as SVG; drawings are kept in the cache, all read in one
    round trip (a survey's results page has dozens of charts)."""
    locale = FORMAT_LOCALES.get(translation.get_language() or "", "en-US")
    keys = [_key(spec, title, locale) for spec, title in charts]
    found = cache.get_many(keys) if keys else {}
    drawn = {}
    svgs = []
    for key, (spec, title) in zip(keys, charts, strict=True):
        svg = found.get(key) or drawn.get(key)
        if svg is None:
            svg = drawn[key] = _draw(spec, title, locale)
        # Vega escapes the data it draws; the title is escaped.
        svgs.append(mark_safe(svg))  # noqa: S308
    if drawn:
        cache.set_many(drawn, CACHE_SECONDS)
    return svgs


def _render(spec: dict, title: str) -> SafeString:
    return _render_many([(spec, title)])[0]


def _unique(labels: list[str]) -> list[str]:
    # Vega groups rows by label: two choices worded alike stay two bars.
    seen, unique = set(), []
    for label in labels:
        while label in seen:
            label += "\u200b"
        seen.add(label)
        unique.append(label)
    return unique


def _bar_chart(bars) -> tuple[dict, str]:
    labels = _unique([_wrapped(bar.label) for bar in bars])
    rows = [
        {"label": label, "count": bar.count, "share": bar.percent / 100, "colour": BAR_COLOUR}
        for label, bar in zip(labels, bars, strict=True)
    ]
    return _spec(rows), _("Distribution of answers")


def _nps_chart(nps: dict) -> tuple[dict, str]:
    groups = [
        (_("Detractors"), nps["detractors"], nps["detractors_percent"]),
        (_("Passives"), nps["passives"], nps["passives_percent"]),
        (_("Promoters"), nps["promoters"], nps["promoters_percent"]),
    ]
    rows = [
        {"label": label, "count": count, "share": percent / 100, "colour": colour}
        for (label, count, percent), colour in zip(groups, NPS_COLOURS, strict=True)
    ]
    return _spec(rows), _("Net Promoter Score: %(score)s") % {"score": nps["score"]}


def bar_chart_svg(bars) -> SafeString:
    """One bar per choice, with its count and percentage."""
    return _render(*_bar_chart(bars))


def nps_chart_svg(nps: dict) -> SafeString:
    """Detractors, passives and promoters, each with its count and percentage."""
    return _render(*_nps_chart(nps))


def result_charts_svg(results) -> list[SafeString | None]:
    """The chart of each question result (`surveys.selectors.QuestionResult`): its NPS
    groups, its bars, or None for a question without either."""
    charts, positions = [], []
    for position, result in enumerate(results):
        if result.nps:
            charts.append(_nps_chart(result.nps))
        elif result.bars:
            charts.append(_bar_chart(result.bars))
        else:
            continue
        positions.append(position)
    svgs: list[SafeString | None] = [None] * len(results)
    for position, svg in zip(positions, _render_many(charts), strict=True):
        svgs[position] = svg
    return svgs
