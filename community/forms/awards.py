"""Forms of the innovation awards: the staff edition editor with its categories and
criteria, the staff filters, jurors and decisions; members' application; the jury's
declaration of conflicts and scores."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from community.models import AwardApplication, AwardCategory, AwardCriterion, Edition
from community.models.awards import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES
from core.forms import ListFilterForm
from core.markup import MARKDOWN_HELP
from core.widgets import DateTimeInput
from events.models import Event
from members.models import Contact, Organization


class EditionForm(forms.ModelForm):
    slug = forms.SlugField(
        label=_("Web address"),
        required=False,
        help_text=_("The end of the page's address. Left empty, it is made from the French title."),
    )
    applications_open_at = forms.DateTimeField(label=_("Applications open"), widget=DateTimeInput())
    deadline = forms.DateTimeField(
        label=_("Application deadline"),
        widget=DateTimeInput(),
        help_text=_("Applications are taken, edited and withdrawn until then."),
    )
    scoring_closes_at = forms.DateTimeField(
        label=_("Jury scoring closes"),
        widget=DateTimeInput(),
        help_text=_("The jurors' links stop working then."),
    )
    ceremony = forms.ModelChoiceField(
        label=_("Ceremony"),
        queryset=Event.objects.published().order_by("-starts_at"),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("A published event of the calendar."),
    )

    class Meta:
        model = Edition
        fields = [
            "title_fr",
            "rules_fr",
            "guidance_fr",
            "title_en",
            "rules_en",
            "guidance_en",
            "slug",
            "applications_open_at",
            "deadline",
            "scoring_closes_at",
            "ceremony",
            "is_published",
        ]
        help_texts = {
            "rules_fr": MARKDOWN_HELP,
            "rules_en": MARKDOWN_HELP,
            "guidance_fr": MARKDOWN_HELP,
            "guidance_en": MARKDOWN_HELP,
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and Edition.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another edition already has this address."))
        return slug

    def clean(self):
        data = super().clean()
        opens, deadline, closes = (
            data.get("applications_open_at"),
            data.get("deadline"),
            data.get("scoring_closes_at"),
        )
        if opens and deadline and deadline < opens:
            self.add_error("deadline", _("The deadline comes after the opening."))
        if deadline and closes and closes < deadline:
            self.add_error("scoring_closes_at", _("Scoring closes after the deadline."))
        return data


class CategoryForm(forms.ModelForm):
    class Meta:
        model = AwardCategory
        fields = ["position", "name_fr", "name_en"]


CategoryFormSet = forms.inlineformset_factory(
    Edition, AwardCategory, form=CategoryForm, extra=3, can_delete=True, max_num=20
)


class CriterionForm(forms.ModelForm):
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=5)

    class Meta:
        model = AwardCriterion
        fields = ["position", "label_fr", "label_en", "weight", "max_score"]


CriterionFormSet = forms.inlineformset_factory(
    Edition, AwardCriterion, form=CriterionForm, extra=3, can_delete=True, max_num=20
)


class EditionFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    published = forms.ChoiceField(
        label=pgettext_lazy("filter", "Published"),
        required=False,
        choices=[
            ("", _("All")),
            ("yes", pgettext_lazy("awards edition", "Published")),
            ("no", _("Not published")),
        ],
    )


class ApplicationFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Organization's name"))
    category = forms.ModelChoiceField(
        label=pgettext_lazy("awards", "Category"),
        queryset=AwardCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *AwardApplication.Status.choices],
    )

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        if edition is not None:
            self.fields["category"].queryset = edition.categories.all()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _attachments_field() -> MultipleFileField:
    field = MultipleFileField(label=_("Attachments"), required=False)
    # Built per form: the size and words follow the request's language.
    field.help_text = gettext("At most %(size)s each. Accepted: %(extensions)s.") % {
        "size": filesizeformat(ATTACHMENT_MAX_BYTES),
        "extensions": ", ".join(ATTACHMENT_EXTENSIONS),
    }
    return field


class ApplicationForm(forms.ModelForm):
    """An organization's application (or staff's nomination). `organizations` are those
    the person may apply for; `categories` the edition's."""

    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    category = forms.ModelChoiceField(
        label=pgettext_lazy("awards", "Category"), queryset=AwardCategory.objects.none()
    )

    class Meta:
        model = AwardApplication
        fields = ["presentation", "public_summary"]
        labels = {"presentation": _("Your application")}
        help_texts = {"presentation": MARKDOWN_HELP}
        widgets = {"public_summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organizations=None, categories=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = _attachments_field()
        if editing:
            del self.fields["organization"]
            del self.fields["category"]
            return
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        self.fields["category"].queryset = (
            categories if categories is not None else AwardCategory.objects.none()
        )
        choices = list(self.fields["organization"].queryset[:2])
        if len(choices) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].initial = choices[0].pk
        self.order_fields(
            ["organization", "category", "presentation", "public_summary", "attachments"]
        )


class JurorForm(forms.Form):
    """A juror from the register or an outsider."""

    contact = forms.ModelChoiceField(
        label=_("A person of the register"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=_("Or, for someone outside the register, fill in the fields below."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    organization_name = forms.CharField(label=_("Organization"), max_length=200, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=[("fr", "Français"), ("en", "English")],
        initial="fr",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            Contact.objects.filter(anonymised_at__isnull=True, user__isnull=False)
            .exclude(email="")
            .order_by("last_name", "first_name")
        )

    def clean(self):
        data = super().clean()
        if not data.get("contact"):
            if not data.get("name"):
                self.add_error("name", _("Give the juror's name, or choose a person."))
            if not data.get("email"):
                self.add_error("email", _("Give the juror's email, or choose a person."))
        return data


class ConflictForm(forms.Form):
    """The juror ticks the organizations they have a conflict of interest with."""

    organizations = forms.MultipleChoiceField(
        label=_("I have a conflict of interest with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    no_other_conflict = forms.BooleanField(
        label=_("I declare that I have no other conflict of interest with the applicants"),
        required=True,
        error_messages={"required": _("Declare that you have no other conflict of interest.")},
    )

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = {}
        for application in applications:
            choices.setdefault(application.organization_id, application.organization.name)
        self.fields["organizations"].choices = sorted(
            ((str(pk), name) for pk, name in choices.items()), key=lambda c: c[1]
        )

    def organization_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["organizations"]]


class JuryScoreForm(forms.Form):
    """One score per criterion of the edition."""

    def __init__(self, *args, criteria=(), initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (0 to %(max)s, weight %(weight)s)")
                % {
                    "name": criterion.label,
                    "max": criterion.max_score,
                    "weight": criterion.weight,
                },
                min_value=0,
                max_value=criterion.max_score,
                initial=(initial_scores or {}).get(criterion.pk),
            )

    def values(self) -> dict[int, int]:
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"]
            for criterion in self.criteria
        }


class DecisionForm(forms.Form):
    """Staff's deliberation note on a category and each application's result."""

    deliberation = forms.CharField(
        label=_("Deliberation note"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    RESULT_CHOICES = [
        ("", _("Not awarded")),
        (AwardApplication.Result.WINNER, _("Winner")),
        (AwardApplication.Result.MENTION, _("Special mention")),
    ]

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        for application in self.applications:
            self.fields[f"result_{application.pk}"] = forms.ChoiceField(
                label=application.organization.name,
                choices=self.RESULT_CHOICES,
                required=False,
                initial=application.result
                if application.result != AwardApplication.Result.NOT_SELECTED
                else "",
            )

    def results(self) -> dict[int, str]:
        return {
            application.pk: self.cleaned_data.get(f"result_{application.pk}", "")
            for application in self.applications
        }
