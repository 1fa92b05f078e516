"""Forms of registering: a guest's request by email, staff registering a contact."""

from django import forms
from django.utils.translation import gettext_lazy as _

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


class RegisterSomeoneForm(forms.Form):
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.filter(anonymised_at__isnull=True),
        error_messages={"invalid_choice": _("This contact no longer exists: search again.")},
    )
