"""What the public member directory reads: its list (filtered, searched and ranked), an
organization's profile and the people it names, the partners page, and the fields each
viewer may see. The search document they search is kept by members.services.directory."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL

from core.search import search_terms
from members.models import (
    Affiliation,
    ConsentRecord,
    Organization,
    PartnershipAgreement,
    Region,
)


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    sector: str = ""
    competence: str = ""
    region: str = ""
    label: str = ""


def directory_queryset() -> QuerySet[Organization]:
    """Every organization the directory may show: members that consented to be listed."""
    return Organization.objects.members().filter(directory_consent_at__isnull=False)


def organization_directory(*, filters: DirectoryFilters) -> QuerySet[Organization]:
    """The directory list: filtered, searched, ranked by relevance when searching (then
    by name), with the taxonomies shown on the cards prefetched."""
    organizations = directory_queryset()
    if filters.sector:
        organizations = organizations.filter(sectors__slug=filters.sector)
    if filters.competence:
        organizations = organizations.filter(competences__slug=filters.competence)
    if filters.label:
        organizations = organizations.filter(labels__slug=filters.label)
    if filters.region:
        organizations = organizations.filter(region=filters.region)
    organizations = organizations.prefetch_related("sectors", "competences", "labels")

    terms = search_terms(filters.query)
    if not terms:
        return organizations.order_by("name", "pk")
    if _is_postgresql():
        # The stored tsvector of migration 0006, GIN-indexed: matching and ranking read it
        # instead of parsing every matching document twice.
        vector = RawSQL(
            f'"{Organization._meta.db_table}"."search_vector"', [], output_field=SearchVectorField()
        )
        # Every term must match, each as a prefix: "secur" finds "Sécurité". The terms
        # are [a-z0-9]+ only, so the raw tsquery cannot be malformed or injected.
        query = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), search_type="raw", config="simple"
        )
        return (
            organizations.alias(document=vector)
            .filter(document=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "name", "pk")
        )
    # SQLite (the quick start): every term must appear somewhere in the document.
    for term in terms:
        organizations = organizations.filter(search_document__contains=term)
    return organizations.order_by("name", "pk")


def organization_directory_profile(*, slug: str) -> Organization | None:
    """A listed organization with its taxonomies, or None when it is not in the directory."""
    return (
        directory_queryset()
        .prefetch_related("sectors", "competences", "labels")
        .filter(slug=slug)
        .first()
    )


def organization_public_contacts(*, organization: Organization) -> list[Affiliation]:
    """The people a profile names: executives and main contacts, never erased people, and
    never someone whose latest word on being listed in the directory is no."""
    latest_directory_consent = (
        ConsentRecord.objects.filter(
            contact=OuterRef("contact"), purpose=ConsentRecord.Purpose.DIRECTORY
        )
        .order_by("-recorded_at", "-pk")
        .values("granted")[:1]
    )
    return list(
        organization.affiliations.filter(
            position__in=[Affiliation.Position.EXECUTIVE, Affiliation.Position.MAIN_CONTACT],
            contact__anonymised_at__isnull=True,
        )
        .annotate(listed=Subquery(latest_directory_consent))
        # No record yet means the person never objected: listed, as before consent existed.
        .filter(Q(listed__isnull=True) | Q(listed=True))
        .select_related("contact")
        .order_by("position", "contact__last_name", "contact__first_name")
    )


def organization_visible_fields(
    *, organization: Organization, viewer_is_member: bool
) -> dict[str, bool]:
    """{field: shown?} for every field an organization chooses the visibility of."""
    return {
        field: organization.is_visible(field, viewer_is_member=viewer_is_member)
        for field in Organization.VISIBILITY_DEFAULTS
    }


def partners_public() -> QuerySet[Organization]:
    """The partner organizations, each with its public agreements prefetched
    (`public_agreements`, the latest first): what the partners page and the API show."""
    return Organization.objects.filter(lifecycle=Organization.Lifecycle.PARTNER).prefetch_related(
        Prefetch(
            "agreements",
            queryset=PartnershipAgreement.objects.filter(is_public=True).order_by(
                "-starts_on", "pk"
            ),
            to_attr="public_agreements",
        )
    )


def partners_page(
    *, page_number, viewer_is_member: bool, per_page: int
) -> tuple[Page, list[tuple[str, list[Organization]]]]:
    """A page of partner organizations, in the order of Organization.Kind then by name, and
    that page's partners grouped by kind, each with its public agreements prefetched and
    `visible` set: three queries (the count, the page, the agreements) whatever their
    number."""
    kind_order = Case(
        *(When(kind=kind, then=Value(position)) for position, kind in enumerate(Organization.Kind)),
        default=Value(len(Organization.Kind)),
    )
    page = Paginator(partners_public().order_by(kind_order, "name", "pk"), per_page).get_page(
        page_number
    )
    groups: dict[str, list[Organization]] = {}
    for partner in organizations_with_visibility(
        page.object_list, viewer_is_member=viewer_is_member
    ):
        groups.setdefault(partner.kind, []).append(partner)
    labels = dict(Organization.Kind.choices)
    return page, [(labels[kind], partners) for kind, partners in groups.items()]


def organizations_with_visibility(
    organizations: Iterable[Organization], *, viewer_is_member: bool
) -> list[Organization]:
    """Attach `visible` ({field: bool}) to each organization, and `kind_label` and
    `region_label` for the cards, for templates."""
    listed = list(organizations)
    # Looked up once per list: get_kind_display() rebuilds the whole choices mapping on each
    # call, a tenth of a directory page's time.
    kinds, regions = dict(Organization.Kind.choices), dict(Region.choices)
    for organization in listed:
        organization.visible = organization_visible_fields(
            organization=organization, viewer_is_member=viewer_is_member
        )
        organization.kind_label = kinds.get(organization.kind, organization.kind)
        organization.region_label = regions.get(organization.region, organization.region)
    return listed


def directory_cards(
    organizations: Iterable[Organization], *, viewer_is_member: bool
) -> list[Organization]:
    """`organizations_with_visibility`, plus the names of the terms each card shows
    (`shown_sectors`, `shown_competences`, `shown_labels`: empty when hidden from the
    viewer), so the template loops over plain strings. The taxonomies must be prefetched."""
    cards = organizations_with_visibility(organizations, viewer_is_member=viewer_is_member)
    for organization in cards:
        visible = organization.visible
        organization.shown_sectors = (
            [term.name for term in organization.sectors.all()] if visible["sectors"] else []
        )
        organization.shown_competences = (
            [term.name for term in organization.competences.all()] if visible["competences"] else []
        )
        organization.shown_labels = (
            [term.name for term in organization.labels.all()] if visible["labels"] else []
        )
    return cards
