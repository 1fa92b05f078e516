"""The date widgets every form uses.

A browser's `<input type="date">` only accepts `yyyy-mm-dd` (and `datetime-local`
`yyyy-mm-ddThh:mm`) whatever the page's language: handed a localised `01/12/2026` it shows
an empty box and posts nothing. Django's DateInput formats its value with the active
language's DATE_INPUT_FORMATS unless given a format, so these two widgets carry the input
type and the ISO format together and cannot be used without either.
"""

from django import forms

DATE_INPUT_FORMAT = "%Y-%m-%d"
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format=DATE_INPUT_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format=DATETIME_INPUT_FORMAT)
