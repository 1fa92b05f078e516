"""The public directory's search box and filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Competence, Label, Region, Sector
from members.selectors.directory import DirectoryFilters


def _term_choices(model, empty_label) -> list[tuple[str, str]]:
    # One query per taxonomy; names are picked in the active language by `_Term.name`.
    return [("", empty_label)] + [(term.slug, term.name) for term in model.objects.all()]


class DirectoryFilterForm(forms.Form):
    """The directory's search box and filters. Unknown values are reported, not obeyed."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    competence = forms.ChoiceField(label=_("Competence"), required=False)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    label = forms.ChoiceField(label=_("Label"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, offer, competence, city…")}
        )
        self.fields["sector"].choices = _term_choices(Sector, _("All sectors"))
        self.fields["competence"].choices = _term_choices(Competence, _("All competences"))
        self.fields["label"].choices = _term_choices(Label, _("All labels"))

    def filters(self) -> DirectoryFilters:
        """The valid part of the input: a bad filter is ignored (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return DirectoryFilters(
            query=data.get("q", ""),
            sector=data.get("sector", ""),
            competence=data.get("competence", ""),
            region=data.get("region", ""),
            label=data.get("label", ""),
        )
