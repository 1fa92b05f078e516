"""The public member directory: the search document of an organization and the cache
version that anonymous pages key on. What the directory pages read (list, profile,
partners) is in members.selectors.directory.

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

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils.http import urlencode

from core.search import search_normalise
from members.models import Organization

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
