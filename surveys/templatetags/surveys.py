from django import template

from surveys.charts import percent_display

register = template.Library()


@register.filter
def percent(value) -> str:
    """12.5 → "12,5 %" in French, "12.5%" in English, as the charts print it."""
    if value is None or value == "":
        return "—"
    return percent_display(value)
