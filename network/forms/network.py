"""The network app's forms: staff's partner feeds and mappings, members' search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Competence, Sector
from network.models import PartnerDirectory, PartnerTerm
from network.selectors.search import LOCAL_SCOPE, NetworkFilters
from network.services.partners import NO_EQUIVALENT


class PartnerDirectoryForm(forms.ModelForm):
    class Meta:
        model = PartnerDirectory
        fields = ["name", "feed_url", "is_active"]
        help_texts = {
            "feed_url": _(
                "The address of the partner cluster's directory feed, for example "
                "https://cluster.example.org/network/directory.json."
            ),
        }


class PartnerTermMappingForm(forms.Form):
    """One choice per term of the partner's taxonomy: one of ours, no equivalent, or not
    decided yet."""

    def __init__(self, *args, terms: list[PartnerTerm], **kwargs):
        super().__init__(*args, **kwargs)
        ours = {
            PartnerTerm.Kind.COMPETENCE: [(str(c.pk), c.name) for c in Competence.objects.all()],
            PartnerTerm.Kind.SECTOR: [(str(s.pk), s.name) for s in Sector.objects.all()],
        }
        self.terms = terms
        for term in terms:
            current = term.competence_id or term.sector_id
            initial = str(current) if current else (NO_EQUIVALENT if term.no_equivalent else "")
            self.fields[f"term_{term.pk}"] = forms.ChoiceField(
                label=f"{term.name} ({term.code})",
                required=False,
                initial=initial,
                choices=[
                    ("", _("Not mapped yet")),
                    (NO_EQUIVALENT, _("No equivalent")),
                    *ours[term.kind],
                ],
            )

    def rows(self):
        return [(term, self[f"term_{term.pk}"]) for term in self.terms]

    def choices(self) -> dict[int, str]:
        return {term.pk: self.cleaned_data[f"term_{term.pk}"] for term in self.terms}


class NetworkSearchForm(forms.Form):
    """The whole network's search box and filters; unknown values are reported, not obeyed."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    competence = forms.ChoiceField(label=_("Competence"), required=False)
    scope = forms.ChoiceField(label=_("Cluster"), required=False)

    def __init__(self, *args, partners: list[PartnerDirectory], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, offer, competence, city…")}
        )
        self.fields["competence"].choices = [("", _("All competences"))] + [
            (term.slug, term.name) for term in Competence.objects.all()
        ]
        self.fields["scope"].choices = [
            ("", _("The whole network")),
            (LOCAL_SCOPE, _("Our cluster")),
            *((str(partner.pk), partner.name) for partner in partners),
        ]

    def filters(self) -> NetworkFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return NetworkFilters(
            query=data.get("q", ""),
            competence=data.get("competence", ""),
            scope=data.get("scope", ""),
        )


class NetworkConsentForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Share our public profile with partner clusters"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
