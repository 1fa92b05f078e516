"""The public member directory: the search document of an organization, and making the stored
public pages that show the register stale. What the directory pages read (list, profile,
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
`organization_search_refresh` is still what services call, for SQLite and to make the stored
public pages of the register stale.
"""

from django.db import transaction
from django.db.models import QuerySet

from core.pagecache import topics_changed_on_commit
from core.search import search_normalise
from members.models import Organization


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
    """Make every stored public page showing the register stale (the directory, profiles,
    partners, the home page's count: core.pagecache's "register" topic). Saves of the
    register's rows do it by themselves (members.apps); call this, on commit, after writes
    that bypass the models' signals (`update()`, bulk writes), and when an organization joins
    or leaves the directory or a person named on a profile withdraws or is erased. Inside a
    transaction it acts again on commit."""
    topics_changed_on_commit("register")


@transaction.atomic
def organization_search_refresh(*, organization: Organization) -> str:
    """Recompute the organization's search document. Call it after any change to its name,
    city, descriptions, offers, keywords, sectors, competences or labels."""
    document = _search_document_of(organization)
    # update() rather than save(): no other column (updated_at included) is touched.
    Organization.objects.filter(pk=organization.pk).update(search_document=document)
    organization.search_document = document
    directory_cache_invalidate()
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
    directory_cache_invalidate()
    return refreshed
