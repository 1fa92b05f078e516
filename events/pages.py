"""What events show on stored public pages (core.pagecache). Every events page reads the
"events" topic; an event's own page also reads "event:<slug>", which its registrations,
agenda and documents change, and the events list reads "events:seats" for seats left. A
registration thus refreshes its event's page and the list, and no other event's page."""

from core.pagecache import changes_feed, changes_private
from events import models


def _event_page(row) -> tuple[str, ...]:
    try:
        return (f"event:{row.event.slug}",)
    except models.Event.DoesNotExist:
        # Deleted with its event, whose own deletion changes every events page.
        return ("events",)


changes_feed(models.Event, ("events",))
changes_feed(models.PartnerCalendar, ("events",))
changes_feed(models.Registration, lambda row: ("events:seats", *_event_page(row)))
changes_feed(models.AgendaItem, _event_page)
changes_feed(models.EventDocument, _event_page)

for model, reason in (
    (models.DebateRound, "debates are run in the room and by staff"),
    (models.DebateTopic, "debates are run in the room and by staff"),
    (models.DebateVote, "votes are private"),
    (models.PersonalCalendar, "a person's own feed"),
):
    changes_private(model, reason)
