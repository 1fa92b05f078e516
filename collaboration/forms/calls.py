"""Forms of calls for projects: the staff call editor with its criteria and documents, the
staff filters, stage and story forms and the scoring form; members' project idea and
expression of interest."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaboration.models import Call, CallDocument, Criterion, Project
from core.forms import ListFilterForm
from core.markup import MARKDOWN_HELP
from core.widgets import DateInput, DateTimeInput
from members.models import Competence, Organization


class CallForm(forms.ModelForm):
    slug = forms.SlugField(
        label=_("Web address"),
        required=False,
        help_text=_("The end of the page's address. Left empty, it is made from the French title."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=DateTimeInput(),
        help_text=_("Projects and expressions of interest are taken until then."),
    )

    class Meta:
        model = Call
        fields = [
            "title_fr",
            "summary_fr",
            "description_fr",
            "eligibility_fr",
            "title_en",
            "summary_en",
            "description_en",
            "eligibility_en",
            "themes",
            "sectors",
            "slug",
            "opens_on",
            "deadline",
            "is_published",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "sectors": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "description_fr": MARKDOWN_HELP,
            "description_en": MARKDOWN_HELP,
            "eligibility_fr": MARKDOWN_HELP,
            "eligibility_en": MARKDOWN_HELP,
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and Call.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another call already has this address."))
        return slug

    def clean(self):
        data = super().clean()
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline.date() < opens_on:
            self.add_error("deadline", _("The deadline comes after the opening date."))
        return data


class CriterionForm(forms.ModelForm):
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=5)

    class Meta:
        model = Criterion
        fields = ["position", "name_fr", "name_en", "weight", "max_score"]


CriterionFormSet = forms.inlineformset_factory(
    Call, Criterion, form=CriterionForm, extra=2, can_delete=True, max_num=20
)


class CallDocumentForm(forms.ModelForm):
    class Meta:
        model = CallDocument
        fields = ["title", "file"]


CallDocumentFormSet = forms.inlineformset_factory(
    Call, CallDocument, form=CallDocumentForm, extra=1, can_delete=True, max_num=20
)


class CallFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    published = forms.ChoiceField(
        label=pgettext_lazy("filter", "Published"),
        required=False,
        choices=[
            ("", _("All")),
            ("yes", pgettext_lazy("call", "Published")),
            ("no", _("Not published")),
        ],
    )


class ProjectFilterForm(ListFilterForm):
    q = forms.CharField(
        label=_("Search"), required=False, help_text=_("Title or project lead's name")
    )
    call = forms.ModelChoiceField(
        label=_("Call for projects"),
        queryset=Call.objects.all(),
        required=False,
        empty_label=_("All calls"),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All")), *Project.Stage.choices]
    )

    def filters(self) -> dict:
        filters = super().filters()
        filters["call"] = filters["call"].pk if filters["call"] else ""
        return filters


class BoardFilterForm(ListFilterForm):
    call = forms.ModelChoiceField(
        label=_("Call for projects"),
        queryset=Call.objects.all(),
        required=False,
        empty_label=_("All calls"),
    )

    def filters(self) -> dict:
        filters = super().filters()
        filters["call"] = filters["call"].pk if filters["call"] else ""
        return filters


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Project.Stage.choices)
    label_decision = forms.ChoiceField(
        label=_("Label decision"), choices=Project.LabelDecision.choices, required=False
    )
    label_decided_on = forms.DateField(
        label=_("Label decided on"), required=False, widget=DateInput()
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("label_decision") and not data.get("label_decided_on"):
            self.add_error("label_decided_on", _("Give the date of the label decision."))
        return data


class StoryForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["is_success_story", "story_fr", "story_en"]
        help_texts = {
            "is_success_story": _(
                "It shows publicly once every organization of the consortium agreed."
            ),
            "story_fr": MARKDOWN_HELP,
        }


class ScoreForm(forms.Form):
    """One score per criterion of the call, a comment and the declaration."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(), required=False)
    no_conflict_declared = forms.BooleanField(
        label=_("I declare that I have no conflict of interest with this project"),
        required=True,
        error_messages={"required": _("Declare that you have no conflict of interest to score.")},
    )

    def __init__(self, *args, criteria=(), initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (0 to %(max)s, weight %(weight)s)")
                % {
                    "name": criterion.name,
                    "max": criterion.max_score,
                    "weight": criterion.weight,
                },
                min_value=0,
                max_value=criterion.max_score,
                initial=(initial_scores or {}).get(criterion.pk),
            )
        # The criteria first, then the comment and the declaration.
        self.fields = {**fields, **self.fields}

    def values(self) -> dict[int, int]:
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"]
            for criterion in self.criteria
        }


def _hide_single_choice(form) -> None:
    """A person acting for one organization does not choose it."""
    choices = list(form.fields["organization"].queryset[:2])
    if len(choices) == 1:
        form.fields["organization"].widget = forms.HiddenInput()
        form.fields["organization"].initial = choices[0].pk


class ProjectForm(forms.ModelForm):
    """A member's project idea; `organizations` are the ones the person may lead it for."""

    organization = forms.ModelChoiceField(label=_("Project lead"), queryset=None, empty_label=None)

    class Meta:
        model = Project
        fields = ["title", "summary", "sought_competences"]
        labels = {"title": _("Title of the project")}
        widgets = {"sought_competences": forms.CheckboxSelectMultiple}
        help_texts = {"summary": MARKDOWN_HELP}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.none() if organizations is None else organizations
        )
        self.fields["sought_competences"].queryset = Competence.objects.order_by("name_fr")
        # The only organization needs no choosing.
        _hide_single_choice(self)
        self.order_fields(["organization", "title", "summary", "sought_competences"])


class InterestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Your organization"), queryset=None, empty_label=None
    )
    contribution = forms.CharField(
        label=_("What your organization would bring"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.none() if organizations is None else organizations
        )
        _hide_single_choice(self)
