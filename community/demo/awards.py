"""Demo data of community's awards.

Last year's "Trophées de l'innovation", announced at its ceremony (a past event of the
calendar, made when the seeded calendar has none), with its winners and a special mention;
and this year's edition, open for applications: six applications across three categories
(one of them the member login's organization's), a jury of three (a member of the register,
an outsider, and one who declared a conflict of interest) who have scored part of them."""

import datetime

from django.utils import timezone

from community.models import (
    AwardApplication,
    AwardCategory,
    AwardCriterion,
    Edition,
    Juror,
    JurorConflict,
    JuryScore,
)
from events.models import Event
from members.models import Organization

CATEGORIES = [
    ("Startup", "Start-up"),
    ("Industrie du futur", "Industry of the future"),
    ("Numérique responsable", "Responsible digital"),
]
CRITERIA = [
    ("Caractère innovant", "Innovation", 3, 5),
    ("Impact pour les clients et le territoire", "Impact for customers and the region", 2, 5),
    ("Maturité du projet", "Maturity of the project", 1, 5),
    ("Sobriété et responsabilité", "Sobriety and responsibility", 1, 5),
]
RULES_FR = (
    "Les **Trophées de l'innovation** distinguent chaque année les entreprises membres du "
    "cluster qui ont mené un projet innovant au cours des deux dernières années.\n\n"
    "- Ouvert à toute entreprise membre à jour de sa cotisation ;\n"
    "- une candidature par catégorie ;\n"
    "- le jury, composé de membres et de personnalités extérieures, note chaque dossier "
    "selon la grille publiée ;\n"
    "- les lauréats sont annoncés lors de la cérémonie de remise des trophées."
)
RULES_EN = (
    "The **Innovation awards** honour each year the cluster's member companies that led an "
    "innovative project in the last two years.\n\n"
    "- Open to every member company whose dues are paid;\n"
    "- one application per category;\n"
    "- the jury, members and outside experts, scores each application on the published "
    "grid;\n"
    "- the winners are announced at the awards ceremony."
)
GUIDANCE_FR = (
    "Décrivez en deux pages au plus votre innovation, le problème qu'elle résout, vos "
    "premiers clients ou pilotes et vos prochaines étapes. Joignez si vous le souhaitez une "
    "présentation (PDF) et des visuels."
)
GUIDANCE_EN = (
    "Describe your innovation in two pages at most: the problem it solves, your first "
    "customers or pilots and your next steps. You may attach a presentation (PDF) and "
    "pictures."
)
APPLICATIONS = [
    # (category index, text, public summary)
    (
        0,
        "Notre plateforme d'**analyse vidéo embarquée** compte les flux de vélos et de "
        "piétons sans enregistrer d'images. Trois métropoles l'ont déployée en 2026.",
        "Des capteurs vidéo sans image stockée pour mesurer les mobilités douces.",
    ),
    (
        0,
        "Un assistant de rédaction des **appels d'offres publics** pour les PME, entraîné sur "
        "les cahiers des charges régionaux ; 40 entreprises l'utilisent.",
        "Un assistant qui aide les PME à répondre aux marchés publics.",
    ),
    (
        1,
        "Le **jumeau numérique** de nos lignes d'usinage anticipe les arrêts et a réduit les "
        "rebuts de 18 % en un an chez deux sous-traitants aéronautiques.",
        "Un jumeau numérique des ateliers qui réduit les rebuts de 18 %.",
    ),
    (
        1,
        "Une cellule de **contrôle qualité par vision** montée en une journée sur une ligne "
        "existante, louée au mois aux PME de la mécanique.",
        "Le contrôle qualité par vision, en location, pour les PME de la mécanique.",
    ),
    (
        2,
        "Notre offre d'**hébergement bas carbone** réutilise la chaleur de nos serveurs pour "
        "chauffer une piscine municipale ; mesure publique de l'empreinte de chaque client.",
        "Un hébergement dont la chaleur chauffe une piscine municipale.",
    ),
    (
        2,
        "Un service de **reconditionnement des postes de travail** des entreprises du "
        "cluster : 1 200 ordinateurs remis en service et un bilan carbone par client.",
        "1 200 ordinateurs d'entreprise reconditionnés et remis en service.",
    ),
]
OUTSIDER = ("Hélène Marchand", "helene.marchand@univ-demo.example", "Université de Montpellier")


def _ceremony(*, events, year: int, past: bool, today, staff_user) -> Event:
    """Last year's awards ceremony (`past`) or the next one among the seeded events, or a
    new one when the calendar has none."""
    now = timezone.now()
    for event in events:
        if event.kind != Event.Kind.AWARDS_CEREMONY:
            continue
        if (past and event.starts_at < now and event.starts_at.year == year) or (
            not past and event.starts_at > now
        ):
            return event
    day = datetime.date(year, 6, 19) if past else today + datetime.timedelta(days=75)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19)))
    # The new date joins the seeded calendar's list, which seed_demo counts.
    event = Event.objects.create(
        title_fr=f"Remise des Trophées de l'innovation {year}",
        title_en=f"Innovation awards ceremony {year}",
        slug=f"remise-trophees-innovation-{year}-{'passee' if past else 'prochaine'}",
        kind=Event.Kind.AWARDS_CEREMONY,
        audience=Event.Audience.PUBLIC,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3, minutes=30),
        venue="Centre des congrès, Montpellier",
        description_fr="La remise des **trophées de l'innovation**, suivie d'un cocktail.",
        description_en="The **innovation awards** ceremony, followed by drinks.",
        created_by=staff_user,
    )
    events.append(event)
    return event


def _edition(*, year, opens, deadline, closes, ceremony, staff_user, announced_at=None):
    edition = Edition.objects.create(
        slug=f"trophees-innovation-{year}",
        title_fr=f"Trophées de l'innovation {year}",
        title_en=f"Innovation awards {year}",
        rules_fr=RULES_FR,
        rules_en=RULES_EN,
        guidance_fr=GUIDANCE_FR,
        guidance_en=GUIDANCE_EN,
        applications_open_at=opens,
        deadline=deadline,
        scoring_closes_at=closes,
        ceremony=ceremony,
        is_published=True,
        announced_at=announced_at,
        created_by=staff_user,
    )
    categories = AwardCategory.objects.bulk_create(
        AwardCategory(edition=edition, position=position, name_fr=fr, name_en=en)
        for position, (fr, en) in enumerate(CATEGORIES, start=1)
    )
    criteria = AwardCriterion.objects.bulk_create(
        AwardCriterion(
            edition=edition,
            position=position,
            label_fr=fr,
            label_en=en,
            weight=weight,
            max_score=max_score,
        )
        for position, (fr, en, weight, max_score) in enumerate(CRITERIA, start=1)
    )
    return edition, categories, criteria


def _applicants(rng, organizations, people, *, count, first=None):
    """`count` member companies with a contact who applies (the member login's first when
    `first` is given), none twice."""
    contact_of = {}
    for contact, affiliation in people:
        contact_of.setdefault(affiliation.organization_id, contact)
    companies = [
        organization
        for organization in organizations[1:]
        if organization.lifecycle == Organization.Lifecycle.MEMBER and organization.pk in contact_of
    ]
    chosen = rng.sample(companies, min(count, len(companies)))
    if first is not None:
        chosen = [first, *chosen[: count - 1]]
    return [(organization, contact_of.get(organization.pk)) for organization in chosen]


def _applications(edition, categories, applicants, when):
    rows = []
    for (category_index, text, summary), (organization, contact) in zip(
        APPLICATIONS, applicants, strict=False
    ):
        rows.append(
            AwardApplication(
                edition=edition,
                category=categories[category_index],
                organization=organization,
                submitted_by=contact,
                presentation=text,
                public_summary=summary,
            )
        )
    rows = AwardApplication.objects.bulk_create(rows)
    AwardApplication.objects.filter(pk__in=[row.pk for row in rows]).update(created_at=when)
    return rows


def _scores(rng, juror, applications, criteria, when):
    return [
        JuryScore(
            juror=juror,
            application=application,
            criterion=criterion,
            value=rng.randint(2, criterion.max_score),
            scored_at=when,
        )
        for application in applications
        for criterion in criteria
    ]


def seed(*, rng, organizations, people, staff_user, events, today) -> dict[str, int]:
    """Seeds the awards; returns counts for seed_demo's summary."""
    now = timezone.now()
    member_contacts = [
        (contact, affiliation)
        for contact, affiliation in people[1:]
        if affiliation.organization_id != organizations[0].pk and contact.email
    ]

    # Last year's edition, announced at its ceremony.
    last_year = today.year - 1
    past_ceremony = _ceremony(
        events=events, year=last_year, past=True, today=today, staff_user=staff_user
    )
    opens = timezone.make_aware(datetime.datetime(last_year, 2, 1, 9))
    past, past_categories, past_criteria = _edition(
        year=last_year,
        opens=opens,
        deadline=timezone.make_aware(datetime.datetime(last_year, 4, 15, 23, 59)),
        closes=timezone.make_aware(datetime.datetime(last_year, 5, 31, 23, 59)),
        ceremony=past_ceremony,
        staff_user=staff_user,
        announced_at=past_ceremony.starts_at,
    )
    past_applications = _applications(
        past, past_categories, _applicants(rng, organizations, people, count=6), opens
    )
    past_jurors = Juror.objects.bulk_create(
        [
            Juror(
                edition=past,
                contact=contact,
                name=contact.full_name,
                email=contact.email,
                organization_name=affiliation.organization.name,
                preferred_language=contact.preferred_language,
                conflicts_declared_at=opens,
                invited_at=opens,
            )
            for contact, affiliation in member_contacts[-2:]
        ]
        + [
            Juror(
                edition=past,
                name=OUTSIDER[0],
                email=OUTSIDER[1],
                organization_name=OUTSIDER[2],
                conflicts_declared_at=opens,
                invited_at=opens,
            )
        ]
    )
    juror_orgs = {affiliation.organization_id for _contact, affiliation in member_contacts[-2:]}
    scores = []
    for juror in past_jurors:
        visible = [a for a in past_applications if a.organization_id not in juror_orgs]
        scores += _scores(rng, juror, visible, past_criteria, opens)
    JuryScore.objects.bulk_create(scores)
    # The first of each category wins; the second of "Industrie du futur" gets a mention.
    results = {}
    for application in past_applications:
        results.setdefault(application.category_id, []).append(application)
    for position, (_category, applications) in enumerate(results.items()):
        for rank, application in enumerate(applications):
            if rank == 0:
                application.result = AwardApplication.Result.WINNER
            elif position == 1:
                application.result = AwardApplication.Result.MENTION
            else:
                application.result = AwardApplication.Result.NOT_SELECTED
    AwardApplication.objects.bulk_update(past_applications, ["result"])
    AwardCategory.objects.filter(pk=past_categories[0].pk).update(
        deliberation="Choix unanime : un produit déjà déployé, sobre et respectueux de la vie "
        "privée."
    )

    # This year's edition, open, partly scored.
    year = today.year
    # Whole days, as staff set them: opened at 9:00, closing at 23:59.
    opens = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=20), datetime.time(9))
    )
    deadline = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=25), datetime.time(23, 59))
    )
    edition, categories, criteria = _edition(
        year=year,
        opens=opens,
        deadline=deadline,
        closes=deadline + datetime.timedelta(days=30),
        ceremony=_ceremony(
            events=events, year=year, past=False, today=today, staff_user=staff_user
        ),
        staff_user=staff_user,
    )
    applicants = _applicants(rng, organizations, people, count=6, first=organizations[0])
    applicants[0] = (organizations[0], people[0][0])
    applications = _applications(edition, categories, applicants, opens)

    # A member of the register, an outsider, and a member who declares a conflict with one
    # applicant (a former employer); each has scored the first applications they see.
    seats = [(contact, affiliation) for contact, affiliation in member_contacts[:2]]
    jurors = [
        Juror(
            edition=edition,
            contact=contact,
            name=contact.full_name,
            email=contact.email,
            organization_name=affiliation.organization.name,
            preferred_language=contact.preferred_language,
            conflicts_declared_at=opens + datetime.timedelta(days=2),
            invited_at=opens,
        )
        for contact, affiliation in seats
    ]
    jurors.insert(
        1,
        Juror(
            edition=edition,
            name=OUTSIDER[0],
            email=OUTSIDER[1],
            organization_name=OUTSIDER[2],
            conflicts_declared_at=opens + datetime.timedelta(days=3),
            invited_at=opens,
        ),
    )
    jurors = Juror.objects.bulk_create(jurors)
    hidden = {
        juror.pk: {affiliation.organization_id}
        for juror, (_contact, affiliation) in zip(
            [juror for juror in jurors if juror.contact_id], seats, strict=True
        )
    }
    if len(jurors) == 3 and len(applications) > 2:
        conflict_with = applications[2]
        JurorConflict.objects.create(juror=jurors[2], organization_id=conflict_with.organization_id)
        hidden[jurors[2].pk].add(conflict_with.organization_id)
    scores = []
    for index, juror in enumerate(jurors):
        visible = [a for a in applications if a.organization_id not in hidden.get(juror.pk, ())]
        scores += _scores(rng, juror, visible[: 4 - index], criteria, now)
    JuryScore.objects.bulk_create(scores)
    return {
        "award_editions": 2,
        "award_applications": len(past_applications) + len(applications),
        "award_jurors": len(past_jurors) + len(jurors),
    }


def flush() -> None:
    """Deletes the awards rows before a new seeding."""
    JuryScore.objects.all().delete()
    JurorConflict.objects.all().delete()
    Juror.objects.all().delete()
    AwardApplication.objects.all().delete()
    Edition.objects.all().delete()
