"""Forms of the member space's self-service pages: the organization's profile and its
people's portal roles. They validate; services do the work."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.images import ImageError
from core.uploads import IMAGE_EXTENSIONS, UploadTypeValidator
from members.models import (
    Affiliation,
    Competence,
    HeadcountBand,
    Organization,
    Sector,
    Visibility,
)
from members.services.profiles import LOGO_MAX_BYTES, PROFILE_FIELDS, logo_check

# What the organization may show or hide, in the order of the profile form.
VISIBILITY_LABELS = {
    "description": _("Description"),
    "offer": _("Offer and innovative solutions"),
    "website": _("Website"),
    "social": _("Social links"),
    "logo": _("Logo"),
    "sectors": _("Sectors"),
    "competences": _("Competences"),
    "labels": _("Labels held"),
    "headcount_band": _("Headcount"),
    "founded_year": _("Founding year"),
    "street": _("Street address"),
    "email": _("General email"),
    "phone": _("Phone"),
    "siren": _("SIREN"),
    "contacts": _("Contacts"),
}
FOUNDED_YEAR_MIN = 1800


def _text(label, *, max_length: int = 5000):
    return forms.CharField(
        label=label, widget=forms.Textarea, required=False, max_length=max_length
    )


class OrganizationProfileForm(forms.Form):
    description_fr = _text(_("Description (French)"))
    description_en = _text(_("Description (English)"))
    offer_fr = _text(_("Offer and innovative solutions (French)"))
    offer_en = _text(_("Offer and innovative solutions (English)"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    linkedin_url = forms.URLField(label=_("LinkedIn page"), required=False, assume_scheme="https")
    x_url = forms.URLField(label=_("X (Twitter) profile"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("General email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    street = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    headcount_band = forms.ChoiceField(
        label=_("Headcount"), choices=[("", "—"), *HeadcountBand.choices], required=False
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    keywords = forms.CharField(
        label=_("Other keywords"),
        max_length=500,
        required=False,
        help_text=_("Separated by commas."),
    )
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        validators=[UploadTypeValidator(IMAGE_EXTENSIONS, names_matter=False)],
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    directory_consent = forms.BooleanField(
        label=_("Show our organization in the public member directory"), required=False
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        initial = {field: getattr(organization, field) for field in PROFILE_FIELDS}
        initial["directory_consent"] = organization.directory_consent_at is not None
        initial["sectors"] = [sector.pk for sector in organization.sectors.all()]
        initial["competences"] = [competence.pk for competence in organization.competences.all()]
        for key in Organization.VISIBILITY_DEFAULTS:
            initial[f"visibility_{key}"] = organization.visibility_of(key)
        super().__init__(*args, initial=initial, **kwargs)
        self.organization = organization
        self.fields["logo"].help_text = gettext(
            "PNG, JPEG or WebP, at most %(size)s. It is resized to 400 × 400 pixels."
        ) % {"size": filesizeformat(LOGO_MAX_BYTES)}
        # The upper bound moves with the calendar, so the field is built per form.
        self.fields["founded_year"] = forms.IntegerField(
            label=_("Founding year"),
            required=False,
            min_value=FOUNDED_YEAR_MIN,
            max_value=date.today().year,
        )
        for key, label in VISIBILITY_LABELS.items():
            self.fields[f"visibility_{key}"] = forms.ChoiceField(
                label=label, choices=Visibility.choices
            )

    def visibility_fields(self):
        return [self[f"visibility_{key}"] for key in VISIBILITY_LABELS]

    def clean_logo(self):
        upload = self.cleaned_data["logo"]
        if not upload:
            return None
        try:
            logo_check(upload)
        except ImageError as error:
            raise ValidationError(str(error)) from error
        return upload

    def clean(self):
        cleaned = super().clean()
        cleaned["visibility"] = {
            key: cleaned[f"visibility_{key}"]
            for key in Organization.VISIBILITY_DEFAULTS
            if f"visibility_{key}" in cleaned
        }
        return cleaned


class AffiliationAccessForm(forms.Form):
    access = forms.ChoiceField(label=_("Portal role"), choices=Affiliation.Access.choices)
