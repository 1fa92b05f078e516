"""Demo data for the calendar: who each demo event is open to, its seats and agenda, the
working groups' own meetings, and registrations with the attendance of past events."""

import datetime
import random

from django.utils import timezone

from events.ical import PARIS
from events.models import AgendaItem, Event, Registration
from members.models import Organization, WorkingGroup, WorkingGroupMember

# kind → (audience, capacity); None: no limit.
SETTINGS_BY_KIND = {
    Event.Kind.MONTHLY_MEETING: (Event.Audience.MEMBERS, 40),
    Event.Kind.THEMATIC_DEBATE: (Event.Audience.MEMBERS, 30),
    Event.Kind.COMPANY_VISIT: (Event.Audience.MEMBERS, 15),
    Event.Kind.TRAINING: (Event.Audience.MEMBERS, 12),
    Event.Kind.WEBINAR: (Event.Audience.PUBLIC, None),
    Event.Kind.GENERAL_ASSEMBLY: (Event.Audience.MEMBERS, None),
    Event.Kind.AWARDS_CEREMONY: (Event.Audience.PUBLIC, 150),
    Event.Kind.REGIONAL_MEETING: (Event.Audience.PUBLIC, 200),
    Event.Kind.NETWORKING: (Event.Audience.PUBLIC, 60),
}

MONTHLY_AGENDA = [
    (datetime.time(18), "Accueil et tour de table", "Welcome and round of introductions"),
    (datetime.time(18, 20), "Actualités du cluster", "News from the cluster"),
    (datetime.time(18, 45), "Témoignage d'un adhérent", "A member's story"),
    (datetime.time(19, 30), "Échanges autour d'un verre", "Networking drinks"),
]
ATTENDANCE_RATE = 0.8

# kind → (French, English) description, in Markdown as animators write them.
DESCRIPTIONS_BY_KIND = {
    Event.Kind.REGIONAL_MEETING: (
        "Une journée ouverte à tous : **tables rondes** le matin, rendez-vous d'affaires "
        "l'après-midi entre entreprises, laboratoires et financeurs de la région.",
        "A day open to everyone: **round tables** in the morning, business meetings in the "
        "afternoon between companies, laboratories and the region's funders.",
    ),
    Event.Kind.NETWORKING: (
        "Un afterwork pour se rencontrer simplement : trois **pitchs** de cinq minutes, "
        "puis échanges autour d'un verre.",
        "An afterwork to meet simply: three five-minute **pitches**, then a chat over drinks.",
    ),
    Event.Kind.MONTHLY_MEETING: (
        "La réunion mensuelle des adhérents : **l'ordre du jour est publié une semaine "
        "avant**, les documents sont envoyés aux inscrits.\n\n"
        "- actualités du cluster et des groupes de travail\n"
        "- témoignage d'un adhérent\n"
        "- échanges autour d'un verre",
        "The members' monthly meeting: **the agenda is published a week before**, and "
        "documents are sent to those registered.\n\n"
        "- news from the cluster and its working groups\n"
        "- a member's story\n"
        "- networking drinks",
    ),
    Event.Kind.THEMATIC_DEBATE: (
        "Le débat bimestriel, sur le sujet **choisi par les adhérents** lors du dernier "
        "vote. Une introduction de quinze minutes, puis la parole est à la salle.",
        "The bimonthly debate, on the topic **members chose** in the last vote. A "
        "fifteen-minute introduction, then the floor is yours.",
    ),
    Event.Kind.COMPANY_VISIT: (
        "Visite des ateliers et de la plateforme d'essais, suivie d'un échange avec "
        "l'équipe de direction.\n\n*Chaussures fermées obligatoires ; "
        "places limitées à quinze personnes.*",
        "A tour of the workshops and the test platform, followed by a discussion with "
        "the management team.\n\n*Closed shoes required; fifteen places only.*",
    ),
    Event.Kind.TRAINING: (
        "Une demi-journée de formation en petit groupe.\n\n"
        "1. les bases et le vocabulaire\n2. cas pratiques des participants\n"
        "3. plan d'action personnel",
        "A half-day training in a small group.\n\n"
        "1. basics and vocabulary\n2. the participants' own cases\n3. a personal action plan",
    ),
    Event.Kind.WEBINAR: (
        "Un webinaire ouvert à tous : le lien de connexion est envoyé aux inscrits. "
        "La présentation est disponible ensuite dans l'[espace presse](/fr/press/).",
        "A webinar open to everyone: the link is sent to those registered. The slides "
        "are then available in the [press room](/en/press/).",
    ),
    Event.Kind.GENERAL_ASSEMBLY: (
        "L'assemblée générale annuelle : **rapport d'activité**, comptes, vote des "
        "résolutions et élection du conseil d'administration. Seuls les adhérents à "
        "jour de cotisation prennent part aux votes.",
        "The annual general assembly: **activity report**, accounts, resolutions and the "
        "election of the board. Only members whose dues are paid take part in the votes.",
    ),
    Event.Kind.AWARDS_CEREMONY: (
        "La remise des **trophées de l'innovation**, suivie d'un cocktail. "
        "Entrée libre sur inscription.",
        "The **innovation awards** ceremony, followed by drinks. Free entry on registration.",
    ),
}


def _group_meetings(*, rng: random.Random, today: datetime.date) -> list[Event]:
    """A past and an upcoming meeting per active working group."""
    meetings = []
    groups = WorkingGroup.objects.filter(status=WorkingGroup.Status.ACTIVE).order_by("pk")
    for group in groups:
        for weeks in (-5, 3):
            day = today + datetime.timedelta(weeks=weeks, days=rng.randint(0, 4))
            start = datetime.datetime.combine(day, datetime.time(12, 30), tzinfo=PARIS)
            meetings.append(
                Event(
                    title_fr=f"Réunion du groupe {group.name_fr}",
                    title_en=f"{group.name_en or group.name_fr} group meeting",
                    slug=f"groupe-{group.slug}-{day:%Y-%m-%d}"[:220],
                    kind=Event.Kind.MONTHLY_MEETING,
                    audience=Event.Audience.GROUP,
                    organizer=Event.Organizer.GROUP,
                    working_group=group,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=1, minutes=30),
                    venue="Visioconférence",
                    online_url=f"https://visio.example.org/{group.slug}",
                    capacity=None,
                )
            )
    return Event.objects.bulk_create(meetings)


def events_seed(
    *, rng: random.Random, events: list[Event], people, staff_user, today: datetime.date
) -> int:
    """Complete the demo `events` (saved) and register `people` ((Contact, Affiliation)
    pairs, saved) to them. Returns the number of registrations."""
    now = timezone.now()
    for event in events:
        event.audience, event.capacity = SETTINGS_BY_KIND.get(
            event.kind, (Event.Audience.MEMBERS, None)
        )
        event.created_by = staff_user
        event.description_fr, event.description_en = DESCRIPTIONS_BY_KIND.get(event.kind, ("", ""))
        if event.kind == Event.Kind.WEBINAR:
            event.online_url = "https://visio.example.org/webinaire"
        if event.kind in (Event.Kind.COMPANY_VISIT, Event.Kind.TRAINING):
            event.registration_closes_at = event.starts_at - datetime.timedelta(days=2)
    Event.objects.bulk_update(
        events,
        [
            "audience",
            "capacity",
            "created_by",
            "online_url",
            "registration_closes_at",
            "description_fr",
            "description_en",
        ],
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(event=event, position=position, starts_at=at, title_fr=fr, title_en=en)
        for event in events
        if event.kind == Event.Kind.MONTHLY_MEETING
        for position, (at, fr, en) in enumerate(MONTHLY_AGENDA)
    )
    meetings = _group_meetings(rng=rng, today=today)

    members = [
        (contact, affiliation)
        for contact, affiliation in people
        if contact.email and affiliation.organization.lifecycle == Organization.Lifecycle.MEMBER
    ]
    group_members: dict[int, list] = {}
    by_contact = {contact.pk: (contact, affiliation) for contact, affiliation in members}
    for group_id, contact_id in WorkingGroupMember.objects.filter(
        status=WorkingGroupMember.Status.ACCEPTED
    ).values_list("group_id", "contact_id"):
        if contact_id in by_contact:
            group_members.setdefault(group_id, []).append(by_contact[contact_id])

    registrations = []
    for event in [*events, *meetings]:
        pool = group_members.get(event.working_group_id, []) if event.working_group_id else members
        wanted = (
            rng.randint(8, 60) if event.capacity is None else event.capacity + rng.randint(-5, 4)
        )
        # The member login (first person) goes to every other cluster event.
        chosen = rng.sample(pool, min(len(pool), max(wanted, 0)))
        if people and people[0] in members and event.pk % 2 and people[0] not in chosen:
            chosen.insert(0, people[0])
        seen = set()
        past = event.ends_at < now
        for index, (contact, affiliation) in enumerate(chosen):
            email = contact.email.lower()
            if email in seen:
                continue
            seen.add(email)
            registered_at = event.starts_at - datetime.timedelta(days=rng.randint(3, 30))
            full = event.capacity is not None and index >= event.capacity
            registration = Registration(
                event=event,
                contact=contact,
                organization=affiliation.organization,
                email=email,
                first_name=contact.first_name,
                last_name=contact.last_name,
                organization_name=affiliation.organization.name,
                language=contact.preferred_language or "fr",
                created_at=min(registered_at, now),
                status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
            )
            if full:
                registration.waitlisted_at = registration.created_at
            else:
                registration.confirmed_at = registration.created_at
                if past:
                    present = rng.random() < ATTENDANCE_RATE
                    registration.attendance = (
                        Registration.Attendance.PRESENT
                        if present
                        else Registration.Attendance.NO_SHOW
                    )
                    if present:
                        registration.checked_in_at = event.starts_at
                        registration.checked_in_by = staff_user
            registrations.append(registration)
        if event.audience == Event.Audience.PUBLIC:
            taken = sum(
                r.status == Registration.Status.CONFIRMED for r in registrations if r.event is event
            )
            registrations.extend(
                _guests(rng=rng, event=event, taken=taken, now=now, staff_user=staff_user)
            )
    return len(Registration.objects.bulk_create(registrations, batch_size=2000))


GUEST_FIRST_NAMES = ["Léa", "Hugo", "Inès", "Mathis", "Chloé", "Yanis", "Manon", "Théo", "Sarah"]
GUEST_LAST_NAMES = ["Martin", "Bernard", "Roux", "Fournier", "Girard", "Bonnet", "Mercier"]
GUEST_ORGANIZATIONS = ["Mairie de Castres", "Lycée Déodat de Séverac", "", "Indépendante", ""]


def _guests(*, rng: random.Random, event: Event, taken: int, now, staff_user) -> list:
    """People from outside the register who registered by email for a public event, some
    in the last days (the animators' dashboard counts them as new)."""
    guests = []
    for number in range(rng.randint(3, 8)):
        first_name, last_name = rng.choice(GUEST_FIRST_NAMES), rng.choice(GUEST_LAST_NAMES)
        created_at = min(event.starts_at - datetime.timedelta(days=rng.randint(1, 25)), now)
        full = event.capacity is not None and taken >= event.capacity
        guest = Registration(
            event=event,
            email=f"invite{number + 1}.{event.pk}@invites.example",
            first_name=first_name,
            last_name=last_name,
            organization_name=rng.choice(GUEST_ORGANIZATIONS),
            language="fr",
            created_at=created_at,
            status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
        )
        if full:
            guest.waitlisted_at = created_at
        else:
            taken += 1
            guest.confirmed_at = created_at
            if event.ends_at < now:
                guest.attendance = Registration.Attendance.PRESENT
                guest.checked_in_at = event.starts_at
                guest.checked_in_by = staff_user
        guests.append(guest)
    return guests
