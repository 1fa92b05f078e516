"""The form respondents answer, one field per question."""

from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import Question
from surveys.selectors import FREE_TEXT_KINDS

NOT_ANSWERED = ""


class AnswerForm(forms.Form):
    """One field per question, named q<id>. Conditional questions are always fields (a page
    without JavaScript shows them with their condition); their answer is ignored, and their
    requirement waived, when the condition is not met."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, questions: list[Question], asks_email: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)
        if asks_email:
            # Public link of a survey counting one answer per person: the answer counts
            # once the owner of the address confirms it.
            self.fields["email"] = forms.EmailField(
                label=_("Your email address"),
                max_length=254,
                help_text=_(
                    "We email you a link to confirm your answers: they count once you "
                    "confirm, and only one answer per address counts."
                ),
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )

    @staticmethod
    def _field(question: Question) -> forms.Field:
        label = question.text
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=label,
                choices=question.choice_options(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if question.kind in FREE_TEXT_KINDS:
            widget = forms.Textarea(attrs={"rows": 4}) if question.kind == "long_text" else None
            return forms.CharField(label=label, required=False, max_length=5000, widget=widget)
        return forms.ChoiceField(
            label=label,
            choices=question.choice_options(),
            required=False,
            widget=forms.RadioSelect,
        )

    def condition_met(self, question: Question, data: dict) -> bool | None:
        """True/False once the trigger question is answered, None before."""
        if question.show_if_question_id is None:
            return True
        value = data.get(f"q{question.show_if_question_id}")
        if value in (None, "", []):
            return None
        given = set(value) if isinstance(value, list) else {str(value)}
        return bool(given & set(question.show_if_values))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("This answer looks automated."))
        for question in self.questions:
            name = f"q{question.pk}"
            if not self.condition_met(question, cleaned):
                cleaned[name] = NOT_ANSWERED
                continue
            if question.required and cleaned.get(name) in (None, "", []):
                self.add_error(name, _("Please answer this question."))
        return cleaned

    def values(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions
        }

    def raw_answers(self) -> dict:
        """What was typed so far, to save as a draft (no validation)."""
        answers = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == Question.Kind.MULTIPLE:
                answers[name] = self.data.getlist(name)
            else:
                answers[name] = self.data.get(name, "")[:5000]
        return answers
