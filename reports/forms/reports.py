"""The forms of the reports: a new report's period, and staff's text."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.markup import MARKDOWN_HELP
from members.models import WorkingGroup
from reports.models import SECTIONS, STAFF_ONLY_SECTIONS, Report
from reports.periods import MAX_YEAR, MIN_YEAR, PeriodError
from reports.services.reports import report_period, synthesis_prefill


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    number = forms.TypedChoiceField(
        label=_("Quarter or half-year"),
        coerce=int,
        choices=[
            (1, _("1st quarter or 1st half")),
            (2, _("2nd quarter or 2nd half")),
            (3, _("3rd quarter")),
            (4, _("4th quarter")),
        ],
        initial=1,
        help_text=_("Ignored for an annual report."),
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.order_by("name_fr"),
        required=False,
        help_text=_("For a synthesis only."),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["year"].initial = self.today.year
        if self.is_bound and self.data.get("kind") == Report.Kind.YEAR:
            # The quarter or half does not apply; its select may be left on anything.
            self.fields["number"].required = False

    def clean(self):
        data = super().clean()
        kind, year, number = data.get("kind"), data.get("year"), data.get("number")
        if kind == Report.Kind.YEAR:
            data["number"] = number = 1
        if kind is None or year is None or number is None:
            return data
        if kind == Report.Kind.HALF and number > 2:
            self.add_error("number", _("A year has two halves: choose the 1st or the 2nd."))
            return data
        group = data.get("working_group")
        if kind == Report.Kind.SYNTHESIS and group is None:
            self.add_error("working_group", _("Choose the working group of the synthesis."))
        if kind != Report.Kind.SYNTHESIS and group is not None:
            self.add_error("working_group", _("Only a synthesis is written for one group."))
        try:
            report_period(kind, year, number).check_reportable(self.today)
        except PeriodError as error:
            self.add_error("year" if kind == Report.Kind.YEAR else "number", str(error))
        return data


def _markdown_field(label, *, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ReportTextsForm(forms.Form):
    """The introduction and each section's highlights in both languages (a cluster report),
    or the narrative (a working-group synthesis). Markdown, sanitised when shown."""

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        textarea = forms.Textarea(attrs={"rows": 4})
        if report.is_synthesis:
            self.fields["narrative_fr"] = _markdown_field(_("Synthesis (French)"), rows=12)
            self.fields["narrative_en"] = _markdown_field(_("Synthesis (English)"), rows=12)
            self.initial.update(narrative_fr=report.narrative_fr, narrative_en=report.narrative_en)
            facts = report.snapshot.get("group")
            if facts and not (report.narrative_fr or report.narrative_en):
                for language in ("fr", "en"):
                    self.initial[f"narrative_{language}"] = synthesis_prefill(
                        facts=facts, language=language
                    )
            return
        self.fields["intro_fr"] = _markdown_field(_("Introduction (French)"), rows=6)
        self.fields["intro_en"] = _markdown_field(_("Introduction (English)"), rows=6)
        self.initial.update(intro_fr=report.intro_fr, intro_en=report.intro_en)
        for key, label in SECTIONS:
            for language, language_label in (
                ("fr", pgettext_lazy("in a field's label", "French")),
                ("en", pgettext_lazy("in a field's label", "English")),
            ):
                name = f"highlights_{key}_{language}"
                self.fields[name] = forms.CharField(
                    label=_("%(section)s: highlights (%(language)s)")
                    % {"section": label, "language": language_label},
                    required=False,
                    widget=textarea,
                    help_text=_("Staff edition only.") if key in STAFF_ONLY_SECTIONS else "",
                )
                self.initial[name] = report.highlights.get(key, {}).get(language, "")

    def section_fields(self):
        """[(section label, French field, English field)] for the template."""
        return [
            (label, self[f"highlights_{key}_fr"], self[f"highlights_{key}_en"])
            for key, label in SECTIONS
            if f"highlights_{key}_fr" in self.fields
        ]

    def texts(self) -> dict:
        """Keyword arguments of services.reports.report_texts_update."""
        data = self.cleaned_data
        if self.report.is_synthesis:
            return {
                "intro_fr": self.report.intro_fr,
                "intro_en": self.report.intro_en,
                "narrative_fr": data["narrative_fr"],
                "narrative_en": data["narrative_en"],
            }
        return {
            "intro_fr": data["intro_fr"],
            "intro_en": data["intro_en"],
            "highlights": {
                key: {"fr": data[f"highlights_{key}_fr"], "en": data[f"highlights_{key}_en"]}
                for key, _label in SECTIONS
            },
            "narrative_fr": self.report.narrative_fr,
            "narrative_en": self.report.narrative_en,
        }
