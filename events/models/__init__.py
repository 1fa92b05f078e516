"""The calendar: events with their agenda and documents, registrations and waitlists,
personal and partner clusters' iCalendar feeds, and the thematic-debate topic rounds."""

from events.models.calendar import AgendaItem, Event, EventDocument
from events.models.debates import DebateRound, DebateTopic, DebateVote
from events.models.feeds import PartnerCalendar, PersonalCalendar
from events.models.registrations import Registration

__all__ = [
    "AgendaItem",
    "DebateRound",
    "DebateTopic",
    "DebateVote",
    "Event",
    "EventDocument",
    "PartnerCalendar",
    "PersonalCalendar",
    "Registration",
]
