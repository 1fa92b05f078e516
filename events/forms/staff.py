"""Forms of the animators' event pages and partner calendars."""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.markup import MARKDOWN_HELP
from core.uploads import DOCUMENT_EXTENSIONS
from core.widgets import DateTimeInput
from events.models import Event, EventDocument, PartnerCalendar, Registration
from events.selectors import PERIOD_PAST, PERIOD_UPCOMING
from events.services.feeds import FEED_SCHEMES

ALL = [("", _("All"))]
# Dates are typed in Europe/Paris (the project's TIME_ZONE) and stored in UTC.
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


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


class EventFilterForm(forms.Form):
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


class RegistrationStatusForm(forms.Form):
    """A staff change of one registration; `confirmed` is the answer of the confirmation
    page, `over_capacity` the consent to give a seat when none is left."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (status, Registration.Status(status).label)
            for status in (
                Registration.Status.CONFIRMED,
                Registration.Status.WAITLISTED,
                Registration.Status.CANCELLED,
            )
        ],
    )
    confirmed = forms.BooleanField(required=False)
    over_capacity = forms.BooleanField(required=False)


class PartnerCalendarForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    feed_url = forms.URLField(
        label=_("iCalendar feed address"),
        assume_scheme="https",
        help_text=_("The partner's public iCalendar (.ics) address, http:// or https://."),
    )

    class Meta:
        model = PartnerCalendar
        fields = ["name", "website", "feed_url", "is_active"]

    def clean_feed_url(self):
        url = self.cleaned_data["feed_url"]
        if urlsplit(url).scheme not in FEED_SCHEMES:
            raise forms.ValidationError(_("Enter an http:// or https:// address."))
        return url
