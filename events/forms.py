import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.ical import PARIS
from events.models import Event, Registration
from members.models import Contact

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


class GuestRegistrationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"), help_text=_("We send the confirmation link here."))
    organization_name = forms.CharField(label=_("Organization"), max_length=200, required=False)


class CheckinSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email or organization"), required=False, max_length=100, strip=True
    )


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Registration.Attendance.choices)


class ContactSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or email of the contact"),
        help_text=_("A contact recorded in the CRM; accents and capitals do not matter."),
        required=False,
        max_length=100,
        strip=True,
    )


class RegisterSomeoneForm(forms.Form):
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.filter(anonymised_at__isnull=True),
        error_messages={"invalid_choice": _("This contact no longer exists: search again.")},
    )


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
