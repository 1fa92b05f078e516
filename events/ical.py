"""RFC 5545 calendars of events: the public feed, personal feeds and the `.ics` attached to
confirmation emails all come from here, so an event keeps one UID everywhere."""

from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as VEvent

from events.models import Event

PARIS = ZoneInfo("Europe/Paris")


def event_uid(event: Event) -> str:
    """Stable across renames, date changes and languages: the primary key and our host."""
    if event.partner_calendar_id and event.external_uid:
        return event.external_uid
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def event_url(event: Event) -> str:
    if event.external_url:
        return event.external_url
    return settings.SITE_URL.rstrip("/") + reverse("events:event_detail", args=[event.slug])


def _vevent(event: Event, *, with_online_url: bool) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", event.updated_at or timezone.now())
    vevent.add("dtstart", event.starts_at.astimezone(PARIS))
    vevent.add("dtend", event.ends_at.astimezone(PARIS))
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.title)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if with_online_url and event.online_url:
        location = ", ".join(part for part in (location, event.online_url) if part)
    if location:
        vevent.add("location", location)
    if event.description:
        vevent.add("description", event.description)
    vevent.add("url", event_url(event))
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def calendar_build(
    *,
    events: Iterable[Event],
    name: str,
    language: str,
    with_online_url: bool = False,
    method: str | None = None,
) -> bytes:
    """A VCALENDAR of `events` with the Europe/Paris VTIMEZONE.

    `with_online_url` puts the online meeting link in LOCATION: only for calendars that go to
    registrants. `method` is "PUBLISH" for attachments (RFC 5546), none for subscribed feeds.
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CLUSTER_NAME}//cluster-portal//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    if method:
        calendar.add("method", method)
    with translation.override(language):
        for event in events:
            calendar.add_component(_vevent(event, with_online_url=with_online_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
