"""Partner clusters' organizations that could answer a member's need, for staff."""

from functools import reduce
from operator import add

from django.db.models import Case, Count, F, IntegerField, Q, Value, When

from core.search import search_terms
from network.models import PartnerOrganization

MATCHES_SHOWN = 20
# Words shorter than this ("de", "une", "pour") match almost every description.
TEXT_WORD_MIN_LENGTH = 4


def need_partner_matches(*, post) -> list[PartnerOrganization]:
    """Partner organizations ranked by shared competences (×3, through the mapping), shared
    sectors (×2) and words of the need's title found in their text (×1 each). Three
    queries: the need's terms, the ranked organizations, their terms."""
    competence_ids = [term.pk for term in post.competences.all()]
    sector_ids = [term.pk for term in post.sectors.all()]
    words = [word for word in search_terms(post.title) if len(word) >= TEXT_WORD_MIN_LENGTH]
    text_hits = reduce(
        add,
        (
            Case(
                When(search_document__contains=word, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for word in words
        ),
        Value(0, output_field=IntegerField()),
    )
    # An empty `__in` would make Django drop the whole query: no terms, no count.
    no_count = Value(0, output_field=IntegerField())
    shared_competences = (
        Count("terms", filter=Q(terms__competence__in=competence_ids), distinct=True)
        if competence_ids
        else no_count
    )
    shared_sectors = (
        Count("terms", filter=Q(terms__sector__in=sector_ids), distinct=True)
        if sector_ids
        else no_count
    )
    organizations = (
        PartnerOrganization.objects.filter(partner__is_active=True)
        .annotate(
            shared_competences=shared_competences,
            shared_sectors=shared_sectors,
            text_hits=text_hits,
        )
        .annotate(score=3 * F("shared_competences") + 2 * F("shared_sectors") + F("text_hits"))
        .filter(score__gt=0)
        .select_related("partner")
        .prefetch_related("terms__competence")
        .order_by("-score", "name", "pk")
    )
    return list(organizations[:MATCHES_SHOWN])
