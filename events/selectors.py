"""Reads of the events app that need joins: lists of events for a viewer, a viewer's
registrations, check-in searches. Each does its own select_related/annotations so that a
page's query count does not grow with its rows."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.search import search_filter
from events import permissions
from events.ical import PARIS
from events.models import Event, Registration
from members.models import Affiliation, Contact

_confirmed_seats = (
    Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.CONFIRMED)
    .order_by()
    .values("event")
    .annotate(count=Count("pk"))
    .values("count")
)


def events_for_viewer(*, user, include_unpublished: bool = False) -> QuerySet[Event]:
    """Published events `user` may see, with their working group, partner calendar and the
    number of confirmed seats (`seats_taken`)."""
    events = Event.objects.all() if include_unpublished else Event.objects.published()
    return (
        events.filter(permissions.event_visibility(user))
        .select_related("working_group", "partner_calendar")
        # A correlated subquery rather than JOIN + GROUP BY: PostgreSQL evaluates it only for
        # the rows of the page (after ORDER BY ... LIMIT), and the paginator's count drops it.
        .annotate(seats_taken=Coalesce(Subquery(_confirmed_seats), 0))
        .order_by("starts_at", "pk")
    )


def waitlist_length_if_full(*, event: Event) -> int | None:
    """How many people already wait for a seat when `event` is full, None while seats are
    left or there is no limit: what someone about to register is told before they do."""
    if event.capacity is None:
        return None
    taken = getattr(event, "seats_taken", None)
    if taken is None:
        taken = Registration.objects.filter(event=event).confirmed().count()
    if event.seats_left(taken=taken) > 0:
        return None
    return Registration.objects.filter(event=event).waitlisted().count()


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the month and of the next one, in Paris time."""
    start = datetime.datetime(year, month, 1, tzinfo=PARIS)
    following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=PARIS)
    return start, following


def events_in_month(*, user, year: int, month: int) -> QuerySet[Event]:
    start, following = month_bounds(year, month)
    return events_for_viewer(user=user).filter(starts_at__lt=following, ends_at__gte=start)


def registrations_by_event(*, user, event_ids) -> dict[int, Registration]:
    """The user's own registrations (through their contact) to these events, by event id."""
    if not user.is_authenticated:
        return {}
    return {
        registration.event_id: registration
        for registration in Registration.objects.filter(
            contact__user=user, event_id__in=list(event_ids)
        )
    }


def registrations_of_user(*, user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(contact__user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
    )


def upcoming_registrations_of_user(*, user) -> QuerySet[Registration]:
    return (
        registrations_of_user(user=user)
        .filter(event__ends_at__gte=timezone.now())
        .order_by("event__starts_at", "pk")
    )


def past_registrations_of_user(*, user) -> QuerySet[Registration]:
    return (
        registrations_of_user(user=user)
        .filter(event__ends_at__lt=timezone.now())
        .order_by("-event__starts_at", "-pk")
    )


def checkin_search(*, event: Event, query: str) -> QuerySet[Registration]:
    """Confirmed (and waitlisted, who may turn up anyway) registrants of the event whose
    name, email or organization contains every word of `query`, accents and case aside."""
    registrations = (
        Registration.objects.filter(event=event)
        .filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])
        .order_by("last_name", "first_name", "pk")
    )
    return registrations.filter(
        search_filter(query, ["first_name", "last_name", "email", "organization_name"])
    )


def contacts_to_register(*, event: Event, query: str) -> QuerySet[Contact]:
    """Contacts whose name or email holds every word of `query` (accents and case aside),
    for staff registering someone, each with the status of their registration to the event
    (`registration_status`, None if they have none) and their organizations."""
    if not query.split():
        return Contact.objects.none()
    status = Registration.objects.filter(event=event, contact=OuterRef("pk")).values("status")[:1]
    affiliations = Affiliation.objects.select_related("organization").order_by("organization__name")
    contacts = (
        Contact.objects.filter(anonymised_at__isnull=True)
        .exclude(email="")
        .annotate(registration_status=Subquery(status))
        .prefetch_related(Prefetch("affiliations", queryset=affiliations))
        .order_by("last_name", "first_name", "pk")
    )
    return contacts.filter(search_filter(query, ["first_name", "last_name", "email"]))


def attendance_of_organization(*, organization) -> QuerySet[Registration]:
    """The organization's registrations to past and upcoming events, newest first: people
    who held a seat or waited for one (not cancelled, not unconfirmed guests). The one rule
    for the organization's 360° page and the staff attendance page."""
    return (
        Registration.objects.filter(organization=organization)
        .exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.PENDING])
        .select_related("event")
        .order_by("-event__starts_at", "last_name", "first_name", "pk")
    )


def group_upcoming_events(*, group) -> QuerySet[Event]:
    return (
        Event.objects.published()
        .upcoming()
        .filter(working_group=group, cancelled_at__isnull=True)
        .order_by("starts_at", "pk")
    )
