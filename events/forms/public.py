"""The filters of the public calendar."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.ical import PARIS
from events.models import Event

MONTHS_AHEAD = 12


def _upcoming_months() -> list[tuple[str, str]]:
    today = timezone.localtime(timezone.now(), PARIS).date()
    year, month = today.year, today.month
    choices = []
    for _index in range(MONTHS_AHEAD):
        first = datetime.date(year, month, 1)
        choices.append((first.strftime("%Y-%m"), date_format(first, "YEAR_MONTH_FORMAT")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    audience = forms.ChoiceField(label=_("Open to"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Event.Kind.choices]
        self.fields["audience"].choices = [("", _("Everyone")), *Event.Audience.choices]
        self.fields["month"].choices = [("", _("Any month")), *_upcoming_months()]
