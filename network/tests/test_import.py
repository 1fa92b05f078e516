"""Importing partner clusters' feeds from a real HTTP server: a second portal's feed is built
with our own builder, so the format round-trips."""

import copy
import json

import pytest

from members.models import Organization
from network.models import PartnerDirectory, PartnerOrganization, PartnerTerm
from network.selectors.feed import directory_document
from network.services.consent import network_consent_change
from network.services.imports import partner_directories_import, partner_directory_import
from network.services.partners import NO_EQUIVALENT, partner_terms_map
from network.tests.factories import competence, consenting_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    """What the other portal publishes: two organizations, one about cybersecurity, with a
    competence code we share and one we do not."""
    cyber = competence("cybersecurite", "Cybersécurité", "Cybersecurity")
    drones = competence("drones-autonomes", "Drones autonomes")
    first = consenting_organization(
        name="Cyber Garonne", city="Toulouse", description_fr="Audit de cybersécurité industrielle."
    )
    first.competences.add(cyber, drones)
    second = consenting_organization(name="Vignes Connectées", city="Béziers")
    return {"first": first, "second": second}


def published() -> dict:
    document = directory_document()
    # The other portal's own taxonomy: its drone code is not ours.
    document = copy.deepcopy(document)
    for term in document["taxonomy"]["competences"]:
        if term["code"] == "drones-autonomes":
            term["code"] = "uav"
    for org in document["organizations"]:
        org["competences"] = ["uav" if c == "drones-autonomes" else c for c in org["competences"]]
    return document


@pytest.fixture
def partner(feed_server, source):
    url = feed_server.serve("/network/directory.json", published())
    # Ours is a different cluster: drop the source's own organizations from the register
    # so only the imported copies remain.
    return PartnerDirectory.objects.create(name="Pôle Cyber Occitanie", feed_url=url)


def test_import_creates_the_partners_organizations_and_maps_identical_codes(partner, source):
    assert partner_directory_import(partner=partner) is True
    partner.refresh_from_db()
    assert partner.last_status == "ok" and partner.last_organization_count == 2
    imported = PartnerOrganization.objects.get(name="Cyber Garonne")
    assert imported.source_id == source["first"].network_listing.uid
    assert imported.city == "Toulouse"
    assert "cybersecurite industrielle" in imported.search_document
    cyber = PartnerTerm.objects.get(partner=partner, code="cybersecurite")
    assert cyber.competence.slug == "cybersecurite"
    uav = PartnerTerm.objects.get(partner=partner, code="uav")
    assert uav.competence is None and not uav.no_equivalent
    assert set(imported.terms.values_list("code", flat=True)) == {"cybersecurite", "uav"}


def test_import_puts_our_mapped_names_in_the_searched_text(partner, feed_server):
    document = published()
    for term in document["taxonomy"]["competences"]:
        if term["code"] == "cybersecurite":
            term["name"] = {"fr": "Sécurité des SI", "en": "IT security"}
    document["organizations"][0]["description_fr"] = "Audit industriel."
    feed_server.serve("/network/directory.json", document)
    partner_directory_import(partner=partner)
    imported = PartnerOrganization.objects.get(name="Cyber Garonne")
    # The partner's labels, and the names of our competence its code is mapped to.
    for words in ("securite des si", "it security", "cybersecurite", "cybersecurity"):
        assert words in imported.search_document


def test_importing_again_updates_and_removes_what_left_the_source(partner, source, feed_server):
    partner_directory_import(partner=partner)
    Organization.objects.filter(pk=source["first"].pk).update(name="Cyber Garonne SAS")
    network_consent_change(organization=source["second"], granted=False, user=None)
    feed_server.serve("/network/directory.json", published())
    assert partner_directory_import(partner=partner) is True
    assert list(PartnerOrganization.objects.values_list("name", flat=True)) == ["Cyber Garonne SAS"]


def test_staff_mapping_survives_imports_and_counts_at_once(partner):
    partner_directory_import(partner=partner)
    uav = PartnerTerm.objects.get(partner=partner, code="uav")
    drones = competence("drones-autonomes", "Drones autonomes")
    partner_terms_map(partner=partner, choices={uav.pk: str(drones.pk)})
    partner_directory_import(partner=partner)
    uav.refresh_from_db()
    assert uav.competence == drones
    partner_terms_map(partner=partner, choices={uav.pk: NO_EQUIVALENT})
    uav.refresh_from_db()
    assert uav.competence is None and uav.no_equivalent


def _broken(mutate):
    def make():
        document = published()
        mutate(document)
        return json.dumps(document).encode()

    return make


MALFORMED = {
    "not json": lambda: b"{not json",
    "not an object": lambda: b"[]",
    "unknown format": _broken(lambda d: d.update(format="other-directory")),
    "unknown version": _broken(lambda d: d.update(version=2)),
    "version as text": _broken(lambda d: d.update(version="1")),
    "missing organizations": _broken(lambda d: d.pop("organizations")),
    "missing name": _broken(lambda d: d["organizations"][0].pop("name")),
    "ill-typed city": _broken(lambda d: d["organizations"][0].update(city=31)),
    "id not a uuid": _broken(lambda d: d["organizations"][0].update(id="42")),
    "duplicate ids": _broken(
        lambda d: d["organizations"][1].update(id=d["organizations"][0]["id"])
    ),
    "unknown code": _broken(lambda d: d["organizations"][0].update(competences=["nope"])),
    "javascript profile": _broken(
        lambda d: d["organizations"][0].update(profile_url="javascript:alert(1)")
    ),
    "naive date": _broken(lambda d: d["organizations"][0].update(updated_at="2026-01-01T10:00")),
}


@pytest.mark.parametrize("kind", MALFORMED)
def test_a_malformed_feed_is_refused_whole_and_keeps_what_was_imported(partner, feed_server, kind):
    partner_directory_import(partner=partner)
    before = sorted(PartnerOrganization.objects.values_list("name", "city"))
    # The new document would rename the first organization, had it been valid.
    Organization.objects.filter(name="Cyber Garonne").update(name="Renamed")
    feed_server.routes["/network/directory.json"] = (200, MALFORMED[kind]())
    assert partner_directory_import(partner=partner) is False
    partner.refresh_from_db()
    assert partner.last_status == "error" and partner.last_error
    assert partner.last_fetched_at is not None
    assert sorted(PartnerOrganization.objects.values_list("name", "city")) == before


def test_the_error_shown_to_staff_names_the_fault_not_the_content(partner, feed_server):
    document = published()
    document["organizations"][0]["city"] = ["<script>secret</script>"]
    feed_server.serve("/network/directory.json", document)
    partner_directory_import(partner=partner)
    partner.refresh_from_db()
    assert "organizations[0].city" in partner.last_error
    assert "secret" not in partner.last_error


def test_a_failing_feed_does_not_stop_a_good_one(partner, feed_server, monkeypatch):
    broken = PartnerDirectory.objects.create(
        name="Pôle en panne", feed_url=feed_server.url("/missing.json")
    )
    from network import tasks

    queued = []
    monkeypatch.setattr(
        "network.services.imports.task_enqueue", lambda task, *args: queued.append(args)
    )
    assert partner_directories_import() == 2
    # Each queued import runs as its own task; run them as the worker would, in order.
    results = {pk: tasks.partner_directory_import(pk) for (pk,) in sorted(queued)}
    assert results == {partner.pk: True, broken.pk: False}
    broken.refresh_from_db()
    assert broken.last_status == "error" and "404" in broken.last_error
    assert PartnerOrganization.objects.filter(partner=partner).count() == 2


def test_feeds_on_the_local_machine_are_refused_unless_allowed(partner, settings):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = False
    assert partner_directory_import(partner=partner) is False
    partner.refresh_from_db()
    assert "127.0.0.1" in partner.last_error and partner.last_status == "error"
    assert not PartnerOrganization.objects.exists()


def test_the_staff_page_shows_the_recorded_error(client_for, partner, feed_server):
    feed_server.routes["/network/directory.json"] = (200, b"{oops")
    partner_directory_import(partner=partner)
    partner.refresh_from_db()
    assert partner.last_error == "La réponse n'est pas du JSON valide."
    page = client_for("staff").get(f"/fr/staff/network/partners/{partner.pk}/")
    assert page.status_code == 200
    assert "La réponse n&#x27;est pas du JSON valide." in page.content.decode()
    listing = client_for("staff").get("/fr/staff/network/partners/")
    assert "La réponse n&#x27;est pas du JSON valide." in listing.content.decode()
