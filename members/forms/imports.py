"""Forms of spreadsheet imports: the upload, the column mapping, and one form per imported
row, so that a row of the file is held to the same rules as the register's own forms."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.uploads import UploadTypeValidator
from members.forms.organizations import CompanyIdentifiersMixin
from members.models import Affiliation, HeadcountBand, ImportJob, Organization
from members.models.imports import IMPORT_EXTENSIONS
from members.services.directory import search_normalise
from members.validators import (
    identifier_normalise,
    validate_siren,
)

IMPORT_MAX_BYTES = 5 * 1024 * 1024
# Several taxonomy terms or tags in one cell are separated by semicolons or commas.
LIST_SEPARATOR = re.compile(r"[;,]")


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=ImportJob.Kind.choices,
        widget=forms.RadioSelect,
        initial=ImportJob.Kind.ORGANIZATIONS,
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        validators=[UploadTypeValidator(IMPORT_EXTENSIONS)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form, not at import: the size and words follow the request's language.
        self.fields["file"].help_text = gettext(
            "A CSV file (comma or semicolon separated) or an Excel workbook (.xlsx) of at most "
            "%(size)s, with the column names on its first row."
        ) % {"size": filesizeformat(IMPORT_MAX_BYTES)}

    def clean_file(self):
        # Its type, by name and content, was checked by the field's validator.
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                _("This file weighs %(size)s; the limit is %(limit)s. Split it in several files.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(IMPORT_MAX_BYTES),
                }
            )
        return upload


class ImportFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Holds"), choices=[("", _("All")), *ImportJob.Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ImportJob.Status.choices], required=False
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ImportMappingForm(forms.Form):
    """One select per register field, listing the columns of the file."""

    def __init__(self, *args, fields, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", gettext("— not imported —")), *((header, header) for header in headers)]
        for field in fields:
            self.fields[field.name] = forms.ChoiceField(
                label=field.label,
                choices=choices,
                required=field.required,
                help_text=field.help_text,
                error_messages={"required": _("Choose the column that holds this information.")},
            )

    def clean(self):
        data = super().clean()
        used: dict[str, str] = {}
        for name, header in list(data.items()):
            if not header:
                continue
            if header in used:
                self.add_error(
                    name,
                    _("The column “%(column)s” is already used for “%(field)s”.")
                    % {"column": header, "field": self.fields[used[header]].label},
                )
            else:
                used[header] = name
        return data

    def mapping(self) -> dict[str, str]:
        return {name: header for name, header in self.cleaned_data.items() if header}


def choice_lookup(choices) -> dict[str, str]:
    """{normalised value or label: value}, with labels in French and English, so that a cell
    may hold "member", "Member" or "Membre"."""
    lookup = {}
    for value, label in choices:
        lookup[_key(search_normalise(str(value)))] = value
        for language in ("fr", "en"):
            with translation.override(language):
                lookup[_key(search_normalise(str(label)))] = value
    return lookup


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9+]", "", text)


def choice_key(text: str) -> str:
    return _key(search_normalise(text))


def split_list(value: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATOR.split(value or "") if item.strip()]


class _RowForm(forms.Form):
    """A row of the file, as {register field: text of the cell}. Choice cells are looked up
    by value or label (`choices` maps field names to choice_lookup() dicts)."""

    # {field name: choices}; the lookups of those choices come in `choices`.
    CHOICE_FIELDS: dict[str, list] = {}

    def __init__(self, *args, choices: dict[str, dict[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices

    def _clean_choice(self, name: str) -> str:
        text = self.cleaned_data[name]
        if not text:
            return ""
        value = self.choices[name].get(choice_key(text))
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not one of the accepted values (%(accepted)s).")
                % {"value": text, "accepted": _accepted(self.CHOICE_FIELDS[name])}
            )
        return value


def _accepted(choices) -> str:
    return ", ".join(str(label) for _value, label in choices)


class OrganizationRowForm(CompanyIdentifiersMixin, _RowForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.CharField(label=_("Kind"), required=False)
    siren = forms.CharField(label=_("SIREN"), max_length=20, required=False)
    siret = forms.CharField(label=_("SIRET"), max_length=25, required=False)
    naf_code = forms.CharField(label=_("NAF/APE code"), max_length=10, required=False)
    sectors = forms.CharField(label=_("Sectors"), required=False)
    competences = forms.CharField(label=_("Competences"), required=False)
    headcount_band = forms.CharField(label=_("Headcount"), required=False)
    founded_year = forms.IntegerField(label=_("Founding year"), required=False, min_value=1800)
    street = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^[0-9A-Za-z -]{2,10}$",
        required=False,
        error_messages={"invalid": _("This postal code is not valid.")},
    )
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    email = forms.EmailField(label=_("General email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    lifecycle = forms.CharField(label=_("Lifecycle"), required=False)
    tags = forms.CharField(label=_("Tags"), required=False)
    description = forms.CharField(label=_("Description (French)"), required=False)

    CHOICE_FIELDS = {
        "kind": Organization.Kind.choices,
        "headcount_band": HeadcountBand.choices,
        "lifecycle": Organization.Lifecycle.choices,
    }

    def __init__(self, *args, sectors: dict[str, int], competences: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {"sectors": sectors, "competences": competences}

    def clean_kind(self) -> str:
        return self._clean_choice("kind")

    def clean_headcount_band(self) -> str:
        return self._clean_choice("headcount_band")

    def clean_lifecycle(self) -> str:
        return self._clean_choice("lifecycle")

    def clean_founded_year(self) -> int | None:
        year = self.cleaned_data["founded_year"]
        if year is not None and year > timezone.localdate().year:
            raise ValidationError(_("The founding year cannot be in the future."))
        return year

    def _clean_terms(self, name: str) -> list[int]:
        found, unknown = [], []
        for term in split_list(self.cleaned_data[name]):
            pk = self.terms[name].get(choice_key(term))
            if pk is None:
                unknown.append(term)
            elif pk not in found:
                found.append(pk)
        if unknown:
            raise ValidationError(
                _("Unknown in the register: %(names)s. Create them first or fix the spelling.")
                % {"names": ", ".join(unknown)}
            )
        return found

    def clean_sectors(self) -> list[int]:
        return self._clean_terms("sectors")

    def clean_competences(self) -> list[int]:
        return self._clean_terms("competences")

    def clean_tags(self) -> list[str]:
        tags = split_list(self.cleaned_data["tags"])
        for tag in tags:
            if len(tag) > 120:
                raise ValidationError(_("A tag has at most 120 characters."))
        return tags

    def clean(self):
        data = super().clean()
        self._clean_siren_of_siret(data)
        return data


class ContactRowForm(_RowForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    preferred_language = forms.CharField(label=_("Preferred language"), required=False)
    organization_siren = forms.CharField(
        label=_("SIREN of the organization"), max_length=20, required=False
    )
    organization_name = forms.CharField(
        label=_("Organization name"), max_length=200, required=False
    )
    position = forms.CharField(label=_("Role in the organization"), required=False)

    CHOICE_FIELDS = {
        "preferred_language": settings.LANGUAGES,
        "position": Affiliation.Position.choices,
    }

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()

    def clean_preferred_language(self) -> str:
        return self._clean_choice("preferred_language")

    def clean_position(self) -> str:
        return self._clean_choice("position")

    def clean_organization_siren(self) -> str:
        siren = identifier_normalise(self.cleaned_data["organization_siren"])
        if siren:
            validate_siren(siren)
        return siren

    def clean(self):
        data = super().clean()
        has_organization = data.get("organization_siren") or data.get("organization_name")
        if data.get("position") and not has_organization and not self.has_error("position"):
            self.add_error(
                "position", _("A role needs an organization (its SIREN or its name) on the row.")
            )
        return data
