"""The public member directory: the search document of an organization, the directory
selectors (list, profile, partners) and the cache version that anonymous pages key on.

Search works on `Organization.search_document`, a lower-cased, accent-free copy of the
searchable text. Accents are removed in Python rather than with PostgreSQL's `unaccent()`
at query time: `unaccent()` is not IMMUTABLE, so it cannot appear in an index expression,
while a pre-normalised column can be indexed (on PostgreSQL its tsvector is a stored,
GIN-indexed column, migration 0006) and gives the same answers on SQLite, where the quick
start runs.

On PostgreSQL a trigger (migration 0007) computes `search_document` on every insert and
update of an organization, and when its sectors, competences or labels change: no writer
can leave it stale. `_search_document_of` is the same computation in Python, for SQLite;
`organization_search_refresh` is still what services call, for SQLite and to invalidate the
cached directory pages.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils.http import urlencode

from core.search import search_normalise, search_terms
from members.models import (
    Affiliation,
    ConsentRecord,
    Organization,
    PartnershipAgreement,
    Region,
)

DIRECTORY_CACHE_VERSION_KEY = "members:directory:version"


def _search_document_of(organization: Organization) -> str:
    """The searchable text; the taxonomies must be prefetched or this queries three times."""
    parts = [
        organization.name,
        organization.city,
        organization.description_fr,
        organization.description_en,
        organization.offer_fr,
        organization.offer_en,
        organization.keywords.replace(",", " "),
    ]
    for terms in (organization.sectors.all(), organization.competences.all()):
        parts += [name for term in terms for name in (term.name_fr, term.name_en)]
    parts += [
        name for label in organization.labels.all() for name in (label.name_fr, label.name_en)
    ]
    return " ".join(search_normalise(part) for part in parts if part)


def directory_cache_invalidate() -> None:
    """Make every cached directory page and profile stale. Refreshing a search document does
    it; call it too when an organization joins or leaves the directory (consent, lifecycle)
    and when a person named on a profile withdraws or is erased."""
    try:
        cache.incr(DIRECTORY_CACHE_VERSION_KEY)
    except ValueError:
        # The key was evicted or never set: any new value makes old entries unreachable.
        cache.set(DIRECTORY_CACHE_VERSION_KEY, 1, timeout=None)


def _directory_cache_version() -> int:
    version = cache.get(DIRECTORY_CACHE_VERSION_KEY)
    if version is None:
        cache.add(DIRECTORY_CACHE_VERSION_KEY, 0, timeout=None)
        version = cache.get(DIRECTORY_CACHE_VERSION_KEY, 0)
    return version


def directory_page_cache_key(
    *, language: str, params: Iterable[tuple[str, str]], fragment: str
) -> str:
    """The cache key of an anonymous directory page: `fragment` (the partial rendered) in
    `language` for the query parameters `params` (name, value).

    The page depends on each parameter's last value only (forms and pagination links read
    it so), so the sorted pairs identify it whatever their order in the URL. They are hashed:
    a key stays short whatever a visitor types. The version in the key is what
    `directory_cache_invalidate` bumps: old entries become unreachable and expire."""
    normalised = urlencode(sorted(params))
    digest = hashlib.sha256(f"{fragment}?{normalised}".encode()).hexdigest()
    return f"members:directory:page:{_directory_cache_version()}:{language}:{digest}"


def directory_profile_cache_key(*, language: str, slug: str) -> str:
    """The cache key of an organization's anonymous profile page in `language`; invalidated
    with the directory pages."""
    digest = hashlib.sha256(slug.encode()).hexdigest()
    return f"members:directory:profile:{_directory_cache_version()}:{language}:{digest}"


@transaction.atomic
def organization_search_refresh(*, organization: Organization) -> str:
    """Recompute the organization's search document. Call it after any change to its name,
    city, descriptions, offers, keywords, sectors, competences or labels."""
    document = _search_document_of(organization)
    # update() rather than save(): no other column (updated_at included) is touched.
    Organization.objects.filter(pk=organization.pk).update(search_document=document)
    organization.search_document = document
    transaction.on_commit(directory_cache_invalidate)
    return document


@transaction.atomic
def organization_search_refresh_bulk(
    *, organizations: QuerySet[Organization], batch_size: int = 500
) -> int:
    """Recompute the search documents of many organizations with a few queries per batch
    (for imports and seed_demo). Returns how many were refreshed."""
    queryset = organizations.order_by("pk").prefetch_related("sectors", "competences", "labels")
    refreshed = 0
    batch: list[Organization] = []
    for organization in queryset.iterator(chunk_size=batch_size):
        organization.search_document = _search_document_of(organization)
        batch.append(organization)
        if len(batch) >= batch_size:
            Organization.objects.bulk_update(batch, ["search_document"])
            refreshed += len(batch)
            batch = []
    if batch:
        Organization.objects.bulk_update(batch, ["search_document"])
        refreshed += len(batch)
    transaction.on_commit(directory_cache_invalidate)
    return refreshed


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


def partners_by_kind(*, viewer_is_member: bool) -> list[tuple[str, list[Organization]]]:
    """Partner organizations grouped by kind (in the order of Organization.Kind), each with
    its public agreements prefetched and `visible` set: two queries whatever their number."""
    partners = (
        Organization.objects.filter(lifecycle=Organization.Lifecycle.PARTNER)
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=PartnershipAgreement.objects.filter(is_public=True).order_by(
                    "-starts_on", "pk"
                ),
                to_attr="public_agreements",
            )
        )
        .order_by("name", "pk")
    )
    groups: dict[str, list[Organization]] = {}
    for partner in organizations_with_visibility(partners, viewer_is_member=viewer_is_member):
        groups.setdefault(partner.kind, []).append(partner)
    return [(label, groups[kind]) for kind, label in Organization.Kind.choices if kind in groups]


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
