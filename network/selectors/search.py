"""The whole-network search for members: our directory and partner clusters' organizations
in one list, paged in SQL, and what each row shows read in a fixed number of queries.

A search lists first the organizations whose name holds the words (those whose name starts
with the first word before the others), then those found by their other texts, by name
within each group."""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.lookups import Contains, StartsWith

from core.search import SearchText, search_terms
from members.models import Organization
from members.selectors.directory import DirectoryFilters, organization_directory
from network.models import PartnerDirectory, PartnerOrganization, PartnerTerm

RESULTS_PER_PAGE = 20
# The scope meaning "our cluster's organizations only"; a partner's pk means that partner.
LOCAL_SCOPE = "local"


@dataclass(frozen=True)
class NetworkFilters:
    query: str = ""
    competence: str = ""  # one of our competences' slug
    scope: str = ""  # "", LOCAL_SCOPE or a partner directory's pk


@dataclass
class NetworkResult:
    name: str
    url: str
    city: str
    description: str
    competences: list[str] = field(default_factory=list)
    # Set for a partner cluster's organization: its cluster's name; the link leaves the site.
    cluster: str = ""


# Name-match groups, in the order results are listed.
NAME_STARTS, NAME_HOLDS, ELSEWHERE = 0, 1, 2


def name_match_rank(query: str):
    """An expression giving each row its name-match group for `query` (all rows the
    same when there is no word)."""
    terms = search_terms(query)
    if not terms:
        return Value(NAME_STARTS, output_field=IntegerField())
    name = SearchText("name")
    holds_all = reduce(and_, (Q(Contains(name, term)) for term in terms))
    return Case(
        When(holds_all & Q(StartsWith(name, terms[0])), then=Value(NAME_STARTS)),
        When(holds_all, then=Value(NAME_HOLDS)),
        default=Value(ELSEWHERE),
        output_field=IntegerField(),
    )


def partner_organizations_matching(*, query: str, competence: str) -> QuerySet:
    """Partner organizations whose document (their texts, their terms and the names of
    ours those are mapped to, trigram-indexed on PostgreSQL) holds every word of `query`
    and, for a competence, one of whose terms staff (or identical codes) mapped to it."""
    organizations = PartnerOrganization.objects.filter(partner__is_active=True)
    for term in search_terms(query):
        organizations = organizations.filter(search_document__contains=term)
    if competence:
        organizations = organizations.filter(
            Exists(
                PartnerTerm.objects.filter(
                    organizations=OuterRef("pk"),
                    kind=PartnerTerm.Kind.COMPETENCE,
                    competence__slug=competence,
                )
            )
        )
    return organizations


def _rows(filters: NetworkFilters) -> QuerySet:
    """(pk, name, partner pk or None, name-match group) of every match, both sides in one
    SQL union, in the order they are listed."""
    no_partner = Value(None, output_field=IntegerField())
    local = (
        organization_directory(
            filters=DirectoryFilters(query=filters.query, competence=filters.competence)
        )
        .order_by()
        .annotate(partner_pk=no_partner, name_rank=name_match_rank(filters.query))
        .values_list("pk", "name", "partner_pk", "name_rank")
    )
    partners = (
        partner_organizations_matching(query=filters.query, competence=filters.competence)
        .order_by()
        .annotate(partner_pk=F("partner_id"), name_rank=name_match_rank(filters.query))
        .values_list("pk", "name", "partner_pk", "name_rank")
    )
    order = ("name_rank", "name", "pk")
    if filters.scope == LOCAL_SCOPE:
        return local.order_by(*order)
    if filters.scope:
        return partners.filter(partner_id=filters.scope).order_by(*order)
    return local.union(partners, all=True).order_by(*order)


def network_search(*, filters: NetworkFilters, page_number, profile_url) -> Page:
    """One page of results: the count and the page's rows, then our organizations with
    their competences and partners' with their cluster and terms (two queries each, made
    only when the page holds some): six queries at most whatever the sizes."""
    page = Paginator(_rows(filters), RESULTS_PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    local_ids = [pk for pk, _name, partner, _rank in rows if partner is None]
    partner_ids = [pk for pk, _name, partner, _rank in rows if partner is not None]
    local = {}
    if local_ids:
        for organization in Organization.objects.filter(pk__in=local_ids).prefetch_related(
            "competences"
        ):
            visible = organization.is_visible("competences", viewer_is_member=True)
            local[organization.pk] = NetworkResult(
                name=organization.name,
                url=profile_url(organization.slug),
                city=organization.city,
                description=organization.description
                if organization.is_visible("description", viewer_is_member=True)
                else "",
                competences=[term.name for term in organization.competences.all()]
                if visible
                else [],
            )
    found = {}
    if partner_ids:
        for organization in (
            PartnerOrganization.objects.filter(pk__in=partner_ids)
            .select_related("partner")
            .prefetch_related("terms__competence")
        ):
            found[organization.pk] = NetworkResult(
                name=organization.name,
                url=organization.profile_url,
                city=organization.city,
                description=organization.description,
                # Two of the partner's terms mapped to one of ours show it once.
                competences=list(
                    dict.fromkeys(
                        term.competence.name if term.competence else term.name
                        for term in organization.terms.all()
                        if term.kind == PartnerTerm.Kind.COMPETENCE
                    )
                ),
                cluster=organization.partner.name,
            )
    page.object_list = [
        (found if partner is not None else local)[pk]
        for pk, _name, partner, _rank in rows
        if pk in (found if partner is not None else local)
    ]
    return page


def partner_directories_searchable() -> list[PartnerDirectory]:
    return list(PartnerDirectory.objects.filter(is_active=True).order_by("name"))
