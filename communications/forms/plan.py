"""Forms of the communication plan."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from communications.models import Action, Indicator, Measurement, Objective, Target
from core.widgets import DateInput

ALL = [("", _("All"))]


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title_fr", "title_en", "scope", "horizon", "position"]


class _OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class ActionForm(forms.ModelForm):
    targets = forms.ModelMultipleChoiceField(
        label=_("Targets"),
        queryset=Target.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    owner = _OwnerChoiceField(
        label=_("Owner"),
        required=False,
        queryset=get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .order_by("first_name", "last_name", "email"),
    )

    class Meta:
        model = Action
        fields = [
            "objective",
            "title",
            "targets",
            "channel",
            "owner",
            "due_on",
            "stage",
            "budget_planned",
            "budget_spent",
        ]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("budget_planned", "budget_spent"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = "0"
            self.fields[name].validators.append(_not_negative)


def _not_negative(value):
    if value is not None and value < 0:
        raise forms.ValidationError(_("A budget cannot be negative."))


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name_fr", "name_en", "objective", "action", "metric", "target_value", "unit"]
        help_texts = {
            "metric": _(
                "What the portal measures by itself every day, or “Entered by staff” for "
                "figures such as website visits, social profile views, e-reputation or "
                "notoriety."
            ),
            "action": _("Leave empty for an indicator of the whole objective."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.select_related("objective")
        self.fields["action"].label_from_instance = lambda action: (
            f"{action.objective.title} → {action.title}"
        )

    def clean(self):
        cleaned = super().clean()
        objective, action = cleaned.get("objective"), cleaned.get("action")
        if objective is None and action is None:
            self.add_error("objective", _("Choose the objective or the action it measures."))
        elif objective is not None and action is not None and action.objective_id != objective.pk:
            self.add_error("action", _("This action belongs to another objective."))
        return cleaned


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput()}
        help_texts = {
            "measured_on": _("A second measurement on the same day replaces the first."),
        }


class PlanFilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Internal or external"), required=False, choices=ALL + Objective.Scope.choices
    )
    horizon = forms.ChoiceField(
        label=_("Horizon"), required=False, choices=ALL + Objective.Horizon.choices
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=ALL + Action.Stage.choices)

    def filters(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in ("scope", "horizon", "stage")}
