"""Forms of registering: a guest's request by email, staff registering a contact or
changing the status of a registration."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ListFilterForm
from events.models import Registration
from members.models import Contact


class GuestRegistrationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"), help_text=_("We send the confirmation link here."))
    organization_name = forms.CharField(label=_("Organization"), max_length=200, required=False)


class ContactSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or email of the contact"),
        help_text=_("A contact recorded in the CRM; accents and capitals do not matter."),
        required=False,
        max_length=100,
        strip=True,
    )


class AttendeeFilterForm(ListFilterForm):
    """The filters above the attendees of an event's dashboard."""

    q = forms.CharField(
        label=_("Search by name, email or organization"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            *(
                (status, Registration.Status(status).label)
                for status in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
            ),
        ],
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
