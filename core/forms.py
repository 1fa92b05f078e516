from django import forms

from core.models import AnimatorPreferences


class AnimatorPreferencesForm(forms.ModelForm):
    class Meta:
        model = AnimatorPreferences
        fields = ["email_new_applications", "email_guest_registrations"]
