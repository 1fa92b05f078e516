"""The public resources beside the directory: partners, the public calendar, calls and the
opportunities board. No token; only what the public pages show; a fixed number of queries
whatever the page's length."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from api.tests.helpers import bearer, staff_token
from collaboration.models import Opportunity
from collaboration.tests.calls_helpers import call_make
from collaboration.tests.opportunity_factories import opportunity_make
from events.models import Event
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Organization, PartnershipAgreement
from members.tests.factories import OrganizationFactory


def _items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return json.loads(response.content)["items"]


def _partner(name: str, **fields) -> Organization:
    partner = OrganizationFactory(
        name=name,
        lifecycle=Organization.Lifecycle.PARTNER,
        kind=Organization.Kind.UNIVERSITY,
        **fields,
    )
    PartnershipAgreement.objects.create(
        organization=partner,
        kind=PartnershipAgreement.Kind.choices[0][0],
        title=f"Convention {name}",
        starts_on=datetime.date(2025, 1, 1),
        description_fr="Stages et projets tutorés.",
    )
    PartnershipAgreement.objects.create(
        organization=partner,
        kind=PartnershipAgreement.Kind.choices[0][0],
        title=f"Accord confidentiel {name}",
        starts_on=datetime.date(2025, 6, 1),
        is_public=False,
    )
    return partner


# --- Partners ------------------------------------------------------------------------


def test_partners_show_public_fields_and_public_agreements_only(client, db):
    _partner("École", website="https://ecole.example", visibility={"website": "members"})
    OrganizationFactory(name="Membre ordinaire")
    items = _items(client.get("/api/v1/partners/"))
    assert [item["name"] for item in items] == ["École"]
    assert items[0]["website"] is None
    assert [agreement["title"] for agreement in items[0]["agreements"]] == ["Convention École"]
    assert items[0]["agreements"][0]["description"] == {
        "fr": "Stages et projets tutorés.",
        "en": "",
    }


def test_partners_filter_by_kind(client, db):
    _partner("École")
    OrganizationFactory(
        name="Laboratoire",
        lifecycle=Organization.Lifecycle.PARTNER,
        kind=Organization.Kind.RESEARCH_LAB,
    )
    names = [item["name"] for item in _items(client.get("/api/v1/partners/?kind=research_lab"))]
    assert names == ["Laboratoire"]


@pytest.mark.parametrize("count", [2, 12])
def test_partners_page_costs_the_same_queries_whatever_its_length(
    client, db, django_assert_num_queries, count
):
    for number in range(count):
        _partner(f"Partenaire {number:02}")
    cache.clear()
    # The page of partners, their public agreements.
    with django_assert_num_queries(2):
        items = _items(client.get("/api/v1/partners/?limit=100"))
    assert len(items) == count


# --- Public events -------------------------------------------------------------------


def test_public_events_list_only_the_clusters_published_public_events(client, db):
    shown = EventFactory(audience=Event.Audience.PUBLIC, capacity=10)
    RegistrationFactory(event=shown)
    EventFactory(audience=Event.Audience.MEMBERS, slug="membres")
    EventFactory(audience=Event.Audience.PUBLIC, is_published=False, slug="brouillon")
    EventFactory(
        audience=Event.Audience.PUBLIC,
        slug="passe",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=2),
    )
    items = _items(client.get("/api/v1/public/events/"))
    assert [item["slug"] for item in items] == [shown.slug]
    assert items[0]["seats_left"] == 10 - 1
    assert items[0]["registration_open"] is True
    assert items[0]["title"]["fr"] == shown.title_fr
    assert "online_url" not in items[0]
    assert client.get("/api/v1/public/events/brouillon").status_code == 404
    assert client.get("/api/v1/public/events/membres").status_code == 404
    assert client.get("/api/v1/public/events/passe").status_code == 200
    detail = json.loads(client.get(f"/api/v1/public/events/{shown.slug}").content)
    assert detail["slug"] == shown.slug


def test_public_events_filter_by_kind_and_month(client, db):
    start = (timezone.now() + datetime.timedelta(days=40)).replace(hour=10)
    training = EventFactory(
        audience=Event.Audience.PUBLIC,
        kind=Event.Kind.TRAINING,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    EventFactory(audience=Event.Audience.PUBLIC)
    by_kind = _items(client.get("/api/v1/public/events/?kind=training"))
    assert [item["slug"] for item in by_kind] == [training.slug]
    month = timezone.localtime(start).strftime("%Y-%m")
    assert training.slug in [
        item["slug"] for item in _items(client.get(f"/api/v1/public/events/?month={month}"))
    ]
    assert client.get("/api/v1/public/events/?month=2026-13").status_code == 422


@pytest.mark.parametrize("count", [2, 12])
def test_public_events_cost_the_same_queries_whatever_their_number(
    client, db, django_assert_num_queries, count
):
    for _number in range(count):
        EventFactory(audience=Event.Audience.PUBLIC, capacity=30)
    cache.clear()
    # The page of events, each with its confirmed seats counted in a subquery.
    with django_assert_num_queries(1):
        items = _items(client.get("/api/v1/public/events/?limit=100"))
    assert len(items) == count


# --- Calls and opportunities ------------------------------------------------------------


def test_calls_list_published_calls_and_filter_the_open_ones(client, db):
    open_call = call_make(is_open=True, slug="appel-ouvert")
    closed = call_make(is_open=False, slug="appel-clos")
    call_make(published=False, slug="appel-brouillon")
    slugs = [item["slug"] for item in _items(client.get("/api/v1/calls/"))]
    assert slugs == [open_call.slug, closed.slug]
    assert [item["slug"] for item in _items(client.get("/api/v1/calls/?open=true"))] == [
        open_call.slug
    ]
    assert [item["slug"] for item in _items(client.get("/api/v1/calls/?open=false"))] == [
        closed.slug
    ]
    assert client.get("/api/v1/calls/appel-brouillon").status_code == 404
    assert json.loads(client.get("/api/v1/calls/appel-ouvert").content)["is_open"] is True


def test_opportunities_show_the_board_only(client, db):
    shown = opportunity_make(title="Stage développeur", region="76")
    opportunity_make(status=Opportunity.Status.PENDING, published_at=None, slug="attente")
    opportunity_make(expires_on=timezone.localdate() - datetime.timedelta(days=1), slug="expire")
    items = _items(client.get("/api/v1/opportunities/"))
    assert [item["slug"] for item in items] == [shown.slug]
    assert "poster" not in items[0] and "moderation_note" not in items[0]
    assert _items(client.get("/api/v1/opportunities/?q=developpeur"))[0]["slug"] == shown.slug
    assert _items(client.get("/api/v1/opportunities/?region=11")) == []
    assert _items(client.get("/api/v1/opportunities/?kind=job")) == []
    assert client.get("/api/v1/opportunities/attente").status_code == 404
    assert client.get(f"/api/v1/opportunities/{shown.slug}").status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_calls_and_opportunities_cost_fixed_queries(client, db, django_assert_num_queries, count):
    for _number in range(count):
        call_make()
        opportunity_make(organization=OrganizationFactory())
    cache.clear()
    # The page of calls.
    with django_assert_num_queries(1):
        assert len(_items(client.get("/api/v1/calls/?limit=100"))) == count
    # The page of items with their organizations.
    with django_assert_num_queries(1):
        assert len(_items(client.get("/api/v1/opportunities/?limit=100"))) == count


def test_public_resources_are_stored_for_anonymous_visitors(client, db, django_assert_num_queries):
    EventFactory(audience=Event.Audience.PUBLIC)
    cache.clear()
    first = client.get("/api/v1/public/events/")
    with django_assert_num_queries(0):
        again = client.get("/api/v1/public/events/")
    assert again.content == first.content


def test_a_token_is_not_needed_nor_refused_on_public_resources(client, personas):
    secret = staff_token(personas.staff, "contacts:read")
    assert client.get("/api/v1/partners/", **bearer(secret)).status_code == 200


# --- The directory (benched) --------------------------------------------------------


@pytest.mark.parametrize("count", [2, 15])
def test_the_directory_costs_fixed_queries_on_a_cold_cache(
    client, db, django_assert_num_queries, count
):
    for number in range(count):
        OrganizationFactory(name=f"Membre {number:02}", directory_consent_at=timezone.now())
    cache.clear()
    # The page of organizations; their sectors, competences and labels.
    with django_assert_num_queries(4):
        assert len(_items(client.get("/api/v1/directory/?limit=100"))) == count
    slug = Organization.objects.order_by("pk").first().slug
    # The organization; its sectors, competences and labels.
    with django_assert_num_queries(4):
        assert client.get(f"/api/v1/directory/{slug}").status_code == 200
    # Stored: the same answers cost nothing more.
    with django_assert_num_queries(0):
        client.get("/api/v1/directory/?limit=100")
        client.get(f"/api/v1/directory/{slug}")


def test_a_stored_page_links_its_next_page_at_the_sites_address_whatever_host_asked(
    client, db, settings
):
    settings.SITE_URL = "https://portail.example.org"
    for number in range(3):
        OrganizationFactory(name=f"Membre {number}", directory_consent_at=timezone.now())
    cache.clear()
    # The first visitor names another host the server answers to; the page is stored.
    first = client.get("/api/v1/directory/?limit=2", HTTP_HOST="127.0.0.1")
    again = client.get("/api/v1/directory/?limit=2")
    for response in (first, again):
        assert json.loads(response.content)["next"].startswith(
            "https://portail.example.org/api/v1/directory/?"
        )
