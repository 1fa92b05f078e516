"""The open directory feed: who is in it, what of them, how it is served."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from members.models import Organization
from network.models import NetworkConsentRecord
from network.services.consent import network_consent_change
from network.tests.factories import competence, consenting_organization, sector

FEED = "/network/directory.json"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def feed(client) -> dict:
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_feed_lives_at_one_address_whatever_the_language():
    assert reverse("network_feed:directory_json") == FEED


def test_only_listed_members_that_consented_are_in_the_feed(client, personas):
    consenting = consenting_organization(name="Cyberdéfense Sud", user=personas.member_admin)
    consenting_organization(name="Pas dans l'annuaire", directory_consent_at=None)
    Organization.objects.filter(pk=personas.org_a.pk).update(directory_consent_at=timezone.now())
    document = feed(client)
    assert document["format"] == "cluster-directory" and document["version"] == 1
    assert [org["name"] for org in document["organizations"]] == ["Cyberdéfense Sud"]
    assert document["organizations"][0]["id"] == str(consenting.network_listing.uid)
    assert document["cluster"]["feed"].endswith(FEED)


def test_withdrawing_consent_removes_the_organization_from_the_feed_at_once(client, personas):
    organization = consenting_organization(name="Cyberdéfense Sud")
    uid = str(organization.network_listing.uid)
    assert [org["id"] for org in feed(client)["organizations"]] == [uid]
    network_consent_change(organization=organization, granted=False, user=personas.member_admin)
    assert feed(client)["organizations"] == []
    network_consent_change(organization=organization, granted=True, user=personas.member_admin)
    # The identifier is kept: partners see the same organization come back.
    assert [org["id"] for org in feed(client)["organizations"]] == [uid]
    assert list(
        NetworkConsentRecord.objects.filter(organization=organization).values_list(
            "granted", flat=True
        )
    ) == [True, False, True]


def test_fields_the_organization_does_not_make_public_never_reach_the_feed(client):
    organization = consenting_organization(
        name="Discrète SAS",
        website="https://discrete.example",
        description_fr="Secret industriel",
        offer_fr="Offre publique",
        email="contact@discrete.example",
        phone="0102030405",
        visibility={"description": "members", "website": "hidden", "competences": "members"},
    )
    organization.competences.add(competence("cybersecurite", "Cybersécurité"))
    organization.sectors.add(sector("defense", "Défense"))
    body = client.get(FEED).content.decode()
    entry = json.loads(body)["organizations"][0]
    assert entry["description"] == {"fr": "", "en": ""}
    assert entry["offer"]["fr"] == "Offre publique"
    assert entry["website"] == "" and entry["competences"] == []
    assert entry["sectors"] == ["defense"]
    for private in ("Secret industriel", "discrete.example", "0102030405"):
        assert private not in body


def test_the_postal_code_is_in_the_feed_only_with_a_public_street(client):
    consenting_organization(
        name="Adresse privée",
        street="3 impasse des Lilas",
        postal_code="31290",
        city="Villefranche",
    )
    consenting_organization(
        name="Adresse publique",
        street="12 allée Jean Jaurès",
        postal_code="31000",
        city="Toulouse",
        visibility={"street": "public"},
    )
    entries = {org["name"]: org for org in feed(client)["organizations"]}
    assert entries["Adresse privée"]["postal_code"] == ""
    assert entries["Adresse privée"]["city"] == "Villefranche"
    assert entries["Adresse publique"]["postal_code"] == "31000"


def test_the_feed_is_cached_with_an_etag_and_answers_304(client):
    consenting_organization(name="Cyberdéfense Sud")
    first = client.get(FEED)
    assert "public" in first["Cache-Control"]
    again = client.get(FEED, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("size", [2, 12])
def test_the_feed_makes_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    cyber = competence("cybersecurite", "Cybersécurité")
    for index in range(size):
        organization = consenting_organization(name=f"Membre {index}")
        organization.competences.add(cyber)
    # Competences, sectors, the organizations with their listings, their sectors, their
    # competences.
    with django_assert_num_queries(5):
        assert len(feed(client)["organizations"]) == size
