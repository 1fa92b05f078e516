"""The public member directory: listed organizations, with only the fields each one made
public (the same rule as its profile page for an anonymous visitor). No token."""

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from api.pagination import KeysetPagination
from api.schemas import Term, Translated, term, translated
from core.linked_data import absolute_url
from core.pagecache import public_page
from members.models import Organization, Region
from members.selectors.directory import DirectoryFilters, organization_directory

router = Router(tags=["Directory (public)"])


class DirectoryOrganization(Schema):
    slug: str = Field(description="Stable identifier, also the profile page's address.")
    name: str
    kind: str
    city: str
    region: str | None = Field(description="INSEE region code.")
    profile_url: str
    website: str | None = Field(None, description="Null when the organization keeps it private.")
    linkedin_url: str | None = None
    x_url: str | None = None
    logo_url: str | None = None
    description: Translated | None = None
    offer: Translated | None = None
    sectors: list[Term] | None = None
    competences: list[Term] | None = None
    labels: list[Term] | None = None
    headcount_band: str | None = None
    founded_year: int | None = None


class DirectoryFilterQuery(Schema):
    q: str = Field("", description="Full-text search, accents and case ignored.", max_length=200)
    sector: str = Field("", description="A sector's code.", max_length=140)
    competence: str = Field("", description="A competence's code.", max_length=140)
    region: str = Field("", description="An INSEE region code.", max_length=2)
    label: str = Field("", description="A label's code.", max_length=140)


def public_organization(organization: Organization) -> dict:
    """The organization as the public sees it: hidden fields are null."""

    def shown(field: str) -> bool:
        return organization.is_visible(field, viewer_is_member=False)

    with translation.override(settings.LANGUAGE_CODE):
        profile = reverse("members:directory_profile", kwargs={"slug": organization.slug})
    social = shown("social")
    return {
        "slug": organization.slug,
        "name": organization.name,
        "kind": organization.kind,
        "city": organization.city,
        "region": organization.region or None,
        "profile_url": f"{settings.SITE_URL}{profile}",
        "website": (organization.website or None) if shown("website") else None,
        "linkedin_url": (organization.linkedin_url or None) if social else None,
        "x_url": (organization.x_url or None) if social else None,
        "logo_url": (
            absolute_url(organization.logo.url) if organization.logo and shown("logo") else None
        ),
        "description": (
            translated(organization.description_fr, organization.description_en)
            if shown("description")
            else None
        ),
        "offer": translated(organization.offer_fr, organization.offer_en)
        if shown("offer")
        else None,
        "sectors": [term(t) for t in organization.sectors.all()] if shown("sectors") else None,
        "competences": (
            [term(t) for t in organization.competences.all()] if shown("competences") else None
        ),
        "labels": [term(t) for t in organization.labels.all()] if shown("labels") else None,
        "headcount_band": (organization.headcount_band or None)
        if shown("headcount_band")
        else None,
        "founded_year": organization.founded_year if shown("founded_year") else None,
    }


@router.get("/directory/", response=list[DirectoryOrganization], auth=None)
@decorate_view(public_page("register"))
@paginate(KeysetPagination, ordering=("name", "pk"), present=public_organization)
def directory_list(request: HttpRequest, filters: Query[DirectoryFilterQuery]):
    """The listed member organizations, by name; filters as on the public directory."""
    if filters.region and filters.region not in Region.values:
        return Organization.objects.none()
    organizations = organization_directory(
        filters=DirectoryFilters(
            query=filters.q,
            sector=filters.sector,
            competence=filters.competence,
            region=filters.region,
            label=filters.label,
        )
    )
    return organizations


@router.get("/directory/{slug}", response=DirectoryOrganization, auth=None)
@decorate_view(public_page("register"))
def directory_detail(request: HttpRequest, slug: str):
    """One listed organization."""
    organization = organization_directory(filters=DirectoryFilters()).filter(slug=slug).first()
    if organization is None:
        raise Http404
    return public_organization(organization)
