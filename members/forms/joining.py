"""Forms of joining: the public application and staff's decision on it."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.markup import MARKDOWN_HELP
from members.forms.organizations import CompanyIdentifiersMixin
from members.models import HeadcountBand, MembershipCategory, Organization
from members.selectors.memberships import fee_band_amount
from members.services.memberships import membership_first_period

# Kinds whose SIREN is mandatory on the application: they are registered companies.
KINDS_NEEDING_SIREN = {Organization.Kind.COMPANY, Organization.Kind.STARTUP}


class JoinForm(CompanyIdentifiersMixin, forms.Form):
    """The public membership application: the organization, its main contact, consent."""

    organization_name = forms.CharField(label=_("Organization name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organization"), choices=Organization.Kind.choices)
    siren = forms.CharField(
        label=_("SIREN"),
        max_length=20,
        required=False,
        help_text=_("9 digits. Required for companies and start-ups."),
    )
    siret = forms.CharField(
        label=_("SIRET of the head office"),
        max_length=25,
        required=False,
        help_text=_("14 digits, starting with the SIREN."),
    )
    naf_code = forms.CharField(
        label=_("NAF/APE code"), max_length=10, required=False, help_text=_("For example 62.01Z.")
    )
    headcount_band = forms.ChoiceField(
        label=_("Headcount"), choices=[("", "—"), *HeadcountBand.choices]
    )
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        error_messages={"invalid": _("A French postal code has 5 digits.")},
    )
    city = forms.CharField(label=_("City"), max_length=120)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    category = forms.ModelChoiceField(
        label=_("Membership category"),
        queryset=MembershipCategory.objects.none(),
        empty_label=None,
    )

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial="fr"
    )

    motivation = forms.CharField(
        label=_("Why do you want to join?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )
    consent_directory = forms.BooleanField(
        label=_(
            "I agree that the cluster processes this application and, once we are members, "
            "lists our organization in the member directory."
        ),
        error_messages={"required": _("We need your agreement to process the application.")},
    )
    consent_newsletter = forms.BooleanField(
        label=_("I would like to receive the cluster's newsletter."),
        help_text=_("We will email you a link to confirm the address."),
        required=False,
    )
    # Honeypot: hidden from people by the stylesheet, filled in by form-filling robots.
    nickname = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    ORGANIZATION_FIELDS = (
        "organization_name",
        "kind",
        "siren",
        "siret",
        "naf_code",
        "headcount_band",
        "postal_code",
        "city",
        "website",
        "category",
    )
    CONTACT_FIELDS = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "job_title",
        "preferred_language",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = MembershipCategory.objects.filter(is_active=True)
        self.fields["category"].queryset = categories
        # Before staff set up any category, people can still apply; staff choose at review.
        self.fields["category"].required = categories.exists()

    def is_spam(self) -> bool:
        return bool(self.data.get("nickname"))

    def clean(self):
        data = super().clean()
        kind, siren = data.get("kind"), data.get("siren")
        if kind in KINDS_NEEDING_SIREN and "siren" in data and not siren:
            self.add_error("siren", _("The SIREN is required for a company or a start-up."))
        self._clean_siren_of_siret(data)
        return data


class ApplicationApproveForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Membership category"), queryset=MembershipCategory.objects.all()
    )
    dues_amount = forms.DecimalField(
        label=_("Dues of the first period (€)"),
        max_digits=9,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Leave empty to apply the fee grid of the category to the first period."),
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, headcount_band: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.headcount_band = headcount_band

    def clean(self):
        data = super().clean()
        if data.get("category") and data.get("dues_amount") is None and "dues_amount" in data:
            yearly = fee_band_amount(category=data["category"], headcount_band=self.headcount_band)
            amount = membership_first_period(
                joined_on=timezone.localdate(), yearly_amount=yearly
            ).amount
            if amount is None:
                self.add_error(
                    "dues_amount",
                    _("The fee grid has no amount for this category and headcount: enter it."),
                )
            else:
                data["dues_amount"] = amount
        return data


class ApplicationRejectForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Required: say why, and what they could do."),
    )
