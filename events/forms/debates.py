"""Forms of the thematic debates: a member's topic, staff opening a round."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.markup import MARKDOWN_HELP
from core.widgets import DateInput
from events.models import DebateRound


class DebateRoundForm(forms.ModelForm):
    class Meta:
        model = DebateRound
        fields = ["title_fr", "title_en", "closes_on"]
        widgets = {"closes_on": DateInput()}


class DebateTopicForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(
        label=_("Why it matters"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
    )
