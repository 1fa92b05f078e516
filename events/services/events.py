"""Animators' work on events: create, edit, duplicate, move, cancel (with a notice to every
registrant), the back-office list and exports, the per-event dashboard and the annual
calendar."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import StartsWith
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext

from core.email import EmailNotSentError, email_send_once
from core.models import SentEmail
from core.outbox import task_enqueue
from core.pdf import pdf_render
from core.search import search_filter
from events import permissions
from events.ical import PARIS, calendar_build
from events.models import AgendaItem, Event, EventDocument, Registration
from events.services import feeds, registrations

PERIOD_UPCOMING = "upcoming"
PERIOD_PAST = "past"
# The fields whose change makes calendars and registrants need to hear about it (RFC 5545
# SEQUENCE): when and where.
ANNOUNCED_FIELDS = ("starts_at", "ends_at", "venue", "address", "online_url")
ACTIVE_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
ANNUAL_PDF_SECONDS = 24 * 3600


class EventError(Exception):
    """The change does not fit the event's state; the message is for staff."""


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "evenement"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


# Writing


@transaction.atomic
def event_create(*, values: dict, agenda: Iterable[dict] = (), created_by=None) -> Event:
    """`values` are Event field values (a form's cleaned data), `agenda` the agenda items'."""
    event = Event(**values, created_by=created_by)
    event.slug = _unique_slug(event.title_fr)
    event.full_clean(exclude=["slug"])
    event.save()
    AgendaItem.objects.bulk_create(AgendaItem(event=event, **item) for item in agenda)
    transaction.on_commit(feeds.public_calendar_invalidate)
    return event


@transaction.atomic
def event_update(*, event: Event, values: dict, agenda: Iterable[dict] | None = None) -> Event:
    """Save new values (and replace the agenda when given); a change of date or place bumps
    SEQUENCE and notifies registrants. A cancelled event's registrants have had their
    notice: editing its texts afterwards tells nobody anything."""
    before = Event.objects.select_for_update().get(pk=event.pk)
    for field, value in values.items():
        setattr(event, field, value)
    announced = not before.is_cancelled and any(
        getattr(before, name) != getattr(event, name) for name in ANNOUNCED_FIELDS
    )
    if announced:
        event.sequence = before.sequence + 1
    event.full_clean(exclude=["slug"])
    event.save()
    if event.ends_at > before.ends_at:
        # Moved later: the links in registrants' emails keep working until after it.
        registrations.registration_links_extend(event=event)
    # More seats (or no limit any more): the waitlist moves up while the lock is held.
    if before.capacity is not None and (event.capacity is None or event.capacity > before.capacity):
        registrations.registration_waitlist_promote(event=event)
    if agenda is not None:
        event.agenda_items.all().delete()
        AgendaItem.objects.bulk_create(AgendaItem(event=event, **item) for item in agenda)
    transaction.on_commit(feeds.public_calendar_invalidate)
    if announced:
        _announce_change(event)
    return event


@transaction.atomic
def event_move(*, event: Event, starts_at: datetime.datetime, ends_at: datetime.datetime) -> Event:
    if Event.objects.select_for_update().get(pk=event.pk).is_cancelled:
        raise EventError(gettext("A cancelled event cannot be moved."))
    return event_update(event=event, values={"starts_at": starts_at, "ends_at": ends_at})


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Cancel for good: the event stays listed as cancelled, registrants are told."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        return event
    event.cancelled_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    transaction.on_commit(feeds.public_calendar_invalidate)
    _announce_change(event)
    return event


def _announce_change(event: Event) -> None:
    from events import tasks

    event_id, sequence = event.pk, event.sequence
    task_enqueue(tasks.event_change_notices_send, event_id, sequence)


def event_change_notices_send(*, event: Event, sequence: int) -> int:
    """Email every active registrant about change number `sequence`, once each (the key
    holds the change number, so a retried task or a second run sends nothing twice).
    Returns how many were sent by this call."""
    if event.sequence != sequence:
        # Changed again since: that newer change's notice carries the up-to-date details.
        return 0
    sent = 0
    # The same few calendars (one per language, with or without the link) for everyone.
    attachments: dict[tuple[str, bool], bytes] = {}
    registrations = event.registrations.filter(status__in=ACTIVE_STATUSES).order_by("pk")
    refused = None
    for registration in registrations:
        with_link = registration.status == Registration.Status.CONFIRMED
        variant = (registration.language, with_link)
        if variant not in attachments:
            with translation.override(registration.language):
                name = event.title
            attachments[variant] = calendar_build(
                events=[event],
                name=name,
                language=registration.language,
                with_online_url=with_link,
                method="PUBLISH",
            )
        try:
            sent += email_send_once(
                key=f"event:{event.pk}:change:{sequence}:registration:{registration.pk}",
                template="emails/event_changed",
                to=registration.email,
                language=registration.language,
                context={
                    "event": event,
                    "registration": registration,
                    "first_name": registration.first_name,
                    "cancelled": event.is_cancelled,
                    "show_online_url": with_link,
                    "contact_email": settings.CONTACT_EMAIL,
                },
                attachments=[("event.ics", attachments[variant], "text/calendar")],
            )
        except EmailNotSentError as error:
            # One refused address must not keep the others from their notice; the task is
            # retried for this one (email_send_once sends nothing twice).
            refused = refused or error
    if refused is not None:
        raise refused
    return sent


@transaction.atomic
def event_duplicate(*, event: Event, created_by=None) -> Event:
    """A copy to prepare the next edition: same texts and agenda, unpublished, not cancelled;
    staff set its dates before publishing it."""
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.slug = _unique_slug(event.title_fr)
    copy.is_published = False
    copy.cancelled_at = None
    copy.sequence = 0
    copy.partner_calendar = None
    copy.external_uid = ""
    copy.external_url = ""
    copy.created_by = created_by
    copy.created_at = timezone.now()
    copy.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            event=copy,
            position=item.position,
            starts_at=item.starts_at,
            title_fr=item.title_fr,
            title_en=item.title_en,
            speaker=item.speaker,
        )
        for item in event.agenda_items.all()
    )
    return copy


@transaction.atomic
def event_document_add(*, event: Event, title: str, file, uploaded_by) -> EventDocument:
    return EventDocument.objects.create(
        event=event, title=title, file=file, uploaded_by=uploaded_by
    )


# Reading


@dataclass(frozen=True)
class EventFilters:
    query: str = ""
    kind: str = ""
    period: str = ""
    audience: str = ""
    organizer: str = ""


def event_staff_list(*, filters: EventFilters) -> QuerySet[Event]:
    """The back-office list with seat counts, in one query per page."""
    events = Event.objects.select_related("working_group", "partner_calendar").annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        ),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
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


def annual_calendar_pdf(*, year: int, user, language: str) -> bytes:
    """The printable annual calendar as `user` may see it. WeasyPrint takes seconds: the PDF
    is kept per year, language and set of visible events until an event changes (and the
    day changes, as it is dated)."""
    today = timezone.localdate()
    key = ":".join(
        [
            "events:annual_pdf",
            feeds.calendar_generation(),
            str(year),
            language,
            permissions.event_visibility_class(user),
            today.isoformat(),
        ]
    )
    content = cache.get(key)
    if content is None:
        with translation.override(language):
            content = pdf_render(
                template="events/pdf/annual_calendar.html",
                context={
                    "year": year,
                    "months": annual_calendar(
                        year=year, visible=permissions.event_visibility(user)
                    ),
                    "printed_on": today,
                    "cluster_name": settings.CLUSTER_NAME,
                },
            )
        cache.set(key, content, ANNUAL_PDF_SECONDS)
    return content


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
