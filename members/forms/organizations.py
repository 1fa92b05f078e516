"""Forms of the animators' pages of organizations (the list and its bulk actions, the 360°
page, staff's edit, the contacts list), and the identifier fields that every form about an
organization cleans alike. Choice lists (sectors, tags, animators, an organization's
contacts) are handed in by the view, which fetched them once for the whole page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ListFilterForm
from core.markup import MARKDOWN_HELP
from core.widgets import DateInput
from members.models import (
    Affiliation,
    HeadcountBand,
    Interaction,
    Label,
    Membership,
    Organization,
    Region,
    Sector,
    Segment,
    Tag,
)
from members.selectors.organizations import (
    ANIMATOR_NONE,
    MEMBERSHIP_CURRENT,
    MEMBERSHIP_NONE,
    staff_users,
)
from members.services.organizations import STAFF_EDITED_FIELDS
from members.validators import (
    identifier_normalise,
    naf_code_normalise,
    validate_siren,
    validate_siret,
)


class CompanyIdentifiersMixin:
    """SIREN, SIRET and NAF fields cleaned the same way on every form that takes them
    (/join/, the staff edit page, the import rows): normalised, Luhn-checked, and the SIREN
    taken from the SIRET when only the SIRET is given."""

    def clean_siren(self) -> str:
        siren = identifier_normalise(self.cleaned_data["siren"])
        if siren:
            validate_siren(siren)
        return siren

    def clean_siret(self) -> str:
        siret = identifier_normalise(self.cleaned_data["siret"])
        if siret:
            validate_siret(siret)
        return siret

    def clean_naf_code(self) -> str:
        code = self.cleaned_data["naf_code"].strip()
        return naf_code_normalise(code) if code else ""

    def _clean_siren_of_siret(self, data: dict) -> None:
        siren, siret = data.get("siren"), data.get("siret")
        if siren and siret and not siret.startswith(siren):
            self.add_error("siret", _("The SIRET must start with the SIREN (its 9 first digits)."))
        elif siret and "siren" in data and not siren:
            data["siren"] = siret[:9]


ALL = [("", _("All"))]

BULK_TAG = "tag"
BULK_ASSIGN = "assign"
BULK_EXPORT_CSV = "export_csv"
BULK_EXPORT_XLSX = "export_xlsx"

PERCEPTION_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Don't know"))]
PERCEPTION_VALUES = {"yes": True, "no": False, "unknown": None}


def perception_choice(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[value]


def _user_choices(users) -> list[tuple[str, str]]:
    return [(str(user.pk), str(user)) for user in users]


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name, city or SIREN"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    lifecycle = forms.ChoiceField(label=_("Lifecycle"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    competence = forms.ChoiceField(label=_("Competence"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    membership = forms.ChoiceField(label=_("Membership"), required=False)
    dues_unpaid = forms.BooleanField(label=_("Dues unpaid"), required=False)
    segment = forms.ChoiceField(label=_("Perception segment"), required=False)
    animator = forms.ChoiceField(label=_("Animator in charge"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args, sectors, competences, tags, animators, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["q"].widget.input_type = "search"
        fields["kind"].choices = ALL + Organization.Kind.choices
        fields["lifecycle"].choices = ALL + Organization.Lifecycle.choices
        fields["sector"].choices = ALL + [(term.slug, term.name) for term in sectors]
        fields["competence"].choices = ALL + [(term.slug, term.name) for term in competences]
        fields["tag"].choices = ALL + [(term.slug, term.name) for term in tags]
        fields["region"].choices = ALL + Region.choices
        fields["membership"].choices = (
            ALL
            + [
                (MEMBERSHIP_CURRENT, _("Current member")),
                (MEMBERSHIP_NONE, _("No current membership")),
            ]
            + [
                (value, _("This period: %(status)s") % {"status": label})
                for value, label in Membership.Status.choices
            ]
        )
        fields["segment"].choices = ALL + Segment.choices
        fields["animator"].choices = ALL + [(ANIMATOR_NONE, _("Nobody"))] + _user_choices(animators)

    def filters(self) -> dict:
        """The valid filters; an invalid one (a stale bookmark) is ignored, not fatal."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return {
            "query": data.pop("q") or "",
            "dues_unpaid": bool(data.pop("dues_unpaid")),
            **{name: value or "" for name, value in data.items()},
        }


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (BULK_TAG, _("Add the tag")),
            (BULK_ASSIGN, _("Assign the animator")),
            (BULK_EXPORT_CSV, _("Export to CSV")),
            (BULK_EXPORT_XLSX, _("Export to Excel")),
        ]
    )
    organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.all(),
        error_messages={"required": _("Select at least one organization.")},
    )
    tag = forms.ChoiceField(label=_("Existing tag"), required=False)
    new_tag = forms.CharField(label=_("or a new tag"), required=False, max_length=120)
    animator = forms.ChoiceField(label=_("Animator"), required=False)

    def __init__(self, *args, tags, animators, **kwargs):
        super().__init__(*args, **kwargs)
        self.animators = {str(user.pk): user for user in animators}
        self.fields["tag"].choices = [("", "—")] + [(tag.slug, tag.name) for tag in tags]
        self.fields["animator"].choices = [
            ("", "—"),
            (ANIMATOR_NONE, _("Nobody")),
        ] + _user_choices(animators)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == BULK_TAG and not (cleaned.get("tag") or cleaned.get("new_tag", "").strip()):
            self.add_error("tag", _("Choose a tag or type a new one."))
        if action == BULK_ASSIGN:
            if not cleaned.get("animator"):
                self.add_error("animator", _("Choose an animator."))
            cleaned["animator_user"] = self.animators.get(cleaned.get("animator"))
        return cleaned


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    contacts = forms.TypedMultipleChoiceField(
        label=_("Contacts involved"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), help_text=MARKDOWN_HELP
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=DateInput(),
        help_text=_("The follow-up shows on the dashboard from that day until it is done."),
    )

    def __init__(self, *args, affiliations: list[Affiliation], **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts_by_pk = {
            affiliation.contact.pk: affiliation.contact for affiliation in affiliations
        }
        self.fields["contacts"].choices = [
            (affiliation.contact.pk, affiliation.contact.full_name) for affiliation in affiliations
        ]

    def clean(self):
        cleaned = super().clean()
        cleaned["contacts"] = [self.contacts_by_pk[pk] for pk in cleaned.get("contacts", [])]
        happened_on, follow_up_on = cleaned.get("happened_on"), cleaned.get("follow_up_on")
        if happened_on and follow_up_on and follow_up_on < happened_on:
            self.add_error("follow_up_on", _("The follow-up cannot come before the interaction."))
        return cleaned


class PerceptionForm(forms.Form):
    credible = forms.ChoiceField(
        label=_("Does it find the cluster credible?"),
        choices=PERCEPTION_CHOICES,
        widget=forms.RadioSelect,
    )
    interesting = forms.ChoiceField(
        label=_("Does it find the cluster interesting?"),
        choices=PERCEPTION_CHOICES,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HELP,
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("credible", "interesting"):
            if name in cleaned:
                cleaned[name] = PERCEPTION_VALUES[cleaned[name]]
        return cleaned


class AnimatorForm(forms.Form):
    animator = forms.ChoiceField(label=_("Animator in charge"), required=False)

    def __init__(self, *args, animators, **kwargs):
        super().__init__(*args, **kwargs)
        self.animators = {str(user.pk): user for user in animators}
        self.fields["animator"].choices = [("", _("Nobody"))] + _user_choices(animators)

    def clean_animator(self):
        return self.animators.get(self.cleaned_data["animator"])


class ContactFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search by name or email"), required=False, max_length=100)
    lifecycle = forms.ChoiceField(
        label=_("Organization lifecycle"),
        required=False,
        choices=ALL + Organization.Lifecycle.choices,
    )
    position = forms.ChoiceField(
        label=_("Job role"), required=False, choices=ALL + Affiliation.Position.choices
    )


class OrganizationStaffForm(CompanyIdentifiersMixin, forms.Form):
    """Staff's edit of what the cluster records about an organization: identity,
    classification, address, lifecycle and who follows it. What the organization says
    about itself (descriptions, logo, visibility) stays on its member-space profile."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    lifecycle = forms.ChoiceField(label=_("Lifecycle"), choices=Organization.Lifecycle.choices)
    siren = forms.CharField(label=_("SIREN"), max_length=20, required=False)
    siret = forms.CharField(label=_("SIRET"), max_length=25, required=False)
    confirm_duplicate_siren = forms.BooleanField(
        label=_("Save anyway: this SIREN is shared on purpose"), required=False
    )
    naf_code = forms.CharField(
        label=_("NAF/APE code"), max_length=10, required=False, help_text=_("For example 62.01Z.")
    )
    headcount_band = forms.ChoiceField(
        label=_("Headcount"), choices=[("", "—"), *HeadcountBand.choices], required=False
    )
    street = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    department = forms.CharField(
        label=_("Department"), max_length=3, required=False, help_text=_("For example 31 or 2A.")
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", "—"), *Region.choices], required=False
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    labels = forms.ModelMultipleChoiceField(
        label=_("Labels held"),
        queryset=Label.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    animator = forms.ModelChoiceField(
        label=_("Animator in charge"),
        queryset=staff_users(),
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        initial = {field: getattr(organization, field) for field in STAFF_EDITED_FIELDS}
        initial["animator"] = organization.animator_id
        for field in ("sectors", "labels", "tags"):
            initial[field] = [term.pk for term in getattr(organization, field).all()]
        super().__init__(*args, initial=initial, **kwargs)
        self.organization = organization
        # Other organizations with the SIREN typed, when it is new for this one.
        self.duplicates: list[Organization] = []

    def clean_department(self) -> str:
        return self.cleaned_data["department"].strip().upper()

    def clean(self):
        data = super().clean()
        self._clean_siren_of_siret(data)
        siren = data.get("siren")
        if siren and siren != self.organization.siren:
            self.duplicates = list(
                Organization.objects.filter(siren=siren)
                .exclude(pk=self.organization.pk)
                .order_by("name")[:10]
            )
        # A shared SIREN can be right (establishments of one company, a group's
        # subsidiaries...), so it is a warning staff confirm rather than a refusal.
        if self.duplicates and not data.get("confirm_duplicate_siren"):
            self.add_error(
                "siren",
                _(
                    "Another organization of the register already has this SIREN. Check "
                    "it is not the same one; tick the box below to save anyway."
                ),
            )
        return data
