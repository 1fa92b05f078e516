"""The register's contacts, with a token that has the `contacts` scope. An erased person
stays listed as erased (their names and addresses are gone, `erased_at` says when). An
organization's own token reads its own organization's people only, and sees only their
place in that organization."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from api import permissions
from api.auth import TokenAuth
from api.pagination import KeysetPagination
from api.problems import Problem
from api.schemas import InputSchema, audit, choice, field_problem, validation_problem
from core.search import search_filter
from members.models import Affiliation, Contact
from members.services.contacts import ContactErased, contact_create, contact_update

router = Router(tags=["Contacts"], auth=TokenAuth("contacts"))

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


class ContactAffiliation(Schema):
    organization: str = Field(description="The organization's slug.")
    organization_name: str
    position: choice(Affiliation.Position) = Field(description="The person's role in it.")
    access: choice(Affiliation.Access) = Field(description="What they may do in its member space.")


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    job_title: str
    phone: str
    preferred_language: str
    has_login: bool = Field(description="Whether the person can sign in to the member space.")
    erased: bool = Field(description="Erased at the person's request: names and addresses gone.")
    erased_at: datetime.datetime | None
    created_at: datetime.datetime
    organizations: list[ContactAffiliation]


def present(contact: Contact) -> dict:
    return {
        "id": contact.pk,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email,
        "job_title": contact.job_title,
        "phone": contact.phone,
        "preferred_language": contact.preferred_language,
        "has_login": contact.user_id is not None,
        "erased": contact.anonymised_at is not None,
        "erased_at": contact.anonymised_at,
        "created_at": contact.created_at,
        "organizations": [
            {
                "organization": affiliation.organization.slug,
                "organization_name": affiliation.organization.name,
                "position": affiliation.position,
                "access": affiliation.access,
            }
            for affiliation in contact.api_affiliations
        ],
    }


def _contacts(request: HttpRequest):
    affiliations = (
        permissions.affiliations_for(request.auth)
        .select_related("organization")
        .order_by("organization__name", "pk")
    )
    return permissions.contacts_for(request.auth).prefetch_related(
        Prefetch("affiliations", queryset=affiliations, to_attr="api_affiliations")
    )


class ContactQuery(Schema):
    organization: str = Field("", description="Only this organization's people (its slug).")
    q: str = Field(
        "", description="First name, last name or email; accents and case ignored.", max_length=200
    )
    erased: bool | None = Field(None, description="Only erased people, or only the others.")


@router.get("/contacts/", response=list[ContactOut])
@paginate(KeysetPagination, ordering=("last_name", "first_name", "pk"), present=present)
def contact_list(request: HttpRequest, filters: Query[ContactQuery]):
    """Contacts by name."""
    contacts = _contacts(request)
    if filters.organization:
        contacts = contacts.filter(
            pk__in=Affiliation.objects.filter(organization__slug=filters.organization).values(
                "contact_id"
            )
        )
    if filters.q.strip():
        contacts = contacts.filter(
            search_filter(filters.q.strip(), ["first_name", "last_name", "email"])
        )
    if filters.erased is not None:
        contacts = contacts.filter(anonymised_at__isnull=not filters.erased)
    return contacts


def _contact(request: HttpRequest, contact_id: int) -> Contact:
    contact = _contacts(request).filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


@router.get("/contacts/{contact_id}", response=ContactOut)
def contact_detail(request: HttpRequest, contact_id: int):
    """One contact."""
    return present(_contact(request, contact_id))


class ContactPatch(InputSchema):
    """Only the fields sent change."""

    first_name: str = Field(None, min_length=1, max_length=100)
    last_name: str = Field(None, min_length=1, max_length=100)
    email: str = Field(None, max_length=254)
    job_title: str = Field(None, max_length=150)
    phone: str = Field(None, max_length=30)
    preferred_language: str = Field(None, description="fr or en.")


class ContactCreate(ContactPatch):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    email: str = Field("", max_length=254)
    organization: str = Field(
        "", description="The slug of the organization the person works for.", max_length=220
    )
    position: choice(Affiliation.Position) = Field(
        Affiliation.Position.EMPLOYEE.value, description="Their role in that organization."
    )


def _check_language(values: dict) -> None:
    if "preferred_language" in values and values["preferred_language"] not in LANGUAGES:
        raise field_problem(
            "preferred_language",
            gettext("Choose one of: %(choices)s.") % {"choices": ", ".join(LANGUAGES)},
        )


@router.post("/contacts/", response={201: ContactOut})
def contact_add(request: HttpRequest, body: ContactCreate):
    """Add a person to the register, in an organization when one is named."""
    values = body.model_dump(exclude_unset=True, exclude={"organization", "position"})
    values.update(first_name=body.first_name, last_name=body.last_name)
    _check_language(values)
    organization = None
    if body.organization:
        organization = (
            permissions.organizations_for(request.auth).filter(slug=body.organization).first()
        )
        if organization is None:
            raise field_problem("organization", gettext("No organization has this slug."))
    try:
        contact = contact_create(values=values, organization=organization, position=body.position)
    except ValidationError as error:
        raise validation_problem(error) from error
    audit(request, contact, "created")
    return Status(201, present(_contact(request, contact.pk)))


@router.patch("/contacts/{contact_id}", response=ContactOut)
def contact_change(request: HttpRequest, contact_id: int, body: ContactPatch):
    """Change some of what the register records about a person. An erased person cannot be
    changed (409)."""
    contact = _contact(request, contact_id)
    values = body.model_dump(exclude_unset=True)
    _check_language(values)
    try:
        contact_update(contact=contact, values=values)
    except ValidationError as error:
        raise validation_problem(error) from error
    except ContactErased as error:
        raise Problem("conflict", gettext("This person was erased.")) from error
    audit(request, contact, "changed " + ", ".join(sorted(values)))
    return present(_contact(request, contact_id))
