"""Demo data of the calendar for `manage.py seed_demo`: about 24 cluster events over twelve
months around today (half past, half upcoming), who each is open to, its seats and agenda,
the working groups' own meetings, and registrations with the attendance of past events."""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from core.demo import unique
from events.ical import PARIS
from events.models import AgendaItem, Event, Registration
from members.models import Organization, WorkingGroup, WorkingGroupMember

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)
BUSINESS_KINDS = {Organization.Kind.COMPANY, Organization.Kind.STARTUP}

# The programme. Monthly meeting themes, one per month of the year shown.
MONTHLY_THEMES = [
    ("Bienvenue aux nouveaux adhérents", "Welcome to new members"),
    ("Les aides régionales à l'innovation", "Regional innovation grants"),
    ("Recrutement et alternance", "Hiring and work-study"),
    ("Cybersécurité : les bons réflexes", "Cybersecurity: good habits"),
    ("Export : cap sur l'Espagne", "Exporting: heading for Spain"),
    ("Répondre aux marchés publics", "Answering public tenders"),
    ("Numérique responsable", "Responsible digital technology"),
    ("L'IA au quotidien", "Everyday AI"),
    ("Financer sa croissance", "Funding growth"),
    ("Propriété intellectuelle et logiciel", "Intellectual property and software"),
    ("Rencontre avec les écoles", "Meeting the schools"),
    ("Bilan et perspectives", "Review and outlook"),
]
DEBATES = [
    ("Débat : l'IA générative dans les PME", "Debate: generative AI in small businesses"),
    ("Débat : NIS 2, qui est concerné ?", "Debate: NIS 2, who does it apply to?"),
    ("Débat : sobriété numérique et rentabilité", "Debate: digital sobriety and profitability"),
    ("Débat : attirer et garder les talents", "Debate: attracting and keeping talent"),
    ("Débat : quel cloud souverain ?", "Debate: which sovereign cloud?"),
    ("Débat : données de santé et innovation", "Debate: health data and innovation"),
]
TRAININGS = [
    ("Formation : répondre à un appel d'offres public", "Training: answering a public tender"),
]
WEBINARS = [
    (
        "Webinaire : les appels à projets Horizon Europe",
        "Webinar: Horizon Europe calls for proposals",
    ),
    (
        "Webinaire : se préparer à la directive NIS 2",
        "Webinar: getting ready for the NIS 2 directive",
    ),
    (
        "Webinaire : financer son projet d'IA avec la Région",
        "Webinar: funding an AI project with the Region",
    ),
]
# Open to everyone: the public calendar always has a few of these ahead.
REGIONAL_MEETING = (
    "Rencontres régionales du numérique",
    "Regional digital meetings",
)
NETWORKING = (
    "Afterwork du numérique : start-up et grands comptes",
    "Digital afterwork: start-ups meet large companies",
)
VENUES = [
    "Maison de l'innovation, Toulouse",
    "Pépinière Cap Numérique, Montpellier",
    "Technopole Sud, Labège",
    "Hôtel d'entreprises Albi Innov', Albi",
    "Pôle numérique du Gard, Nîmes",
    "Auditorium de la CCI, Perpignan",
]
ONLINE_VENUE = "En ligne (visioconférence)"
GENERAL_ASSEMBLY_VENUE = "Hôtel de Région, Toulouse"
AWARDS_VENUE = "Centre des congrès, Montpellier"

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


def _calendar(
    *, rng: random.Random, today: datetime.date, visit_hosts: list[Organization]
) -> list[Event]:
    """About 24 dates over twelve months around `today`: half past, half upcoming."""
    plan = []
    for offset in range(-5, 7):
        year, month = _shift_month(today, offset)
        theme_fr, theme_en = MONTHLY_THEMES[month - 1]
        plan.append(
            (
                Event.Kind.MONTHLY_MEETING,
                f"Rencontre mensuelle : {theme_fr}",
                f"Monthly meeting: {theme_en}",
                _nth_weekday(year, month, TUESDAY, 2),
                datetime.time(18),
                datetime.time(20),
                rng.choice(VENUES),
            )
        )
        if offset % 2:
            # Bimonthly: offsets -5, -3, … 5 take the six debates in order.
            debate_fr, debate_en = DEBATES[(offset + 5) // 2]
            plan.append(
                (
                    Event.Kind.THEMATIC_DEBATE,
                    debate_fr,
                    debate_en,
                    _nth_weekday(year, month, THURSDAY, 3),
                    datetime.time(18, 30),
                    datetime.time(20, 30),
                    rng.choice(VENUES),
                )
            )
    first_host, second_host = (visit_hosts * 2)[:2]
    training_fr, training_en = TRAININGS[0]
    webinar_fr, webinar_en = WEBINARS[0]
    # More public dates (webinars, the regional meetings, an afterwork), so that the
    # public calendar has a handful ahead whatever the day.
    for offset, (title_fr, title_en) in zip((-3, 3), WEBINARS[1:], strict=True):
        year, month = _shift_month(today, offset)
        plan.append(
            (
                Event.Kind.WEBINAR,
                title_fr,
                title_en,
                _nth_weekday(year, month, TUESDAY, 3),
                datetime.time(11),
                datetime.time(12),
                ONLINE_VENUE,
            )
        )
    for offset, kind, (title_fr, title_en), weekday, start, end in (
        (5, Event.Kind.REGIONAL_MEETING, REGIONAL_MEETING, THURSDAY, 9, 17),
        (2, Event.Kind.NETWORKING, NETWORKING, THURSDAY, 18, 21),
    ):
        year, month = _shift_month(today, offset)
        plan.append(
            (
                kind,
                title_fr,
                title_en,
                _nth_weekday(year, month, weekday, 2),
                datetime.time(start),
                datetime.time(end),
                rng.choice(VENUES),
            )
        )
    for offset, kind, title_fr, title_en, weekday, nth, start, end, venue in [
        (
            -4,
            Event.Kind.COMPANY_VISIT,
            f"Visite d'entreprise : {first_host.name}",
            f"Company visit: {first_host.name}",
            WEDNESDAY,
            4,
            datetime.time(14),
            datetime.time(16, 30),
            f"{first_host.name}, {first_host.city}",
        ),
        (
            -2,
            Event.Kind.TRAINING,
            training_fr,
            training_en,
            THURSDAY,
            1,
            datetime.time(9),
            datetime.time(17),
            rng.choice(VENUES),
        ),
        (
            -1,
            Event.Kind.GENERAL_ASSEMBLY,
            "Assemblée générale {year}",
            "General assembly {year}",
            THURSDAY,
            4,
            datetime.time(17, 30),
            datetime.time(20, 30),
            GENERAL_ASSEMBLY_VENUE,
        ),
        (
            1,
            Event.Kind.WEBINAR,
            webinar_fr,
            webinar_en,
            TUESDAY,
            1,
            datetime.time(11),
            datetime.time(12),
            ONLINE_VENUE,
        ),
        (
            2,
            Event.Kind.AWARDS_CEREMONY,
            "Trophées de l'innovation {year}",
            "Innovation awards {year}",
            FRIDAY,
            3,
            datetime.time(19),
            datetime.time(22, 30),
            AWARDS_VENUE,
        ),
        (
            4,
            Event.Kind.COMPANY_VISIT,
            f"Visite d'entreprise : {second_host.name}",
            f"Company visit: {second_host.name}",
            WEDNESDAY,
            4,
            datetime.time(14),
            datetime.time(16, 30),
            f"{second_host.name}, {second_host.city}",
        ),
    ]:
        year, month = _shift_month(today, offset)
        plan.append(
            (
                kind,
                title_fr.replace("{year}", str(year)),
                title_en.replace("{year}", str(year)),
                _nth_weekday(year, month, weekday, nth),
                start,
                end,
                venue,
            )
        )
    slugs: set[str] = set()
    events = []
    for kind, title_fr, title_en, day, start, end, venue in sorted(plan, key=lambda p: p[3]):
        events.append(
            Event(
                title_fr=title_fr[:200],
                title_en=title_en[:200],
                slug=unique(_event_slug(title_fr, day), slugs),
                kind=kind,
                starts_at=datetime.datetime.combine(day, start, tzinfo=PARIS),
                ends_at=datetime.datetime.combine(day, end, tzinfo=PARIS),
                venue=venue[:200],
            )
        )
    return events


def _event_slug(title: str, day: datetime.date) -> str:
    # A dated slug leaves next year's edition of the same meeting free; a title that already
    # names its year ("Assemblée générale 2026") needs no date.
    base = slugify(title)[:200]
    return base if str(day.year) in base else f"{base}-{day:%Y-%m-%d}"


def _shift_month(today: datetime.datetime.date, offset: int) -> tuple[int, int]:
    year, month_index = divmod(today.year * 12 + today.month - 1 + offset, 12)
    return year, month_index + 1


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _group_meetings(*, rng: random.Random, today: datetime.date) -> list[Event]:
    """Each active working group's meetings: every five weeks over the past fifteen months (the
    quarterly syntheses and the annual report count them), and the next one."""
    meetings = []
    groups = WorkingGroup.objects.filter(status=WorkingGroup.Status.ACTIVE).order_by("pk")
    for group in groups:
        for weeks in (*range(-65, 0, 5), 3):
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
    *,
    rng: random.Random,
    organizations: list[Organization],
    people,
    staff_user,
    today: datetime.date,
) -> list[Event]:
    """The cluster's calendar around `today` and the working groups' meetings, with the
    registrations of `people` ((Contact, Affiliation) pairs, saved) and of guests. Member
    companies of `organizations` (saved) host the company visits, but not the first: the
    member login's. Returns the cluster's events."""
    hosts = [
        organization
        for organization in organizations[1:]
        if organization.kind in BUSINESS_KINDS
        and organization.lifecycle == Organization.Lifecycle.MEMBER
    ]
    visit_hosts = rng.sample(hosts, 2) if len(hosts) >= 2 else [organizations[0]]
    events = _calendar(rng=rng, today=today, visit_hosts=visit_hosts)
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
    events = Event.objects.bulk_create(events)
    AgendaItem.objects.bulk_create(
        AgendaItem(event=event, position=position, starts_at=at, title_fr=fr, title_en=en)
        for event in events
        if event.kind == Event.Kind.MONTHLY_MEETING
        for position, (at, fr, en) in enumerate(MONTHLY_AGENDA)
    )
    meetings = _group_meetings(rng=rng, today=today)
    _registrations_create(
        rng=rng, events=[*events, *meetings], people=people, staff_user=staff_user
    )
    return events


def _registrations_create(*, rng: random.Random, events: list[Event], people, staff_user) -> int:
    """Members register to the cluster's events, and to their groups' meetings; guests to
    public events. Past events have their attendance. Returns the number of registrations."""
    now = timezone.now()
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
    for event in events:
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


def has_data() -> bool:
    return Event.objects.exists()


def flush() -> None:
    """Delete the events, with their agenda and registrations."""
    Event.objects.all().delete()
