"""The schema.org description of an event page (JSON-LD, core.linked_data).

Only the events every visitor may see carry one: published, open to the public and the
cluster's own (partner clusters' events are shown to members only, and described on their
own sites). It comes from what the page already loaded, the seats taken included, so it costs
no query, and it says what the page says: registration opens, is open, full or over by the
same rule (`registration_closed_reason`).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from core.linked_data import absolute_url, cluster_organization, plain_description
from events.ical import PARIS
from events.models import Event

SCHEMA = "https://schema.org/"
# Seats left, as a share of the capacity, under which the offer is "limited".
LIMITED_SHARE = 0.2


def event_has_public_linked_data(event: Event) -> bool:
    return (
        event.is_published
        and event.audience == Event.Audience.PUBLIC
        and event.partner_calendar_id is None
    )


def event_availability(*, event: Event, closed_reason: str, now: datetime.datetime) -> str:
    """The schema.org ItemAvailability of registering to `event`, `closed_reason` being what
    the page says about it ("" when registration is open)."""
    if closed_reason:
        if (
            not event.is_cancelled
            and event.registration_opens_at
            and now < event.registration_opens_at
        ):
            return "PreOrder"
        return "Discontinued"
    left = event.seats_left()
    if left is None:
        return "InStock"
    if left == 0:
        # Registering still puts the person on the waiting list.
        return "SoldOut"
    if left <= event.capacity * LIMITED_SHARE:
        return "LimitedAvailability"
    return "InStock"


def _attendance_mode(event: Event) -> str:
    online = bool(event.online_url) or event.kind == Event.Kind.WEBINAR
    in_person = bool(event.venue or event.address)
    if online and in_person:
        return "MixedEventAttendanceMode"
    return "OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"


def event_linked_data(
    *, event: Event, closed_reason: str, now: datetime.datetime | None = None
) -> dict | None:
    """The event as a schema.org Event, or None for an event the public may not see."""
    if not event_has_public_linked_data(event):
        return None
    now = now or timezone.now()
    page_url = absolute_url(reverse("events:event_detail", args=[event.slug]))
    data = {
        "@type": "Event",
        "name": str(event.title),
        "url": page_url,
        "startDate": timezone.localtime(event.starts_at, PARIS).isoformat(),
        "endDate": timezone.localtime(event.ends_at, PARIS).isoformat(),
        "eventStatus": SCHEMA + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "organizer": cluster_organization(),
        "isAccessibleForFree": True,
    }
    if event.description:
        data["description"] = plain_description(event.description)
    mode = _attendance_mode(event)
    data["eventAttendanceMode"] = SCHEMA + mode
    locations = []
    if mode != "OnlineEventAttendanceMode":
        place = {"@type": "Place", "name": event.venue or event.address}
        place["address"] = {"@type": "PostalAddress", "addressCountry": "FR"}
        if event.address:
            place["address"]["streetAddress"] = event.address
        locations.append(place)
    if mode != "OfflineEventAttendanceMode":
        # The meeting link is for registrants: the page stands for it.
        locations.append({"@type": "VirtualLocation", "url": page_url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.cover:
        data["image"] = absolute_url(event.cover.url)
    offer = {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "EUR",
        "url": absolute_url(reverse("events:guest_register", args=[event.slug])),
        "availability": SCHEMA
        + event_availability(event=event, closed_reason=closed_reason, now=now),
    }
    if event.registration_opens_at:
        offer["validFrom"] = timezone.localtime(event.registration_opens_at, PARIS).isoformat()
    if event.registration_closes_at:
        offer["validThrough"] = timezone.localtime(event.registration_closes_at, PARIS).isoformat()
    data["offers"] = offer
    return data
