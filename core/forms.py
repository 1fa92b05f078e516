from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import AnimatorPreferences


class AnimatorPreferencesForm(forms.ModelForm):
    class Meta:
        model = AnimatorPreferences
        fields = ["email_new_applications", "email_guest_registrations"]


class StatusFilterForm(forms.Form):
    """The filter of a staff list whose rows are narrowed by their status alone. A status
    that is not one of `choices` (a stale bookmark) filters nothing."""

    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, choices, all_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", all_label or _("All")), *choices]

    def filters(self) -> dict:
        self.is_valid()
        return {"status": self.cleaned_data.get("status") or ""}


class ListFilterForm(forms.Form):
    """The filters above a staff list: a search box `q` and choices. `filters()` gives each
    field's value ("query" for `q`), "" for one left empty or invalid (a stale bookmark
    filters nothing rather than failing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "q" in self.fields:
            self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        self.is_valid()
        return {
            "query" if name == "q" else name: self.cleaned_data.get(name) or ""
            for name in self.fields
        }
