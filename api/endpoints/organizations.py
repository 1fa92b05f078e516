"""The register's organizations, with a token that has the `organizations` scope: the
staff list's filters, one organization, and staff's create and edit (the same checks as
the back-office form: SIREN and SIRET keys, a SIREN shared with another organization…).
An organization's own token reads its own organization only."""

import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from api import permissions
from api.auth import TokenAuth
from api.pagination import KeysetPagination
from api.schemas import InputSchema, Term, audit, choice, field_problem, form_problem, term
from members.forms.organizations import OrganizationStaffForm
from members.models import HeadcountBand, Label, Organization, Region, Sector
from members.selectors.organizations import OrganizationFilters, organizations_filter
from members.services.organizations import (
    STAFF_EDITED_FIELDS,
    organization_staff_create,
    organization_staff_update,
)

router = Router(tags=["Organizations"], auth=TokenAuth("organizations"))


class OrganizationOut(Schema):
    slug: str = Field(description="Stable identifier; it stays when the name changes.")
    name: str
    kind: choice(Organization.Kind)
    lifecycle: choice(Organization.Lifecycle) = Field(
        description="Where the organization stands with the cluster."
    )
    siren: str = Field(description="9 digits, or empty.")
    siret: str = Field(description="14 digits, or empty.")
    naf_code: str = Field(description="NAF/APE code as INSEE writes it (62.01Z), or empty.")
    headcount_band: str = Field(description="One of the headcount bands, or empty.")
    street: str
    postal_code: str
    city: str
    department: str
    region: str = Field(description="INSEE region code, or empty.")
    email: str
    phone: str
    website: str
    sectors: list[Term]
    competences: list[Term]
    labels: list[Term]
    created_at: datetime.datetime
    updated_at: datetime.datetime


def present(organization: Organization) -> dict:
    values = {field: getattr(organization, field) for field in OrganizationOut.model_fields}
    for field in ("sectors", "competences", "labels"):
        values[field] = [term(t) for t in getattr(organization, field).all()]
    return values


class OrganizationQuery(Schema):
    q: str = Field(
        "", description="Name or city (accents and case ignored), or SIREN digits.", max_length=200
    )
    lifecycle: choice(Organization.Lifecycle) | None = None
    kind: choice(Organization.Kind) | None = None
    sector: str = Field("", description="A sector's code.", max_length=140)
    competence: str = Field("", description="A competence's code.", max_length=140)
    region: choice(Region) | None = Field(None, description="An INSEE region code.")
    dues_unpaid: bool = Field(False, description="Only organizations with dues to pay.")


def _with_terms(organizations):
    return organizations.prefetch_related("sectors", "competences", "labels")


@router.get("/organizations/", response=list[OrganizationOut])
@paginate(KeysetPagination, ordering=("name", "pk"), present=present)
def organization_list(request: HttpRequest, filters: Query[OrganizationQuery]):
    """Organizations of the register by name, filtered as the back-office list."""
    organizations = organizations_filter(
        organizations=permissions.organizations_for(request.auth),
        filters=OrganizationFilters(
            query=filters.q,
            lifecycle=filters.lifecycle or "",
            kind=filters.kind or "",
            sector=filters.sector,
            competence=filters.competence,
            region=filters.region or "",
            dues_unpaid=filters.dues_unpaid,
        ),
    )
    return _with_terms(organizations)


def _organization(request: HttpRequest, slug: str) -> Organization:
    organization = _with_terms(
        permissions.organizations_for(request.auth).filter(slug=slug)
    ).first()
    if organization is None:
        raise Http404
    return organization


@router.get("/organizations/{slug}", response=OrganizationOut)
def organization_detail(request: HttpRequest, slug: str):
    """One organization, by its slug."""
    return present(_organization(request, slug))


class OrganizationPatch(InputSchema):
    """Only the fields sent change; null empties an optional field."""

    name: str | None = Field(None, min_length=1, max_length=200)
    kind: choice(Organization.Kind) | None = None
    lifecycle: choice(Organization.Lifecycle) | None = None
    siren: str | None = Field(
        None, max_length=20, description="9 digits; spaces, dots and dashes are ignored."
    )
    siret: str | None = Field(
        None, max_length=25, description="14 digits, starting with the SIREN."
    )
    confirm_duplicate_siren: bool = Field(
        False, description="Save even if another organization has this SIREN (on purpose)."
    )
    naf_code: str | None = Field(None, max_length=10, description="For example 62.01Z.")
    headcount_band: choice(HeadcountBand) | None = None
    street: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=10)
    city: str | None = Field(None, max_length=120)
    department: str | None = Field(None, max_length=3, description="For example 31 or 2A.")
    region: choice(Region) | None = Field(None, description="An INSEE region code.")
    sectors: list[str] | None = Field(None, description="Sectors' codes; replaces the list.")
    labels: list[str] | None = Field(None, description="Labels' codes; replaces the list.")


class OrganizationCreate(OrganizationPatch):
    name: str = Field(min_length=1, max_length=200)


def _term_ids(model, field: str, codes: list[str]) -> list[int]:
    found = dict(model.objects.filter(slug__in=codes).values_list("slug", "pk"))
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise field_problem(
            field, gettext("Unknown code: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    return list(found.values())


def _form_data(organization: Organization, changes: dict) -> dict:
    """The staff form's data: the organization's values, with the changes sent."""
    data = {field: getattr(organization, field) for field in STAFF_EDITED_FIELDS}
    data["animator"] = organization.animator_id or ""
    if organization.pk:
        data["sectors"] = [t.pk for t in organization.sectors.all()]
        data["labels"] = [t.pk for t in organization.labels.all()]
        data["tags"] = [t.pk for t in organization.tags.all()]
    for field, value in changes.items():
        if field in ("sectors", "labels"):
            model = Sector if field == "sectors" else Label
            data[field] = _term_ids(model, field, value or [])
        elif field == "confirm_duplicate_siren":
            data[field] = "on" if value else ""
        else:
            data[field] = "" if value is None else str(value)
    return data


class _NewOrganizationForm(OrganizationStaffForm):
    """The staff form for an organization that does not exist yet."""

    def __init__(self, *args, **kwargs):
        super(OrganizationStaffForm, self).__init__(*args, **kwargs)
        self.organization = Organization()
        self.duplicates = []


def _valid_form(organization: Organization, changes: dict):
    data = _form_data(organization, changes)
    if organization.pk:
        form = OrganizationStaffForm(data, organization=organization)
    else:
        form = _NewOrganizationForm(data)
    if not form.is_valid():
        raise form_problem(form)
    return form.cleaned_data


@router.post("/organizations/", response={201: OrganizationOut})
def organization_create(request: HttpRequest, body: OrganizationCreate):
    """Add an organization to the register; its slug is made from its name."""
    data = _valid_form(Organization(), body.model_dump(exclude_unset=True))
    organization = organization_staff_create(data=data, created_by=request.auth.created_by)
    audit(request, organization, f"created {organization.name}")
    return Status(201, present(_organization(request, organization.slug)))


@router.patch("/organizations/{slug}", response=OrganizationOut)
def organization_update(request: HttpRequest, slug: str, body: OrganizationPatch):
    """Change some of what the register records about an organization."""
    organization = _organization(request, slug)
    changes = body.model_dump(exclude_unset=True)
    data = _valid_form(organization, changes)
    organization_staff_update(
        organization=organization, data=data, updated_by=request.auth.created_by
    )
    audit(request, organization, "changed " + ", ".join(sorted(changes)))
    return present(_organization(request, slug))
