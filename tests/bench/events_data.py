"""The calendar `make bench` measures: the demo seed has a few dozen events, a cluster's
calendar after some years has hundreds. `events_top_up` brings the bench database to one
published event per ORGANIZATIONS_PER_EVENT organizations and REGISTRATIONS_PER_ORGANIZATION
registrations per organization (500 events and 20,000 registrations for 10,000
organizations), once: the events it adds carry the MARKER slug prefix and later runs,
finding the counts reached, add nothing."""

import datetime
import random
from zoneinfo import ZoneInfo

ORGANIZATIONS_PER_EVENT = 20
REGISTRATIONS_PER_ORGANIZATION = 2
MARKER = "bench-event-"
PARIS = ZoneInfo("Europe/Paris")
# Every kind a cluster organizes itself (partner clusters' events come from their feeds).
KINDS = [
    "monthly_meeting",
    "thematic_debate",
    "company_visit",
    "training",
    "webinar",
    "networking",
    "regional_meeting",
    "general_assembly",
    "awards_ceremony",
]
# Out of ten events: seven public, two for members, one for a working group.
AUDIENCES = ["public"] * 7 + ["members"] * 2 + ["group"]
# One event in BIG_EVERY draws BIG_WEIGHT times the registrations of the others: the
# flagship events whose page the bench loads.
BIG_EVERY = 25
BIG_WEIGHT = 15
WAITLIST_SHARE = 0.1
ATTENDANCE_RATE = 0.8
DESCRIPTION_FR = (
    "Une rencontre entre adhérents et partenaires du cluster : retours d'expérience, "
    "échanges sur les projets en cours et temps de networking. " * 4
)
DESCRIPTION_EN = (
    "A meeting of the cluster's members and partners: experience sharing, news of "
    "current projects and time for networking. " * 4
)


def events_top_up(*, seed: int, organizations: int) -> tuple[int, int]:
    """Add the missing events and registrations for a cluster of `organizations`. Returns
    how many of each were added."""
    from django.db import transaction

    with transaction.atomic():
        added_events = _events_add(
            rng=random.Random(seed), wanted=organizations // ORGANIZATIONS_PER_EVENT
        )
        added_registrations = _registrations_add(
            rng=random.Random(seed + 1),
            wanted=organizations * REGISTRATIONS_PER_ORGANIZATION,
        )
    if added_events or added_registrations:
        from django.db import connection

        from events.services.feeds import public_calendar_invalidate

        # The public feed kept in the cache was built before these events.
        public_calendar_invalidate()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE events_event, events_registration")
    return added_events, added_registrations


def _events_add(*, rng: random.Random, wanted: int) -> int:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from events.models import Event
    from members.demo import STAFF_EMAIL
    from members.models import WorkingGroup

    missing = wanted - Event.objects.published().count()
    if missing <= 0:
        return 0
    first = Event.objects.filter(slug__startswith=MARKER).count()
    groups = list(WorkingGroup.objects.order_by("pk"))
    staff_user = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    today = timezone.localdate()
    last = first + missing
    events = []
    for number in range(first, last):
        kind = KINDS[number % len(KINDS)]
        audience = AUDIENCES[number % len(AUDIENCES)]
        group = groups[number % len(groups)] if audience == "group" and groups else None
        if audience == "group" and group is None:
            audience = "members"
        # Evenly over the past year and the coming one, a few days' jitter.
        day = today + datetime.timedelta(days=-365 + (number * 730) // last + rng.randint(-3, 3))
        hours = {"training": 7, "webinar": 1, "general_assembly": 3}.get(kind, 2)
        start_time = datetime.time(9) if kind == "training" else datetime.time(18)
        starts_at = datetime.datetime.combine(day, start_time, tzinfo=PARIS)
        online = kind == "webinar"
        events.append(
            Event(
                title_fr=f"{Event.Kind(kind).label} n° {number + 1}",
                title_en=f"{Event.Kind(kind).label} no. {number + 1}",
                slug=f"{MARKER}{number + 1:04d}",
                kind=kind,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=hours),
                venue="Visioconférence" if online else f"Salle {rng.randint(1, 12)}",
                address="" if online else f"{rng.randint(1, 120)} rue de l'Innovation, Lyon",
                online_url="https://visio.example.org/bench" if online else "",
                description_fr=DESCRIPTION_FR,
                description_en=DESCRIPTION_EN,
                audience=audience,
                working_group=group,
                organizer="group" if group else "cluster",
                is_published=True,
                # A few cancelled, as a real calendar has.
                cancelled_at=(
                    starts_at - datetime.timedelta(days=7) if number % 50 == 25 else None
                ),
                created_by=staff_user,
                created_at=starts_at - datetime.timedelta(days=60),
            )
        )
    Event.objects.bulk_create(events, batch_size=500)
    return len(events)


def _registrations_add(*, rng: random.Random, wanted: int) -> int:
    from django.utils import timezone

    from core.demo import bulk_copy
    from events.models import Event, Registration
    from members.models import Affiliation

    missing = wanted - Registration.objects.count()
    if missing <= 0:
        return 0
    events = list(Event.objects.filter(slug__startswith=MARKER).order_by("slug"))
    if not events:
        return 0
    # The demo contacts (first affiliation each), one per address.
    people = {}
    for row in (
        Affiliation.objects.exclude(contact__email="")
        .order_by("contact_id", "pk")
        .values(
            "contact_id",
            "contact__email",
            "contact__first_name",
            "contact__last_name",
            "contact__preferred_language",
            "organization_id",
            "organization__name",
        )
        .iterator(chunk_size=5000)
    ):
        people.setdefault(row["contact__email"].lower(), row)
    pool = list(people.values())
    taken: dict[int, set[str]] = {}
    for event_id, email in Registration.objects.filter(event__in=events).values_list(
        "event_id", "email"
    ):
        taken.setdefault(event_id, set()).add(email)

    weights = [
        BIG_WEIGHT if index % BIG_EVERY == 3 else rng.uniform(0.5, 1.5)
        for index in range(len(events))
    ]
    total = sum(weights)
    quotas = [int(missing * weight / total) for weight in weights]
    for index in range(missing - sum(quotas)):
        quotas[index % len(quotas)] += 1

    now = timezone.now()
    registrations = []
    limited = []
    for event, quota in zip(events, quotas, strict=True):
        already = taken.get(event.pk, set())
        candidates = (
            [person for person in pool if person["contact__email"].lower() not in already]
            if already
            else pool
        )
        chosen = rng.sample(candidates, min(quota, len(candidates)))
        # Two events in three have a limit, reached: the last tenth waits for a seat.
        if event.capacity is None and event.pk % 3:
            event.capacity = len(already) + round(len(chosen) * (1 - WAITLIST_SHARE))
            limited.append(event)
        past = event.ends_at < now
        for index, person in enumerate(chosen):
            registered_at = min(event.starts_at - datetime.timedelta(days=rng.randint(1, 40)), now)
            waitlisted = event.capacity is not None and len(already) + index >= event.capacity
            registration = Registration(
                event=event,
                contact_id=person["contact_id"],
                organization_id=person["organization_id"],
                email=person["contact__email"].lower(),
                first_name=person["contact__first_name"],
                last_name=person["contact__last_name"],
                organization_name=person["organization__name"],
                language=person["contact__preferred_language"] or "fr",
                created_at=registered_at,
            )
            if waitlisted:
                registration.status = Registration.Status.WAITLISTED
                registration.waitlisted_at = registered_at
            else:
                registration.status = Registration.Status.CONFIRMED
                registration.confirmed_at = registered_at
                if past and rng.random() < ATTENDANCE_RATE:
                    registration.attendance = Registration.Attendance.PRESENT
                    registration.checked_in_at = event.starts_at
                elif past:
                    registration.attendance = Registration.Attendance.NO_SHOW
            registrations.append(registration)
    Event.objects.bulk_update(limited, ["capacity"], batch_size=500)
    bulk_copy(Registration, registrations)
    return len(registrations)
