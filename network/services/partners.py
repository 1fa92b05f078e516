"""Staff's partner directories and their taxonomy mapping."""

from django.db import transaction
from django.db.models import Prefetch

from members.models import Competence, Sector
from network.models import PartnerDirectory, PartnerOrganization, PartnerTerm
from network.services.imports import partner_directory_import_queue, partner_search_document


@transaction.atomic
def partner_directory_create(*, values: dict) -> PartnerDirectory:
    """A new partner feed (`values` from a validated form), imported at once in the
    background."""
    partner = PartnerDirectory.objects.create(**values)
    if partner.is_active:
        partner_directory_import_queue(partner=partner)
    return partner


@transaction.atomic
def partner_directory_update(*, partner: PartnerDirectory, values: dict) -> PartnerDirectory:
    """Save the partner's name, address or active flag; a new address is imported at once."""
    feed_url_before = (
        PartnerDirectory.objects.select_for_update()
        .values_list("feed_url", flat=True)
        .get(pk=partner.pk)
    )
    for field, value in values.items():
        setattr(partner, field, value)
    partner.save(update_fields=list(values))
    if partner.feed_url != feed_url_before and partner.is_active:
        partner_directory_import_queue(partner=partner)
    return partner


@transaction.atomic
def partner_directory_delete(*, partner: PartnerDirectory) -> None:
    """Forget the partner, its organizations and its mappings."""
    partner.delete()


# The value of a mapping choice meaning "no equivalent in our taxonomy".
NO_EQUIVALENT = "none"


@transaction.atomic
def partner_terms_map(*, partner: PartnerDirectory, choices: dict[int, str]) -> int:
    """Apply staff's choices, {term pk: our term's pk, NO_EQUIVALENT or "" (not decided)};
    returns how many terms changed. The filters read the mapping and the text search reads
    the organizations' documents, rebuilt here, so it counts at once."""
    terms = {term.pk: term for term in partner.terms.select_for_update()}
    ours = {
        PartnerTerm.Kind.COMPETENCE: {str(c.pk): c for c in Competence.objects.all()},
        PartnerTerm.Kind.SECTOR: {str(s.pk): s for s in Sector.objects.all()},
    }
    changed = 0
    for pk, choice in choices.items():
        term = terms.get(pk)
        if term is None:
            continue
        target = ours[term.kind].get(choice)
        before = (term.competence_id, term.sector_id, term.no_equivalent)
        term.competence = target if term.kind == PartnerTerm.Kind.COMPETENCE else None
        term.sector = target if term.kind == PartnerTerm.Kind.SECTOR else None
        term.no_equivalent = choice == NO_EQUIVALENT
        if (term.competence_id, term.sector_id, term.no_equivalent) != before:
            term.save(update_fields=["competence", "sector", "no_equivalent"])
            changed += 1
    if changed:
        partner_search_documents_rebuild(partner=partner)
    return changed


# Rows written per UPDATE when documents are rebuilt.
REBUILD_BATCH = 500


def partner_search_documents_rebuild(*, partner: PartnerDirectory) -> int:
    """Write again the search document of the partner's organizations whose mapped terms
    changed; returns how many. Three queries to read, one UPDATE per batch to write."""
    organizations = PartnerOrganization.objects.filter(partner=partner).prefetch_related(
        Prefetch("terms", queryset=PartnerTerm.objects.select_related("competence", "sector"))
    )
    stale = []
    for organization in organizations:
        document = partner_search_document(organization, organization.terms.all())
        if document != organization.search_document:
            organization.search_document = document
            stale.append(organization)
    PartnerOrganization.objects.bulk_update(stale, ["search_document"], batch_size=REBUILD_BATCH)
    return len(stale)
