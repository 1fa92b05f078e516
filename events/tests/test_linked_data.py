"""The schema.org Event of an event page: only on pages the public sees, and its offer's
availability says what the page says about registering."""

import datetime

import pytest
from django.utils import timezone

from core.tests.test_linked_data import linked_data_of
from events.models import Event, Registration
from events.tests.factories import EventFactory
from members.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://portal.example.org"


def _public_event(**fields) -> Event:
    defaults = {
        "slug": "forum-ia",
        "audience": Event.Audience.PUBLIC,
        "venue": "Cité de l'espace",
        "address": "Avenue Jean Gonord, 31500 Toulouse",
        "description_fr": "Une journée sur l'**IA** embarquée.",
    }
    return EventFactory(**{**defaults, **fields})


def _event_data(client, slug="forum-ia") -> dict:
    response = client.get(f"/fr/events/{slug}/")
    assert response.status_code == 200
    (data,) = linked_data_of(response.content.decode())
    return data


def _confirm(event: Event, count: int) -> None:
    for number in range(count):
        contact = ContactFactory()
        Registration.objects.create(
            event=event,
            contact=contact,
            email=f"seat{number}@example.org",
            status=Registration.Status.CONFIRMED,
        )


def test_public_event_is_described_with_dates_place_organizer_and_offer(client):
    event = _public_event(capacity=None)
    data = _event_data(client)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == event.title_fr
    assert data["description"] == "Une journée sur l'IA embarquée."
    start = datetime.datetime.fromisoformat(data["startDate"])
    assert start == event.starts_at and start.utcoffset() is not None
    assert datetime.datetime.fromisoformat(data["endDate"]) == event.ends_at
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["streetAddress"] == "Avenue Jean Gonord, 31500 Toulouse"
    assert data["organizer"]["@type"] == "Organization"
    offer = data["offers"]
    assert offer["price"] == "0" and offer["priceCurrency"] == "EUR"
    assert offer["url"] == "https://portal.example.org/fr/events/forum-ia/guest/"
    assert offer["availability"] == SCHEMA + "InStock"


def test_online_link_is_never_published(client):
    _public_event(online_url="https://visio.example.org/secret-room")
    data = _event_data(client)
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    virtual = [place for place in data["location"] if place["@type"] == "VirtualLocation"]
    assert virtual == [
        {"@type": "VirtualLocation", "url": "https://portal.example.org/fr/events/forum-ia/"}
    ]
    assert "secret-room" not in str(data)


@pytest.mark.parametrize(
    ("capacity", "confirmed", "availability"),
    [(None, 3, "InStock"), (50, 10, "InStock"), (50, 41, "LimitedAvailability"), (5, 5, "SoldOut")],
)
def test_availability_follows_the_seats_left(client, capacity, confirmed, availability):
    event = _public_event(capacity=capacity)
    _confirm(event, confirmed)
    assert _event_data(client)["offers"]["availability"] == SCHEMA + availability


def test_registration_not_open_yet_is_a_pre_order_valid_from_its_opening(client):
    opens = timezone.now() + datetime.timedelta(days=3)
    _public_event(registration_opens_at=opens)
    offer = _event_data(client)["offers"]
    assert offer["availability"] == SCHEMA + "PreOrder"
    assert datetime.datetime.fromisoformat(offer["validFrom"]) == opens


def test_registration_closed_is_discontinued(client):
    _public_event(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    assert _event_data(client)["offers"]["availability"] == SCHEMA + "Discontinued"


def test_cancelled_event_says_so(client):
    _public_event(cancelled_at=timezone.now())
    data = _event_data(client)
    assert data["eventStatus"] == SCHEMA + "EventCancelled"
    assert data["offers"]["availability"] == SCHEMA + "Discontinued"


@pytest.mark.parametrize("persona", ["member_contact", "staff"])
def test_members_only_event_has_no_linked_data_even_for_members(client_for, persona):
    EventFactory(slug="reunion-membres", audience=Event.Audience.MEMBERS)
    response = client_for(persona).get("/fr/events/reunion-membres/")
    assert response.status_code == 200
    assert linked_data_of(response.content.decode()) == []


def test_unpublished_event_previewed_by_staff_has_no_linked_data(client_for):
    _public_event(is_published=False)
    response = client_for("staff").get("/fr/events/forum-ia/")
    assert response.status_code == 200
    assert linked_data_of(response.content.decode()) == []
