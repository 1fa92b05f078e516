"""The person's own answer on each consent purpose, from "My data"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import ConsentRecord


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentRecord.Purpose.choices)
    granted = forms.TypedChoiceField(
        choices=[("1", _("Yes")), ("0", _("No"))], coerce=lambda value: value == "1"
    )
