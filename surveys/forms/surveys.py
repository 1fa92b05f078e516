"""Forms of the survey builder: the survey, its sections and questions."""

from django import forms
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.markup import MARKDOWN_HELP
from core.widgets import DateTimeInput
from members.models import WorkingGroup
from surveys.models import Question, Section, Survey
from surveys.selectors import FREE_TEXT_KINDS

DATETIME_WIDGET = DateTimeInput()
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


class SurveyForm(forms.ModelForm):
    reminder_days = forms.CharField(
        label=_("Reminders"),
        required=False,
        help_text=_("Days after sending, separated by commas, e.g. 7, 14."),
    )

    class Meta:
        model = Survey
        fields = [
            "title_fr",
            "title_en",
            "intro_fr",
            "intro_en",
            "is_anonymous",
            "is_annual",
            "audience",
            "working_group",
            "event",
            "public_link_enabled",
            "public_check",
            "opens_at",
            "closes_at",
            "reminder_days",
        ]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "intro_fr": forms.Textarea(attrs={"rows": 3}),
            "intro_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"intro_fr": MARKDOWN_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = WorkingGroup.objects.order_by("name_fr")
        self.fields["public_check"].required = False
        self.fields["event"].queryset = self.fields["event"].queryset.order_by("-starts_at")
        if self.instance.pk:
            self.initial["reminder_days"] = ", ".join(str(d) for d in self.instance.reminder_days)

    def clean_public_check(self):
        # Forms posted before the choice existed keep the browser check.
        return self.cleaned_data["public_check"] or Survey.PublicCheck.BROWSER

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"]
        if isinstance(raw, list):
            return raw
        days = []
        for part in str(raw or "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 365:
                raise forms.ValidationError(_("Give whole numbers of days between 1 and 365."))
            days.append(int(part))
        return sorted(set(days))

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == Survey.Audience.GROUP and not cleaned.get("working_group"):
            self.add_error("working_group", _("Choose the working group."))
        if audience == Survey.Audience.ATTENDEES and not cleaned.get("event"):
            self.add_error("event", _("Choose the event."))
        if self.instance.pk and "is_anonymous" in self.changed_data:
            # Named answers would pass for anonymous ones, or the reverse; once sent, the
            # invitation email has told people whether their answers are anonymous.
            if self.instance.responses.exists():
                self.add_error(
                    "is_anonymous", _("People have answered already: anonymity cannot change now.")
                )
            elif self.instance.sent_at is not None or self.instance.status != Survey.Status.DRAFT:
                self.add_error(
                    "is_anonymous", _("The survey was sent already: anonymity cannot change now.")
                )
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return cleaned


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title_fr", "title_en"]


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For one or several choices: one per line, the French label, then “|” and the "
            "English label."
        ),
    )
    show_if_values_text = forms.CharField(
        label=_("Values that show this question"),
        required=False,
        help_text=_("Separated by commas: e.g. no, or 1, 2 for low ratings."),
    )

    class Meta:
        model = Question
        fields = ["section", "kind", "text_fr", "text_en", "required", "show_if_question"]

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        earlier = survey.questions.exclude(kind__in=FREE_TEXT_KINDS)
        if self.instance.pk:
            earlier = earlier.filter(position__lt=self.instance.position)
        self.fields["show_if_question"].queryset = earlier
        self.fields["show_if_question"].help_text = _(
            "One level only: a question that is itself conditional cannot be chosen."
        )
        if self.instance.pk:
            self.initial["choices_text"] = "\n".join(
                f"{c.get('label_fr', '')} | {c.get('label_en', '')}".rstrip(" |")
                for c in self.instance.choices
            )
            self.initial["show_if_values_text"] = ", ".join(self.instance.show_if_values)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        instance = self.instance
        has_dependents = bool(instance.pk) and instance.dependents.exists()
        if instance.pk and "kind" in self.changed_data:
            if instance.answers.exists():
                self.add_error(
                    "kind", _("People have answered this question: its kind cannot change.")
                )
            elif has_dependents:
                self.add_error(
                    "kind", _("Other questions depend on this one: its kind cannot change.")
                )
        # A label kept as it was keeps its value, which answers and conditions refer to.
        kept_values = {c.get("label_fr", "").strip(): c["value"] for c in instance.choices}
        choices = []
        for line in (cleaned.get("choices_text") or "").splitlines():
            if not line.strip():
                continue
            label_fr, _sep, label_en = line.partition("|")
            value = kept_values.get(label_fr.strip()) or slugify(label_fr.strip())[:50]
            if not value:
                continue
            if value in {c["value"] for c in choices}:
                self.add_error("choices_text", _("Two choices have the same label."))
                break
            choices.append(
                {"value": value, "label_fr": label_fr.strip(), "label_en": label_en.strip()}
            )
        if kind in CHOICE_KINDS and len(choices) < 2:
            self.add_error("choices_text", _("Give at least two choices."))
        cleaned["choices"] = choices if kind in CHOICE_KINDS else []
        self._check_removed_values(cleaned["choices"])
        trigger = cleaned.get("show_if_question")
        if trigger is not None and has_dependents:
            # One level of conditions only.
            self.add_error(
                "show_if_question",
                _("Other questions depend on this one: it cannot become conditional."),
            )
        values = [
            v.strip() for v in (cleaned.get("show_if_values_text") or "").split(",") if v.strip()
        ]
        if trigger is not None:
            if trigger.show_if_question_id is not None:
                self.add_error("show_if_question", _("Choose a question that is always shown."))
            allowed = {value for value, _label in trigger.choice_options()}
            if not values:
                self.add_error("show_if_values_text", _("Give the values that show it."))
            elif not set(values) <= allowed:
                self.add_error(
                    "show_if_values_text",
                    _("Possible values: %(values)s.") % {"values": ", ".join(sorted(allowed))},
                )
        cleaned["show_if_values"] = values if trigger is not None else []
        return cleaned

    def _check_removed_values(self, choices: list[dict]) -> None:
        """A choice that was answered, or that shows a follow-up, cannot go."""
        instance = self.instance
        if not instance.pk or instance.kind not in CHOICE_KINDS:
            return
        removed = {c["value"] for c in instance.choices} - {c["value"] for c in choices}
        if not removed:
            return
        answered = Q(value_text__in=removed)
        for value in removed:
            answered |= Q(value_choices__contains=[value])
        used = any(
            removed & set(values)
            for values in instance.dependents.values_list("show_if_values", flat=True)
        )
        if used or instance.answers.filter(answered).exists():
            self.add_error(
                "choices_text",
                _(
                    "A choice that people answered, or that shows another question, cannot "
                    "be removed and its French label cannot change."
                ),
            )

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["choices"] = self.cleaned_data["choices"]
        data["show_if_values"] = self.cleaned_data["show_if_values"]
        return data
