"""Members searching the whole network, and staff's partner matches of a need."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from collaboration.models import Post
from network.models import PartnerOrganization, PartnerTerm
from network.selectors.search import RESULTS_PER_PAGE, partner_organizations_matching
from network.services.imports import partner_search_document
from network.services.partners import NO_EQUIVALENT, partner_terms_map
from network.tests.factories import (
    PartnerDirectoryFactory,
    PartnerOrganizationFactory,
    competence,
    consenting_organization,
    partner_term,
)

pytestmark = pytest.mark.django_db
SEARCH = "/fr/space/network/"


@pytest.fixture
def occitanie():
    partner = PartnerDirectoryFactory(name="Pôle Cyber Occitanie")
    PartnerOrganizationFactory(
        partner=partner,
        name="Garonne Sécurité",
        search_document="garonne securite audit de cybersecurite industrielle toulouse",
    )
    PartnerOrganizationFactory(partner=partner, name="Vignes Connectées")
    return partner


@pytest.mark.parametrize("query", ["cybersécurité", "cybersecurite", "CYBERSECURITE"])
def test_a_member_finds_a_partner_clusters_organization_with_its_clusters_name(
    client_for, occitanie, query
):
    page = client_for("member_contact").get(SEARCH, {"q": query})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Garonne Sécurité" in html and "Pôle Cyber Occitanie" in html
    assert "Vignes Connectées" not in html
    assert 'rel="noopener"' in html and "external-link" in html


def test_the_whole_network_lists_our_members_beside_partners(client_for, occitanie, personas):
    consenting_organization(name="Alpha Cyber", description_fr="Cybersécurité des PME")
    html = client_for("member_admin").get(SEARCH, {"q": "cyber"}).content.decode()
    assert "Alpha Cyber" in html and "Garonne Sécurité" in html
    only_ours = client_for("member_admin").get(SEARCH, {"q": "cyber", "scope": "local"})
    assert "Garonne Sécurité" not in only_ours.content.decode()
    only_theirs = client_for("member_admin").get(SEARCH, {"q": "cyber", "scope": occitanie.pk})
    assert "Alpha Cyber" not in only_theirs.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, occitanie):
    response = client.get(SEARCH, {"q": "cybersecurite"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_competence_filter_follows_the_mapping_at_once(client_for, occitanie):
    ours = competence("cybersecurite", "Cybersécurité")
    theirs = partner_term(occitanie, "secu-num", name_fr="Sécurité numérique")
    garonne = occitanie.organizations.get(name="Garonne Sécurité")
    garonne.terms.add(theirs)
    client = client_for("member_contact")
    assert "Garonne" not in client.get(SEARCH, {"competence": ours.slug}).content.decode()
    partner_terms_map(partner=occitanie, choices={theirs.pk: str(ours.pk)})
    assert "Garonne" in client.get(SEARCH, {"competence": ours.slug}).content.decode()


@pytest.mark.parametrize("size", [3, 15])
@pytest.mark.parametrize("query", ["", "membre"])
def test_the_search_makes_a_fixed_number_of_queries(
    client_for, django_assert_num_queries, occitanie, size, query
):
    for index in range(size):
        consenting_organization(name=f"Membre {index}")
        PartnerOrganizationFactory(partner=occitanie, name=f"Membre partenaire {index}")
    client = client_for("member_contact")
    # Session, user, is-member check (twice: the view, the menu), partners and competences
    # for the filters,
    # the count, the page, our organizations and their competences, partners' with their
    # cluster and their terms.
    with django_assert_num_queries(12):
        response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    # A full page: the fixture's two partner organizations match only when not searching.
    listed = min(2 * size + (0 if query else 2), RESULTS_PER_PAGE)
    assert response.content.decode().count('class="directory-card"') == listed


def _document_rebuilt(organization: PartnerOrganization) -> None:
    organization.search_document = partner_search_document(
        organization, organization.terms.select_related("competence", "sector")
    )
    organization.save()


def test_the_text_search_finds_partners_through_our_mapped_competence(client_for, occitanie):
    competence("cybersecurite", "Cybersécurité", "Cybersecurity")
    theirs = partner_term(occitanie, "secu-num", name_fr="Sécurité numérique")
    remparts = PartnerOrganizationFactory(partner=occitanie, name="Remparts Numériques")
    remparts.terms.add(theirs)
    _document_rebuilt(remparts)
    client = client_for("member_contact")

    def found(query):
        return "Remparts Numériques" in client.get(SEARCH, {"q": query}).content.decode()

    assert found("sécurité numérique") and not found("cybersécurité")
    ours = competence("cybersecurite", "Cybersécurité")
    partner_terms_map(partner=occitanie, choices={theirs.pk: str(ours.pk)})
    # Our French and English names both, accents and case ignored.
    assert found("cybersécurité") and found("CYBERSECURITY")
    partner_terms_map(partner=occitanie, choices={theirs.pk: NO_EQUIVALENT})
    assert not found("cybersécurité") and found("sécurité numérique")


@pytest.mark.parametrize("size", [5, 30])
def test_a_new_mapping_rewrites_the_documents_in_a_fixed_number_of_queries(
    django_assert_num_queries, occitanie, size
):
    ours = competence("cybersecurite", "Cybersécurité")
    theirs = partner_term(occitanie, "secu-num", name_fr="Sécurité numérique")
    for index in range(size):
        PartnerOrganizationFactory(partner=occitanie, name=f"Société {index}").terms.add(theirs)
    # The savepoint, the locked terms, our competences and sectors, the term's UPDATE; the
    # partner's organizations and their terms, one UPDATE of the changed documents, the
    # savepoint's release.
    with django_assert_num_queries(9):
        partner_terms_map(partner=occitanie, choices={theirs.pk: str(ours.pk)})
    found = PartnerOrganization.objects.filter(search_document__contains="cybersecurite")
    assert found.count() == size


def test_a_search_lists_name_matches_first(client_for, occitanie):
    consenting_organization(name="Alpha Conseil", description_fr="Audit de cybersécurité.")
    PartnerOrganizationFactory(partner=occitanie, name="Agence Cyber")
    PartnerOrganizationFactory(partner=occitanie, name="Cyberdéfense Sud")
    PartnerOrganizationFactory(
        partner=occitanie, name="Bastide Conseil", search_document="bastide conseil cyber"
    )
    html = client_for("member_contact").get(SEARCH, {"q": "cyber"}).content.decode()
    names = ["Cyberdéfense Sud", "Agence Cyber", "Alpha Conseil", "Bastide Conseil"]
    positions = [html.index(name) for name in names]
    # The name starts with the word, then holds it, then the word is elsewhere; by name within.
    assert positions == sorted(positions)
    # Not searching: by name alone.
    html = client_for("member_contact").get(SEARCH).content.decode()
    positions = [html.index(name) for name in sorted(names)]
    assert positions == sorted(positions)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_the_partner_text_search_reads_the_trigram_index(occitanie):
    PartnerOrganization.objects.bulk_create(
        PartnerOrganizationFactory.build(
            partner=occitanie, search_document=f"societe {index} conseil en logistique"
        )
        for index in range(3000)
    )
    with connection.cursor() as cursor:
        # What autovacuum does after an import: rows written since the index was built
        # wait in its pending list, which the planner rightly counts as slow to read.
        cursor.execute("SELECT gin_clean_pending_list('partner_organization_search_trgm')")
        cursor.execute("ANALYZE network_partnerorganization")
    plan = partner_organizations_matching(query="Sécurité", competence="").explain()
    assert "partner_organization_search_trgm" in plan, plan
    assert "Seq Scan on network_partnerorganization" not in plan, plan


def test_staff_see_partner_organizations_matching_a_need(client_for, occitanie, personas):
    ours = competence("cybersecurite", "Cybersécurité")
    theirs = partner_term(occitanie, "cyber", competence=ours)
    occitanie.organizations.get(name="Garonne Sécurité").terms.add(theirs)
    need = Post.objects.create(
        organization=personas.org_a,
        kind=Post.Kind.NEED,
        title="Audit de sécurité pour un client industriel",
        description="Nous cherchons un partenaire.",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    need.competences.add(ours)
    html = client_for("staff").get(f"/fr/staff/needs-offers/{need.pk}/suggestions/").content
    html = html.decode()
    assert "Garonne Sécurité" in html and "Pôle Cyber Occitanie" in html
    assert "Vignes Connectées" not in html
    assert PartnerTerm.objects.get(pk=theirs.pk).competence == ours


def test_the_directory_offers_the_whole_network_to_members_only(client, client_for):
    assert "/space/network/" not in client.get("/fr/members/").content.decode()
    assert "/fr/space/network/" in client_for("member_contact").get("/fr/members/").content.decode()
