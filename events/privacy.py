"""Personal data held by the events app (see core.personal_data). Imported by
EventsConfig.ready()."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import (
    ANONYMISED_FIRST_NAME,
    EMAIL_SENDING,
    HOSTING,
    LOGIN_ONLY,
    LegalBasis,
    Nothing,
    Person,
    Retention,
    erased_address,
    iso,
    register,
)
from events.models import (
    DebateTopic,
    DebateVote,
    Event,
    EventDocument,
    PersonalCalendar,
    Registration,
)

register(Event, **LOGIN_ONLY)
register(EventDocument, **LOGIN_ONLY)


def _registrations(person: Person):
    # A member's own registrations, and those made as a guest with one of their addresses.
    return Registration.objects.filter(Q(contact=person.contact) | person.by_address("email"))


def _registrations_export(person: Person) -> list[dict]:
    registrations = _registrations(person).select_related("event").order_by("created_at", "pk")
    return [
        {
            "event": registration.event.title,
            "event_slug": registration.event.slug,
            "starts_at": iso(registration.event.starts_at),
            "email": registration.email,
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "status": registration.status,
            "attendance": registration.attendance,
            "registered_at": iso(registration.created_at),
        }
        for registration in registrations
    ]


def _registrations_erase(person: Person) -> None:
    # Status and attendance stay: the event's counts and the organization's history.
    _registrations(person).update(
        email=erased_address("registration"),
        first_name=ANONYMISED_FIRST_NAME,
        last_name=f"#{person.contact.pk}",
        organization_name="",
    )


register(
    Registration,
    key="event_registrations",
    purpose=_("Event registrations, waitlists, reminders and check-in"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Name, email, organization, language, status, attendance"),
    retention=Retention(_("Kept for attendance figures; anonymised on erasure")),
    export=_registrations_export,
    erase=_registrations_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


def _calendar_erase(person: Person) -> None:
    if person.user is not None:
        PersonalCalendar.objects.filter(user=person.user).delete()


register(
    PersonalCalendar,
    purpose=_("The person's own calendar feed of their registrations"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("A secret token for the feed's address"),
    retention=Retention(_("As long as the person has access; deleted on erasure")),
    export=Nothing(_("A secret token only; the registrations it lists are exported.")),
    erase=_calendar_erase,
)


def _debate_topics_export(person: Person) -> list[dict]:
    topics = (
        DebateTopic.objects.filter(proposed_by=person.contact)
        .select_related("round")
        .order_by("created_at", "pk")
    )
    return [
        {
            "round": str(topic.round),
            "title": topic.title,
            "description": topic.description,
            "proposed_at": iso(topic.created_at),
        }
        for topic in topics
    ]


def _debate_topics_erase(person: Person) -> None:
    # The topic stays on the round's ballot, others voted for it; it no longer says whose.
    DebateTopic.objects.filter(proposed_by=person.contact).update(proposed_by=None)


register(
    DebateTopic,
    key="debate_topics",
    purpose=_("Choosing the topics of the bimonthly thematic debates"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Topics proposed and who proposed them"),
    retention=Retention(_("As long as the debate round; unlinked from the person on erasure")),
    export=_debate_topics_export,
    erase=_debate_topics_erase,
)


def _debate_votes_export(person: Person) -> list[dict]:
    votes = (
        DebateVote.objects.filter(contact=person.contact)
        .select_related("round", "topic")
        .order_by("created_at", "pk")
    )
    return [
        {"round": str(vote.round), "topic": vote.topic.title, "voted_at": iso(vote.created_at)}
        for vote in votes
    ]


register(
    DebateVote,
    key="debate_votes",
    purpose=_("Choosing the topics of the bimonthly thematic debates"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Who voted for which topic"),
    retention=Retention(_("As long as the debate round; kept anonymised on erasure")),
    export=_debate_votes_export,
    erase=Nothing(_("Kept, linked to the anonymised contact: the round's result stays true.")),
)
