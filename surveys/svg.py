"""Charts drawn on the server as SVG: no JavaScript, readable by screen readers through
their title and the table beside them, and within the strict CSP (no inline style)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 160
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 70


def bar_chart_svg(bars) -> SafeString:
    """Horizontal bars, one per choice, with its count and percentage."""
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(_("Distribution of answers"))}</title>'
    ]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(BAR_WIDTH * bar.percent / 100, 1)
        label = escape(str(bar.label)[:28])
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" class="chart__label">'
            f"{label}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'class="chart__bar" fill="#2a6f97"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}" class="chart__value">'
            f"{bar.count} ({bar.percent:g} %)</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped or a number)


def nps_chart_svg(nps: dict) -> SafeString:
    """One stacked bar: detractors, passives, promoters."""
    width = BAR_WIDTH + LABEL_WIDTH
    segments = [
        (_("Detractors"), nps["detractors_percent"], "#b23a48"),
        (_("Passives"), nps["passives_percent"], "#c9a227"),
        (_("Promoters"), nps["promoters_percent"], "#2e7d32"),
    ]
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} 60" '
        f'xmlns="http://www.w3.org/2000/svg"><title>'
        f"{escape(_('Net Promoter Score: %(score)s') % {'score': nps['score']})}</title>"
    ]
    x = 0.0
    for label, percent, colour in segments:
        w = round(width * percent / 100, 1)
        parts.append(f'<rect x="{x}" y="0" width="{w}" height="28" fill="{colour}"/>')
        if percent:
            text = f"{escape(label)} {percent:g} %"
            parts.append(f'<text x="{x + 2}" y="46" class="chart__label">{text}</text>')
        x += w
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped or a number)
