"""Registrations: member contacts in one click, guests of public events by email, the
waitlist, self-cancellation, and the emails all of these send (attendance at the door:
services.checkin).

Seats are counted with the event row locked (`select_for_update`), so two people can never
take the last seat at the same time: every writer that changes the number of confirmed
registrations of an event locks that event first.
"""

import datetime
import io

import segno
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.animators import animators_notify
from core.domain_events import publish
from core.email import email_send_once
from core.links import link_issue, links_extend, links_revoke
from core.outbox import task_enqueue
from core.ratelimit import rate_limit_hit
from events.ical import PARIS, calendar_build
from events.models import Event, Registration
from events.models.registrations import CHECKIN_LINK, LINKS_OUTLIVE_EVENT, REGISTRATION_LINK
from events.permissions import can_register_for_event, is_animator
from events.selectors import registration_reminders_due
from members.models import Affiliation, Contact, Organization


class RegistrationError(Exception):
    """Registration refused; the message is for the person who tried."""


class NoSeatLeft(RegistrationError):
    """Every seat is taken: staff may still give one beyond the capacity, if they say so."""


# Occasions of the emails a registration sends; each is sent once (see email_key).
CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
GUEST_LINK = "guest_link"
REMINDER = "reminder"
GUEST_LINK_RESEND_AFTER = datetime.timedelta(minutes=10)
# Guest requests accepted from one client address per hour: each sends an email to the
# address typed in, so more is a robot using us to mail strangers.
GUEST_REQUESTS_PER_HOUR = 10
# A guest who has not clicked their link after this long will not: the row only holds a
# stranger's name and address.
PENDING_KEPT_FOR = datetime.timedelta(days=7)


def registration_closed_reason(*, event: Event, now: datetime.datetime | None = None) -> str:
    """Why nobody may register now, or "" when registration is open."""
    now = now or timezone.now()
    if event.is_cancelled:
        return _("This event is cancelled.")
    if event.partner_calendar_id:
        return _("Registration for this event is on the partner cluster's site.")
    if not event.is_published:
        return _("This event is not published.")
    if event.starts_at <= now:
        return _("This event has already started.")
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at, PARIS)
        return _("Registration opens on %(date)s.") % {
            "date": date_format(opens, "SHORT_DATETIME_FORMAT")
        }
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Registration is closed.")
    return ""


def _seats_taken(event: Event) -> int:
    # Counted afresh: the caller holds the event's lock, so the count stays true until commit.
    return Registration.objects.filter(event=event).confirmed().count()


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _take_seat_or_wait(registration: Registration, event: Event) -> None:
    """Confirm the registration if a seat is free, else put it on the waitlist. The caller
    holds the event's lock."""
    now = timezone.now()
    left = event.seats_left(taken=_seats_taken(event))
    if left is None or left > 0:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.waitlisted_at = None
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlisted_at = now
        registration.confirmed_at = None
    registration.cancelled_at = None


def _notify(registration: Registration, occasion: str) -> None:
    from events import tasks

    task_enqueue(tasks.registration_email_send, registration.pk, occasion)
    # Every path to a seat (a member's registration, a guest's confirmation, the waitlist
    # moving up, staff's choice) tells the person here, and only when it happens.
    if occasion in (CONFIRMED, PROMOTED):
        publish("registration.confirmed", registration)


def _occasion_of(registration: Registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return CONFIRMED
    return WAITLISTED


def _default_organization(contact: Contact) -> Organization | None:
    affiliation = Affiliation.objects.filter(contact=contact).select_related("organization").first()
    return affiliation.organization if affiliation else None


@transaction.atomic
def registration_create(
    *,
    event: Event,
    contact: Contact,
    organization: Organization | None = None,
    registered_by=None,
) -> Registration:
    """Register a member contact: confirmed if a seat is free, waitlisted otherwise.

    Staff registering someone (`registered_by` an animator) may bypass the audience rule,
    not the dates. Registering again after a cancellation reuses the row.
    """
    event = _locked(event)
    reason = registration_closed_reason(event=event)
    if reason:
        raise RegistrationError(reason)
    by_staff = registered_by is not None and is_animator(registered_by)
    if not by_staff and not can_register_for_event(contact, event):
        raise RegistrationError(_("This event is not open to you."))
    email = (contact.email or (contact.user.email if contact.user_id else "")).lower()
    if not email:
        raise RegistrationError(_("This contact has no email address."))
    registration = Registration.objects.filter(event=event, email=email).first()
    # A pending row (the member first asked as a guest) is taken over: being signed in
    # proves the address.
    if registration and registration.is_active:
        raise RegistrationError(_("You are already registered for this event."))
    if registration is None:
        registration = Registration(event=event, email=email)
    registration.contact = contact
    registration.organization = organization or _default_organization(contact)
    registration.first_name = contact.first_name
    registration.last_name = contact.last_name
    if registration.organization:
        registration.organization_name = registration.organization.name
    registration.language = contact.preferred_language or settings.LANGUAGE_CODE
    registration.registered_by = registered_by
    registration.attendance = Registration.Attendance.UNKNOWN
    _take_seat_or_wait(registration, event)
    registration.save()
    _notify(registration, _occasion_of(registration))
    return registration


@transaction.atomic
def registration_guest_request(
    *,
    event: Event,
    email: str,
    first_name: str,
    last_name: str,
    organization_name: str,
    language: str,
) -> Registration:
    """A guest asks for a seat at a public event: a pending registration and an email with
    the confirmation link. The seat is taken (or the waitlist joined) when they confirm."""
    event = _locked(event)
    reason = registration_closed_reason(event=event)
    if reason:
        raise RegistrationError(reason)
    if event.audience != Event.Audience.PUBLIC:
        raise RegistrationError(_("This event is open to members only: sign in to register."))
    email = email.strip().lower()
    registration = Registration.objects.filter(event=event, email=email).first()
    # Answers look the same as for a new request: the address's owner learns the rest
    # from their mailbox, someone else learns nothing.
    if registration and registration.status == Registration.Status.PENDING:
        # A lost link is sent again, at most once per GUEST_LINK_RESEND_AFTER so that
        # nobody can flood someone's mailbox through the form.
        if timezone.now() - registration.created_at >= GUEST_LINK_RESEND_AFTER:
            registration.created_at = timezone.now()
            registration.save(update_fields=["created_at"])
            _notify(registration, GUEST_LINK)
        return registration
    if registration and registration.is_active:
        return registration
    if registration is None:
        registration = Registration(event=event, email=email)
    else:
        # A new link for a new request: the old ones were for the cancelled registration.
        links_revoke(target=registration, purpose=REGISTRATION_LINK)
    registration.first_name = first_name
    registration.last_name = last_name
    registration.organization_name = organization_name
    registration.language = language
    registration.status = Registration.Status.PENDING
    registration.created_at = timezone.now()
    registration.confirmed_at = registration.waitlisted_at = registration.cancelled_at = None
    registration.attendance = Registration.Attendance.UNKNOWN
    registration.save()
    _notify(registration, GUEST_LINK)
    return registration


def registration_guest_request_allowed(*, client_ip: str) -> bool:
    """Count one guest request from `client_ip` and say whether it is within the hourly
    limit: a fixed window in the cache, shared by every worker."""
    return rate_limit_hit(key=f"events:guest_requests:{client_ip}", limit=GUEST_REQUESTS_PER_HOUR)


def registration_pending_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete guest requests never confirmed within PENDING_KEPT_FOR; returns how many."""
    now = now or timezone.now()
    deleted, _by_model = Registration.objects.filter(
        status=Registration.Status.PENDING, created_at__lt=now - PENDING_KEPT_FOR
    ).delete()
    return deleted


@transaction.atomic
def registration_confirm(*, registration: Registration) -> Registration:
    """The guest clicked the link: confirmed if a seat is free, waitlisted otherwise.
    Clicking again changes nothing."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration
    reason = registration_closed_reason(event=event)
    if reason:
        raise RegistrationError(reason)
    _take_seat_or_wait(registration, event)
    registration.save()
    _notify(registration, _occasion_of(registration))
    if registration.contact_id is None:
        from events import tasks

        task_enqueue(tasks.guest_registration_animators_notify, registration.pk)
    return registration


def guest_registration_animators_notify(*, registration: Registration) -> int:
    """Email the animators who asked for it that a guest confirmed a registration."""
    return animators_notify(
        about="guest_registrations",
        occasion=f"guest-registration:{registration.pk}",
        template="events/emails/animator_guest_registration",
        context={"registration": registration, "event": registration.event},
        url_name="events:staff_guest_registrations",
    )


def registration_waitlist_promote(
    *, event: Event, passed_over: Registration | None = None
) -> list[Registration]:
    """Fill free seats from the waitlist, first come first served, emailing each promoted
    person; `passed_over` (someone staff just moved to the waitlist) is not among them. The
    caller holds the event's lock (`select_for_update`) in the same transaction, so no
    registration can take the seats meanwhile."""
    promoted = []
    if event.is_cancelled or event.starts_at <= timezone.now():
        return promoted
    free = event.seats_left(taken=_seats_taken(event))
    waiting = Registration.objects.filter(event=event).waitlisted()
    if passed_over is not None:
        waiting = waiting.exclude(pk=passed_over.pk)
    if free is not None:
        waiting = waiting[:free]
    now = timezone.now()
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _notify(registration, PROMOTED)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the first person on the waitlist, who is
    told by email. Returns the promoted registrations."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return []
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    publish("registration.cancelled", registration)
    return registration_waitlist_promote(event=event) if was_confirmed else []


STAFF_STATUSES = (
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
    Registration.Status.CANCELLED,
)


@transaction.atomic
def registration_status_set(
    *, registration: Registration, status: str, over_capacity: bool = False
) -> list[Registration]:
    """Staff give someone a seat, put them on the waitlist or cancel their registration,
    from the event's back-office page. Seats are counted under the event's lock, each
    person is emailed as when the change happens by itself, and a seat freed goes to the
    waitlist. Giving a seat when none is left raises NoSeatLeft unless `over_capacity`.
    Returns the registrations promoted from the waitlist in consequence."""
    if status not in STAFF_STATUSES:
        raise RegistrationError(_("Unknown status."))
    if status == Registration.Status.CANCELLED:
        return registration_cancel(registration=registration)
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    previous = registration.status
    if previous == status:
        return []
    if event.is_cancelled:
        raise RegistrationError(_("This event is cancelled."))
    if event.starts_at <= timezone.now():
        raise RegistrationError(_("This event has already started."))
    now = timezone.now()
    registration.cancelled_at = None
    if status == Registration.Status.CONFIRMED:
        if event.seats_left(taken=_seats_taken(event)) == 0 and not over_capacity:
            raise NoSeatLeft(_("Every seat is taken."))
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save()
        _notify(registration, PROMOTED if previous == Registration.Status.WAITLISTED else CONFIRMED)
        return []
    registration.status = Registration.Status.WAITLISTED
    registration.waitlisted_at = now
    registration.confirmed_at = None
    registration.save()
    _notify(registration, WAITLISTED)
    if previous != Registration.Status.CONFIRMED:
        return []
    return registration_waitlist_promote(event=event, passed_over=registration)


# Personal links (core.links)


def _links_expire_at(event: Event) -> datetime.datetime:
    return max(event.ends_at, timezone.now()) + LINKS_OUTLIVE_EVENT


def registration_link_issue(*, registration: Registration) -> str:
    """A new token for the person's own link: confirming a guest request, cancelling.
    Every email issues its own; all work until LINKS_OUTLIVE_EVENT after the event."""
    return link_issue(
        target=registration,
        purpose=REGISTRATION_LINK,
        expires_at=_links_expire_at(registration.event),
    )


def checkin_link_issue(*, registration: Registration) -> str:
    """A new token for the check-in link of the QR code: only staff can open it."""
    return link_issue(
        target=registration, purpose=CHECKIN_LINK, expires_at=_links_expire_at(registration.event)
    )


def registration_links_extend(*, event: Event) -> int:
    """The event moved: its registrants' links live until LINKS_OUTLIVE_EVENT after its new
    end, if that is later."""
    return links_extend(
        queryset=Registration.objects.filter(event=event),
        purposes=[REGISTRATION_LINK, CHECKIN_LINK],
        expires_at=_links_expire_at(event),
    )


# Emails


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return _absolute(reverse(name, kwargs=kwargs))


def qr_png(*, url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def event_ics(*, event: Event, language: str) -> bytes:
    # The calendar's name is the event's title in the registrant's language, like its events.
    with translation.override(language):
        name = event.title
    return calendar_build(
        events=[event], name=name, language=language, with_online_url=True, method="PUBLISH"
    )


def email_key(*, registration: Registration, occasion: str) -> str:
    """One email per occasion. A registration cancelled and made again is a new occasion,
    told apart by the time it was confirmed, waitlisted or requested. A reminder is for one
    date: an event moved (new SEQUENCE) deserves a reminder of its new date."""
    if occasion == REMINDER:
        return f"registration:{registration.pk}:reminder:{registration.event.sequence}"
    stamp = {
        CONFIRMED: registration.confirmed_at,
        PROMOTED: registration.confirmed_at,
        WAITLISTED: registration.waitlisted_at,
        GUEST_LINK: registration.created_at,
    }[occasion]
    return f"registration:{registration.pk}:{occasion}:{stamp.timestamp() if stamp else 0}"


def registration_email_send(*, registration: Registration, occasion: str) -> bool:
    """Send the email of `occasion` unless it was sent already or no longer applies (the
    registration was cancelled or changed status since it was queued)."""
    expected_status = {
        CONFIRMED: Registration.Status.CONFIRMED,
        PROMOTED: Registration.Status.CONFIRMED,
        REMINDER: Registration.Status.CONFIRMED,
        WAITLISTED: Registration.Status.WAITLISTED,
        GUEST_LINK: Registration.Status.PENDING,
    }[occasion]
    if registration.status != expected_status:
        return False
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with_checkin = occasion in (CONFIRMED, PROMOTED, REMINDER)

    def context() -> dict:
        # The links are issued once the email is claimed: the email is their only copy.
        token = registration_link_issue(registration=registration)
        with translation.override(language):
            context = {
                "registration": registration,
                "event": event,
                "event_title": event.title,
                "starts": timezone.localtime(event.starts_at, PARIS),
                "ends": timezone.localtime(event.ends_at, PARIS),
                "event_url": _url("events:event_detail", language, slug=event.slug),
                "cancel_url": _url("events:registration_cancel", language, token=token),
            }
        if occasion == GUEST_LINK:
            context["confirm_url"] = _url("events:registration_confirm", language, token=token)
        if with_checkin:
            context["checkin_url"] = _url(
                "events:checkin_token",
                language,
                token=checkin_link_issue(registration=registration),
            )
            context["online_url"] = event.online_url
        return context

    def attachments(context: dict) -> list:
        if not with_checkin:
            return []
        return [
            ("event.ics", event_ics(event=event, language=language), "text/calendar"),
            ("qr.png", qr_png(url=context["checkin_url"]), "image/png"),
        ]

    return email_send_once(
        key=email_key(registration=registration, occasion=occasion),
        template=f"events/emails/event_{occasion}",
        to=registration.email,
        context=context,
        language=language,
        attachments=attachments,
    )


def registration_reminders_queue(*, now: datetime.datetime | None = None) -> int:
    """Queue one reminder per participant of tomorrow's events. Each is sent once however
    often this runs (`email_send_once`), and one failing address does not hold up the
    others. Returns how many were queued."""
    from events import tasks

    queued = 0
    for registration_id in registration_reminders_due(now=now).values_list("pk", flat=True):
        tasks.registration_email_send.delay(registration_id, REMINDER)
        queued += 1
    return queued
