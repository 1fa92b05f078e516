"""The filters of a survey's results."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organization, Segment, WorkingGroup


class ResultsFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Organization kind"), required=False)
    segment = forms.ChoiceField(label=_("Segment"), required=False)
    group = forms.ModelChoiceField(
        label=_("Working group"), queryset=WorkingGroup.objects.none(), required=False
    )
    q = forms.CharField(label=_("Search the written answers"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Organization.Kind.choices]
        self.fields["segment"].choices = [("", _("All segments")), *Segment.choices]
        self.fields["group"].queryset = WorkingGroup.objects.order_by("name_fr")
