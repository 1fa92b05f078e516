"""iCalendar feeds: the public feed, each user's personal feed, and the import of partner
clusters' feeds into our calendar."""

import datetime
import hashlib
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from icalendar import Calendar

from core.fetch import FetchError, FetchResult, fetch_public_url
from core.outbox import task_enqueue
from core.pagecache import topic_versions, topics_changed_on_commit
from core.partner_feeds import partner_feed_import_guarded, partner_feed_record
from events import permissions
from events.ical import PARIS, calendar_build
from events.models import Event, PartnerCalendar, PersonalCalendar, Registration
from events.models.feeds import new_token

logger = logging.getLogger(__name__)

# Calendar apps poll every few hours, many subscribers at once: the public feed is built once
# per language and kept until an event changes (and at most this long, as the window of
# past events moves with time).
PUBLIC_FEED_SECONDS = 3600
# Cancelled and past events stay in the feeds for a while, so that subscribed calendars
# learn about a cancellation instead of seeing the event silently vanish.
FEED_PAST_DAYS = 90
# A partner's feed is a few hundred kilobytes at most; anything far bigger is a mistake
# (or hostile) and must not fill the worker's memory.
FEED_MAX_BYTES = 2 * 1024 * 1024
FEED_TIMEOUT_SECONDS = 15
FEED_SCHEMES = ("http", "https")
# Partner events without an end get this length (RFC 5545 says a zero-length instant).
DEFAULT_DURATION = datetime.timedelta(hours=1)


def _feed_window():
    return Event.objects.filter(ends_at__gte=timezone.now() - datetime.timedelta(FEED_PAST_DAYS))


def public_calendar_build(*, language: str) -> bytes:
    """The cluster's own published public events. Partner clusters' events are shown to
    members only (see core.permissions.event_visibility), so they stay out of this feed."""
    events = (
        _feed_window()
        .published()
        .filter(audience=Event.Audience.PUBLIC, partner_calendar__isnull=True)
        .order_by("starts_at", "pk")
    )
    return calendar_build(events=events, name=settings.CLUSTER_NAME, language=language)


def _public_cache_key(language: str) -> str:
    return f"events:calendar_ics:{calendar_generation()}:{language}"


def public_calendar(*, language: str) -> bytes:
    content = cache.get(_public_cache_key(language))
    if content is None:
        content = public_calendar_build(language=language)
        cache.set(_public_cache_key(language), content, PUBLIC_FEED_SECONDS)
    return content


def public_calendar_invalidate() -> None:
    """Make everything built from the calendar stale: the feed, the annual PDFs and every
    stored public events page (core.pagecache's "events" topic). Saves of events do it by
    themselves (events.pages); call it, on commit, after writes that bypass the models'
    signals (`update()`, bulk writes). Inside a transaction it acts again on commit."""
    topics_changed_on_commit("events")


def calendar_generation() -> str:
    """Part of the cache key of anything built from the calendar: the "events" topic's
    version, which changes with any event."""
    return str(topic_versions(["events"])[0])


def personal_calendar_get(*, user) -> PersonalCalendar:
    calendar, _ = PersonalCalendar.objects.get_or_create(user=user)
    return calendar


@transaction.atomic
def personal_calendar_regenerate(*, user) -> PersonalCalendar:
    """A new secret address; the old one answers 404 from now on."""
    calendar = personal_calendar_get(user=user)
    calendar.token = new_token()
    calendar.created_at = timezone.now()
    calendar.save(update_fields=["token", "created_at"])
    return calendar


def _registrations_of(user):
    # Through the user's contact only, as on their space (events.selectors): a guest
    # registration made with the same address is not theirs until proven so.
    return Registration.objects.filter(
        contact__user=user,
        status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITLISTED),
    )


def personal_calendar_build(*, calendar: PersonalCalendar, language: str) -> bytes:
    """The events the user holds a seat for or waits for, with the online meeting link."""
    registrations = (
        _registrations_of(calendar.user)
        .filter(event__in=_feed_window())
        .select_related("event")
        .order_by("event__starts_at", "event__pk")
    )
    events = []
    for registration in registrations:
        event = registration.event
        # Someone on the waitlist gets the link once moved up to a seat.
        if not permissions.can_see_event_private(calendar.user, registration):
            event.online_url = ""
        events.append(event)
    name = gettext("%(cluster)s — my events") % {"cluster": settings.CLUSTER_NAME}
    return calendar_build(events=events, name=name, language=language, with_online_url=True)


# Partner clusters' feeds


class FeedError(Exception):
    """The feed could not be fetched or read; the message is shown to staff."""


def partner_feed_fetch(*, url: str) -> FetchResult:
    """The partner's feed, fetched through the one fetcher of addresses typed in by people
    (see core.fetch: public addresses only, pinned, size and time capped)."""
    try:
        return fetch_public_url(
            url,
            max_bytes=FEED_MAX_BYTES,
            timeout=FEED_TIMEOUT_SECONDS,
            allow_private=settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS,
            accept="text/calendar, */*;q=0.5",
        )
    except FetchError as error:
        raise FeedError(str(error)) from error


@dataclass
class PartnerEvent:
    uid: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    description: str
    url: str
    cancelled: bool


def _as_datetime(value) -> datetime.datetime:
    # All-day events have dates; floating times are read as Paris time.
    if not isinstance(value, datetime.datetime):
        return datetime.datetime.combine(value, datetime.time.min, tzinfo=PARIS)
    if timezone.is_naive(value):
        return value.replace(tzinfo=PARIS)
    return value


@dataclass
class PartnerFeed:
    events: list[PartnerEvent]
    # Events left out as unusable (no UID, no readable date); the others still count.
    skipped: int


def _not_a_calendar(answer: FetchResult) -> FeedError:
    # Status, type and size only: the body may be anything the address points at (an
    # internal JSON endpoint...), and staff read this message.
    return FeedError(
        gettext("The answer is not an iCalendar file (%(answer)s).") % {"answer": answer.describe()}
    )


def partner_feed_parse(*, answer: FetchResult) -> PartnerFeed:
    try:
        calendar = Calendar.from_ical(answer.body)
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:
        # icalendar's messages quote the line it could not read.
        raise _not_a_calendar(answer) from error
    if getattr(calendar, "name", None) != "VCALENDAR":
        raise _not_a_calendar(answer)
    events = {}
    skipped = 0
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("uid", "")).strip()
        start = component.get("dtstart")
        if not uid or start is None:
            skipped += 1  # Unusable without an identity or a date.
            continue
        try:
            starts_at = _as_datetime(start.dt)
            if component.get("dtend") is not None:
                ends_at = _as_datetime(component["dtend"].dt)
            elif component.get("duration") is not None:
                ends_at = starts_at + component["duration"].dt
            else:
                ends_at = starts_at + DEFAULT_DURATION
        except (AttributeError, TypeError, ValueError, OverflowError):
            # One partner event's odd date must not hold up the rest of its feed.
            skipped += 1
            continue
        events[uid[:255]] = PartnerEvent(
            uid=uid[:255],
            title=str(component.get("summary", "")).strip()[:200] or uid[:200],
            starts_at=starts_at,
            ends_at=max(ends_at, starts_at),
            venue=str(component.get("location", "")).strip()[:200],
            description=str(component.get("description", "")).strip(),
            url=_web_url(str(component.get("url", "")).strip()),
            cancelled=str(component.get("status", "")).upper() == "CANCELLED",
        )
    return PartnerFeed(events=list(events.values()), skipped=skipped)


def _web_url(url: str) -> str:
    # Shown as a link to members: only web addresses, never javascript: or the like.
    if urlsplit(url).scheme in FEED_SCHEMES and len(url) <= 200:
        return url
    return ""


def _partner_slug(partner: PartnerCalendar, uid: str, title: str) -> str:
    # Deterministic, so that importing twice never creates a second slug for one event.
    digest = hashlib.sha256(f"{partner.pk}:{uid}".encode()).hexdigest()[:12]
    return f"{slugify(title)[:150] or 'evenement'}-{digest}"


def _apply(event: Event, item: PartnerEvent) -> bool:
    """Copy the feed's values onto the event; True when something changed."""
    values = {
        "title_fr": item.title,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "venue": item.venue,
        "description_fr": item.description,
        "external_url": item.url,
    }
    changed = False
    for field, value in values.items():
        if getattr(event, field) != value:
            setattr(event, field, value)
            changed = True
    return changed


@transaction.atomic
def partner_events_sync(*, partner: PartnerCalendar, items: list[PartnerEvent]) -> None:
    """Create, update and cancel the partner's events to match its feed."""
    public_calendar_invalidate()
    now = timezone.now()
    existing = {event.external_uid: event for event in partner.events.all()}
    for item in items:
        event = existing.pop(item.uid, None)
        if event is None:
            event = Event(
                partner_calendar=partner,
                external_uid=item.uid,
                slug=_partner_slug(partner, item.uid, item.title),
                kind=Event.Kind.PARTNER_CLUSTER,
                organizer=Event.Organizer.PARTNER_CLUSTER,
                # Inter-cluster cooperation is a benefit of membership: members see these.
                audience=Event.Audience.MEMBERS,
            )
            _apply(event, item)
            event.cancelled_at = now if item.cancelled else None
            event.save()
            continue
        changed = _apply(event, item)
        if item.cancelled != event.is_cancelled:
            event.cancelled_at = now if item.cancelled else None
            changed = True
        if changed:
            event.sequence += 1
            event.save()
    # Feeds drop past events as they age; only a future event that vanished was withdrawn.
    for event in existing.values():
        if not event.is_cancelled and event.ends_at >= now:
            event.cancelled_at = now
            event.sequence += 1
            event.save(update_fields=["cancelled_at", "sequence", "updated_at"])


def partner_calendar_import(*, partner: PartnerCalendar) -> bool:
    """Fetch and apply one partner's feed, recording the outcome on it. True when it worked."""

    def run():
        feed = partner_feed_parse(answer=partner_feed_fetch(url=partner.feed_url))
        partner_events_sync(partner=partner, items=feed.events)
        return feed

    feed = partner_feed_import_guarded(
        run,
        known_errors=FeedError,
        on_error=lambda message: partner_feed_record(
            partner, status=PartnerCalendar.FetchStatus.ERROR, error=message
        ),
        label=f"partner calendar {partner.pk}",
    )
    if feed is None:
        return False
    note = ""
    if feed.skipped:
        note = ngettext(
            "%(count)d event of the feed was skipped: no identifier or no readable date.",
            "%(count)d events of the feed were skipped: no identifier or no readable date.",
            feed.skipped,
        ) % {"count": feed.skipped}
    partner_feed_record(
        partner, status=PartnerCalendar.FetchStatus.OK, error=note, count=len(feed.events)
    )
    return True


@transaction.atomic
def partner_calendars_import() -> int:
    """Queue one import task per active partner feed; returns how many were queued.

    One task each, not one loop: a partner whose server trickles its answer uses up its own
    task's time, never the time of the feeds after it.
    """
    from events import tasks

    partner_ids = list(PartnerCalendar.objects.filter(is_active=True).values_list("pk", flat=True))
    for partner_id in partner_ids:
        task_enqueue(tasks.partner_calendar_import, partner_id)
    return len(partner_ids)


def partner_calendar_import_queue(*, partner: PartnerCalendar) -> None:
    """Import the partner's feed in the background, once the transaction commits."""
    from events import tasks

    partner_id = partner.pk
    task_enqueue(tasks.partner_calendar_import, partner_id)


@transaction.atomic
def partner_calendar_create(*, values: dict) -> PartnerCalendar:
    """A new partner feed (`values` from a validated form); its events are imported at once,
    in the background."""
    partner = PartnerCalendar.objects.create(**values)
    partner_calendar_import_queue(partner=partner)
    return partner


@transaction.atomic
def partner_calendar_update(*, partner: PartnerCalendar, values: dict) -> PartnerCalendar:
    """Save the partner's new name, site, address or active flag; a new feed address is
    imported at once rather than at the next beat."""
    # From the database: a ModelForm has already copied the new values onto `partner`.
    feed_url_before = (
        PartnerCalendar.objects.select_for_update()
        .values_list("feed_url", flat=True)
        .get(pk=partner.pk)
    )
    for field, value in values.items():
        setattr(partner, field, value)
    partner.save(update_fields=list(values))
    if partner.feed_url != feed_url_before and partner.is_active:
        partner_calendar_import_queue(partner=partner)
    return partner


@transaction.atomic
def partner_calendar_delete(*, partner: PartnerCalendar) -> None:
    """Forget the partner and its imported events (registrations to them go too)."""
    partner.delete()
    public_calendar_invalidate()
