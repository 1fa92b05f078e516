"""Forms of the door: finding a registrant and recording their attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Registration


class CheckinSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email or organization"), required=False, max_length=100, strip=True
    )


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Registration.Attendance.choices)
