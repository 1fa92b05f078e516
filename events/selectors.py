"""Reads of the events app: lists of events for a viewer, a viewer's registrations,
check-in searches, the back-office lists, exports and figures, debates. Each does its own
select_related/annotations so that a page's query count does not grow with its rows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.db.models.lookups import StartsWith
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from core.links import link_resolve
from core.models import SentEmail
from core.search import search_filter
from events import permissions
from events.ical import PARIS
from events.models import DebateRound, DebateTopic, DebateVote, Event, PartnerCalendar, Registration
from events.models.registrations import CHECKIN_LINK, REGISTRATION_LINK
from members.models import Affiliation, Contact

PERIOD_UPCOMING = "upcoming"
PERIOD_PAST = "past"
# People holding a seat or waiting for one: the door, the exports and the notices count them.
ACTIVE_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)

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


def guest_registrations_recent() -> QuerySet[Registration]:
    """Guests' registrations (people without a contact), newest first: the staff list."""
    return (
        Registration.objects.filter(
            contact__isnull=True,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        )
        .select_related("event")
        .order_by("-created_at", "-pk")
    )


def registration_reminders_due(*, now: datetime.datetime | None = None):
    """Confirmed registrations for events that take place tomorrow (Paris time)."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now, PARIS).date() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=PARIS)
    return (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__starts_at__gte=start,
            event__starts_at__lt=start + datetime.timedelta(days=1),
            event__cancelled_at__isnull=True,
        )
        .select_related("event")
        .order_by("pk")
    )


# The registrations personal links open (core.links)


def registration_for_link(*, token: str) -> Registration | None:
    return link_resolve(
        purpose=REGISTRATION_LINK,
        token=token,
        queryset=Registration.objects.select_related("event"),
    )


def registration_for_checkin_link(*, token: str) -> Registration | None:
    return link_resolve(
        purpose=CHECKIN_LINK, token=token, queryset=Registration.objects.select_related("event")
    )


def checkin_counts(*, event: Event) -> dict:
    # The same people as the door's list: those holding a seat or waiting for one.
    return Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        present=Count("pk", filter=Q(attendance=Registration.Attendance.PRESENT)),
    )


# The back-office


@dataclass(frozen=True)
class EventFilters:
    query: str = ""
    kind: str = ""
    period: str = ""
    audience: str = ""
    organizer: str = ""


def event_staff_list(*, filters: EventFilters) -> QuerySet[Event]:
    """The back-office list with seat counts, in one query per page. The counts are
    subqueries, not a join: counted for the page's events only, and left out of the
    paginator's count, where a join would group every registration of every event."""

    def registrations(status: str) -> Coalesce:
        rows = Registration.objects.filter(event=OuterRef("pk"), status=status).order_by()
        return Coalesce(Subquery(rows.values("event").annotate(n=Count("pk")).values("n")), 0)

    events = Event.objects.select_related("working_group", "partner_calendar").annotate(
        confirmed_count=registrations(Registration.Status.CONFIRMED),
        waitlist_count=registrations(Registration.Status.WAITLISTED),
    )
    if filters.query:
        events = events.filter(search_filter(filters.query, ["title_fr", "title_en", "venue"]))
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.audience:
        events = events.filter(audience=filters.audience)
    if filters.organizer:
        events = events.filter(organizer=filters.organizer)
    now = timezone.now()
    if filters.period == PERIOD_UPCOMING:
        return events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if filters.period == PERIOD_PAST:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return events.order_by("-starts_at", "-pk")


def _local(moment: datetime.datetime | None) -> str:
    return moment.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") if moment else ""


def event_export_rows(*, events: QuerySet[Event]) -> tuple[list[str], Iterable[list]]:
    header = [
        gettext("Title"),
        gettext("Kind"),
        gettext("Starts"),
        gettext("Ends"),
        gettext("Venue"),
        gettext("Audience"),
        gettext("Organizer"),
        gettext("Capacity"),
        pgettext("registrations", "Confirmed"),
        gettext("Waitlist"),
        pgettext("event", "Published"),
        pgettext("event", "Cancelled"),
    ]
    rows = (
        [
            event.title,
            event.get_kind_display(),
            _local(event.starts_at),
            _local(event.ends_at),
            event.venue,
            event.get_audience_display(),
            event.get_organizer_display(),
            event.capacity,
            event.confirmed_count,
            event.waitlist_count,
            event.is_published,
            event.is_cancelled,
        ]
        for event in events
    )
    return header, rows


def event_attendees(*, event: Event) -> QuerySet[Registration]:
    """Confirmed and waitlisted people, as the door and the exports list them."""
    return (
        event.registrations.filter(status__in=ACTIVE_STATUSES)
        .select_related("organization")
        .order_by("last_name", "first_name", "pk")
    )


def event_attendees_filtered(*, event: Event, query: str, status: str) -> QuerySet[Registration]:
    """The dashboard's attendees narrowed to a status (confirmed or waitlisted) and to those
    whose name, email or organization holds every word of `query`, accents and case aside."""
    attendees = event_attendees(event=event)
    if status in ACTIVE_STATUSES:
        attendees = attendees.filter(status=status)
    return attendees.filter(
        search_filter(
            query, ["first_name", "last_name", "email", "organization_name", "organization__name"]
        )
    )


def attendee_export_rows(*, registrations) -> tuple[list[str], Iterable[list]]:
    header = [
        gettext("Last name"),
        gettext("First name"),
        gettext("Email"),
        gettext("Organization"),
        gettext("Status"),
        gettext("Attendance"),
        pgettext("date", "Registered"),
        pgettext("date", "Checked in"),
    ]
    rows = (
        [
            registration.last_name,
            registration.first_name,
            registration.email,
            registration_organization_name(registration),
            registration.get_status_display(),
            registration.get_attendance_display(),
            _local(registration.created_at),
            _local(registration.checked_in_at),
        ]
        for registration in registrations
    )
    return header, rows


def registration_organization_name(registration: Registration) -> str:
    if registration.organization_id:
        return registration.organization.name
    return registration.organization_name


def _attendance_counts() -> dict[str, Count]:
    """Attendance of people who held a seat (or waited), as the check-in page counts it."""
    return {
        "present": Count(
            "pk",
            filter=Q(attendance=Registration.Attendance.PRESENT, status__in=ACTIVE_STATUSES),
        ),
        "no_show": Count(
            "pk",
            filter=Q(attendance=Registration.Attendance.NO_SHOW, status__in=ACTIVE_STATUSES),
        ),
    }


@dataclass(frozen=True)
class EventFigures:
    confirmed: int
    waitlisted: int
    pending: int
    cancelled: int
    present: int
    no_show: int
    emails_sent: int

    @property
    def attendance_rate(self) -> int | None:
        """Percentage of confirmed people who came, once the door has recorded anyone."""
        recorded = self.present + self.no_show
        if not self.confirmed or not recorded:
            return None
        return round(100 * self.present / self.confirmed)


def event_figures(*, event: Event) -> EventFigures:
    """Counts for the event's dashboard, in two queries whatever the event's size."""
    statuses = Registration.Status
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=statuses.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=statuses.WAITLISTED)),
        pending=Count("pk", filter=Q(status=statuses.PENDING)),
        cancelled=Count("pk", filter=Q(status=statuses.CANCELLED)),
        **_attendance_counts(),
    )
    # Emails about the event itself (changes), and those about each of its registrations
    # (confirmations, reminders...), whose keys start with "registration:<pk>:".
    of_a_registration = Registration.objects.filter(
        StartsWith(
            OuterRef("key"),
            Concat(Value("registration:"), Cast("pk", CharField()), Value(":")),
        ),
        event=event,
    )
    emails = (
        SentEmail.objects.filter(status=SentEmail.Status.SENT)
        .filter(
            Q(key__startswith=f"event:{event.pk}:")
            | (Q(key__startswith="registration:") & Exists(of_a_registration))
        )
        .count()
    )
    return EventFigures(**counts, emails_sent=emails)


def organization_attendance_figures(*, organization) -> dict:
    statuses = Registration.Status
    return Registration.objects.filter(organization=organization).aggregate(
        registered=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        **_attendance_counts(),
        cancelled=Count("pk", filter=Q(status=statuses.CANCELLED)),
        events=Count("event", distinct=True, filter=Q(status__in=ACTIVE_STATUSES)),
    )


def annual_calendar(*, year: int, visible: Q) -> list[tuple[datetime.date, list]]:
    """The year's major events the reader may see (`visible`, from
    `permissions.event_visibility`), grouped by month: [(first of the month, [events])]."""
    events = (
        Event.objects.published()
        .in_year(year)
        .filter(visible, kind__in=Event.MAJOR_KINDS)
        .order_by("starts_at", "pk")
    )
    months = {datetime.date(year, month, 1): [] for month in range(1, 13)}
    for event in events:
        local = event.starts_at.astimezone(PARIS)
        months[datetime.date(local.year, local.month, 1)].append(event)
    return list(months.items())


def partner_calendars() -> QuerySet[PartnerCalendar]:
    """Partner clusters' calendars with the number of events imported from each, by name."""
    return PartnerCalendar.objects.annotate(event_count=Count("events")).order_by("name")


# Thematic debates


def debate_round_current() -> DebateRound | None:
    return DebateRound.objects.filter(status=DebateRound.Status.OPEN).first()


def debate_topics_with_votes(*, debate_round: DebateRound) -> QuerySet[DebateTopic]:
    """Topics, most voted first, ties in order of proposal: the order that decides."""
    return (
        debate_round.topics.select_related("proposed_by")
        .annotate(vote_count=Count("votes"))
        .order_by("-vote_count", "created_at", "pk")
    )


def debate_vote_of(*, debate_round: DebateRound, contact) -> int | None:
    """The topic `contact` voted for in the round, or None."""
    return (
        DebateVote.objects.filter(round=debate_round, contact=contact)
        .values_list("topic_id", flat=True)
        .first()
    )


def debate_round_last_closed() -> DebateRound | None:
    return (
        DebateRound.objects.filter(status=DebateRound.Status.CLOSED)
        .select_related("winning_topic", "event")
        .first()
    )


def debate_rounds() -> QuerySet[DebateRound]:
    """Every round, newest first: the staff list."""
    return DebateRound.objects.select_related("winning_topic", "event").order_by(
        "-created_at", "-pk"
    )
