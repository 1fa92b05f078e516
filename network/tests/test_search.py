"""Members searching the whole network, and staff's partner matches of a need."""

import datetime

import pytest
from django.utils import timezone

from collaboration.models import Post
from network.models import PartnerTerm
from network.services.partners import partner_terms_map
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
def test_the_search_makes_a_fixed_number_of_queries(
    client_for, django_assert_num_queries, occitanie, size
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
        response = client.get(SEARCH)
    assert response.status_code == 200


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
