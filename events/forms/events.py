"""Forms of the event pages: the public calendar's filters, and the animators' list,
event form with its agenda, move and documents."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.markup import MARKDOWN_HELP
from core.uploads import DOCUMENT_EXTENSIONS
from core.widgets import DateTimeInput
from events.ical import PARIS
from events.models import Event, EventDocument
from events.selectors import PERIOD_PAST, PERIOD_UPCOMING

ALL = [("", _("All"))]
# Dates are typed in Europe/Paris (the project's TIME_ZONE) and stored in UTC.
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

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


def _datetime_field(label, *, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeInput(),
        help_text=_("Paris time."),
    )


def _check_ends_after_start(form: forms.Form, data: dict) -> None:
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends < starts:
        form.add_error("ends_at", _("The event must end after it starts."))


class StaffEventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by title or venue"), required=False, max_length=100)
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=ALL + [(PERIOD_UPCOMING, _("Upcoming")), (PERIOD_PAST, _("Past"))],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + Event.Kind.choices)
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=ALL + Event.Audience.choices
    )
    organizer = forms.ChoiceField(
        label=_("Organizer"), required=False, choices=ALL + Event.Organizer.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        """The valid filters; an invalid one (a stale bookmark) is ignored, not fatal."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        return {"query": data.pop("q"), **data}


class EventForm(forms.ModelForm):
    starts_at = _datetime_field(_("Starts"))
    ends_at = _datetime_field(_("Ends"))
    registration_opens_at = _datetime_field(_("Registration opens"), required=False)
    registration_closes_at = _datetime_field(_("Registration closes"), required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to confirmed registrants only."),
    )

    class Meta:
        model = Event
        fields = [
            "title_fr",
            "title_en",
            "kind",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "online_url",
            "description_fr",
            "description_en",
            "audience",
            "working_group",
            "organizer",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "cover",
            "is_published",
        ]
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"description_fr": MARKDOWN_HELP}

    def clean(self):
        data = super().clean()
        _check_ends_after_start(self, data)
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes < opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if data.get("audience") == Event.Audience.GROUP and not data.get("working_group"):
            self.add_error("working_group", _("Choose the working group the event is for."))
        if data.get("organizer") == Event.Organizer.GROUP and not data.get("working_group"):
            self.add_error("working_group", _("Choose the working group that organizes it."))
        return data

    def event_values(self) -> dict:
        """Field values for the services. A cover left alone is not in them; a cleared one
        is an empty file."""
        values = dict(self.cleaned_data)
        cover = values.pop("cover", None)
        if cover is False:
            values["cover"] = ""
        elif cover and cover != self.initial.get("cover"):
            values["cover"] = cover
        return values


class AgendaItemForm(forms.Form):
    starts_at = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    title_fr = forms.CharField(label=_("Item (French)"), max_length=200)
    title_en = forms.CharField(label=_("Item (English)"), max_length=200, required=False)
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3, can_delete=True, max_num=50)


def agenda_items(formset) -> list[dict]:
    """The agenda rows kept (filled and not ticked for deletion), numbered in order."""
    rows = [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return [
        {
            "position": position,
            "starts_at": row["starts_at"],
            "title_fr": row["title_fr"],
            "title_en": row["title_en"],
            "speaker": row["speaker"],
        }
        for position, row in enumerate(rows)
    ]


class EventMoveForm(forms.Form):
    starts_at = _datetime_field(_("New start"))
    ends_at = _datetime_field(_("New end"))

    def clean(self):
        data = super().clean()
        _check_ends_after_start(self, data)
        return data


class EventDocumentForm(forms.ModelForm):
    class Meta:
        model = EventDocument
        fields = ["title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said before the upload rather than learnt from a refusal (the model's validator
        # checks the name and the content).
        self.fields["file"].help_text = gettext("Accepted files: %(extensions)s.") % {
            "extensions": ", ".join(DOCUMENT_EXTENSIONS)
        }
