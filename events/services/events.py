"""Animators' work on events: create, edit, duplicate, move, cancel (with a notice to every
registrant), and the printable annual calendar. The back-office list, exports and figures
are reads: events.selectors."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from core.email import EmailNotSentError, email_send_once
from core.outbox import task_enqueue
from core.pdf import pdf_render
from events import permissions
from events.ical import calendar_build
from events.models import AgendaItem, Event, EventDocument, Registration
from events.selectors import ACTIVE_STATUSES, annual_calendar
from events.services import feeds, registrations

# The fields whose change makes calendars and registrants need to hear about it (RFC 5545
# SEQUENCE): when and where.
ANNOUNCED_FIELDS = ("starts_at", "ends_at", "venue", "address", "online_url")
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
    feeds.public_calendar_invalidate()
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
    feeds.public_calendar_invalidate()
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
    feeds.public_calendar_invalidate()
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
                template="events/emails/event_changed",
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
