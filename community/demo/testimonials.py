"""Demo data of community's testimonials and success stories.

Three testimonials online, each on a consent recorded by the staff login: the member login
(the founder of the first member company), who found a client through the cluster; the IT
director of a larger company on the cybersecurity working group; the director of a
university laboratory. A fourth was online until its author withdrew their consent by the
link of their email: it stays down, its consent history kept. Three success stories link
organizations of the register, one of them to a labelled collaborative project."""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from faker.providers.person.en_GB import Provider as BritishNames
from faker.providers.person.fr_FR import Provider as FrenchNames

from collaboration.models import Project
from community.models import SuccessStory, Testimonial, TestimonialConsent
from members.models import Organization

Kind = Organization.Kind

TESTIMONIALS = [
    # (kinds looked for, role (said by a man, by a woman), quote FR, quote EN)
    (
        None,
        ("Fondateur et président", "Fondatrice et présidente"),
        "Lors d'une matinale du cluster, j'ai rencontré le directeur industriel d'une ETI de "
        "la région. Trois mois plus tard, il devenait notre premier client grand compte. Sans "
        "le réseau, nous aurions mis deux ans à obtenir ce rendez-vous.",
        "At one of the cluster's breakfast meetings I met the industrial director of a "
        "mid-sized company of the region. Three months later he was our first key account. "
        "Without the network, getting that meeting would have taken us two years.",
    ),
    (
        (Kind.COMPANY,),
        ("Directeur des systèmes d'information", "Directrice des systèmes d'information"),
        "Le groupe de travail cybersécurité nous a permis de comparer nos pratiques avec des "
        "pairs, sans langue de bois. Nous avons mutualisé un audit et un exercice de crise "
        "avec deux autres adhérents : impossible seuls, à ce coût-là.",
        "The cybersecurity working group let us compare our practices with peers, candidly. "
        "We pooled an audit and a crisis exercise with two other members: impossible alone, "
        "at that cost.",
    ),
    (
        (Kind.RESEARCH_LAB, Kind.UNIVERSITY),
        ("Directeur de laboratoire", "Directrice de laboratoire"),
        "Le cluster est notre porte d'entrée vers les PME du numérique. Deux thèses CIFRE et "
        "un projet collaboratif sont nés de ses débats thématiques.",
        "",
    ),
]
WITHDRAWN = (
    ("Responsable marketing", "Responsable marketing"),
    "Les rencontres du cluster ont changé notre façon de prospecter.",
)
STORIES = [
    (
        SuccessStory.Kind.PROJECT,
        "Maintenance prédictive : trois PME, un modèle commun",
        "Predictive maintenance: three SMEs, one shared model",
        "Né d'un appel à projets du cluster, le projet réunit un intégrateur, un fabricant de "
        "capteurs et un laboratoire. **Résultat** : 30 % d'arrêts non planifiés en moins "
        "chez les utilisateurs pilotes, et une offre commune présentée au salon Global "
        "Industrie.",
        "Born from one of the cluster's calls, the project brings together an integrator, a "
        "sensor maker and a laboratory. **Result**: 30% fewer unplanned stops at the pilot "
        "users, and a joint offer shown at the Global Industrie fair.",
    ),
    (
        SuccessStory.Kind.PARTNERSHIP,
        "Un centre de services cybersécurité mutualisé",
        "",
        "Quatre adhérents du groupe de travail cybersécurité ont créé ensemble un centre de "
        "supervision pour les PME du territoire :\n\n- veille et alertes partagées ;\n"
        "- astreinte commune ;\n- tarifs négociés pour les adhérents.",
        "",
    ),
    (
        SuccessStory.Kind.AWARD,
        "Prix régional de l'innovation numérique",
        "Regional digital innovation award",
        "Accompagnée par le cluster pour son dossier, une jeune entreprise adhérente a "
        "remporté le prix régional de l'innovation numérique pour sa plateforme "
        "d'optimisation énergétique des bâtiments tertiaires.",
        "Coached by the cluster on its application, a young member company won the regional "
        "digital innovation award for its energy optimisation platform for office buildings.",
    ),
]


# French titles agree with the person: the register's names come from Faker's French and
# British lists, whose women's first names tell which title a contact takes.
_WOMEN_FIRST_NAMES = frozenset(FrenchNames.first_names_female) | frozenset(
    BritishNames.first_names_female
)


def _role_of(contact, roles: tuple[str, str]) -> str:
    return roles[1] if contact.first_name in _WOMEN_FIRST_NAMES else roles[0]


def _pick(organizations, kinds, taken):
    for organization in organizations:
        if organization.pk in taken:
            continue
        if organization.lifecycle not in (
            Organization.Lifecycle.MEMBER,
            Organization.Lifecycle.PARTNER,
        ):
            continue
        if kinds is None or organization.kind in kinds:
            return organization
    return None


def _person_of(people, organization):
    for contact, affiliation in people:
        if affiliation.organization_id == organization.pk:
            return contact
    return None


def seed(*, rng, organizations, people, staff_user, events, today) -> dict[str, int]:
    """Seeds the testimonials and success stories; returns counts for seed_demo's summary."""
    now = timezone.now()
    taken: set[int] = set()
    testimonials = 0
    for index, (kinds, role, quote_fr, quote_en) in enumerate(TESTIMONIALS):
        # The first one is the member login's, so that its space shows it.
        organization = organizations[0] if index == 0 else _pick(organizations, kinds, taken)
        if organization is None:
            continue
        taken.add(organization.pk)
        contact = people[0][0] if index == 0 else _person_of(people, organization)
        if contact is None:
            continue
        published_at = now - datetime.timedelta(days=20 + 30 * index)
        testimonial = Testimonial.objects.create(
            quote_fr=quote_fr,
            quote_en=quote_en,
            person_name=f"{contact.first_name} {contact.last_name}",
            role=_role_of(contact, role),
            organization=organization,
            contact=contact,
            email=contact.email,
            language=contact.preferred_language or "fr",
            published_at=published_at,
            created_by=staff_user,
        )
        # Recorded before its consent and its publication, as it happened.
        Testimonial.objects.filter(pk=testimonial.pk).update(
            created_at=published_at - datetime.timedelta(days=10)
        )
        given_on = (published_at - datetime.timedelta(days=3)).date()
        TestimonialConsent.objects.create(
            testimonial=testimonial,
            method=rng.choice(list(TestimonialConsent.Method.values)),
            given_on=given_on,
            text_version=f"Citation validée le {given_on:%d/%m/%Y}",
            recorded_by=staff_user,
        )
        testimonials += 1

    organization = _pick(organizations, None, taken)
    contact = _person_of(people, organization) if organization else None
    if contact is not None:
        role, quote = WITHDRAWN
        withdrawn = Testimonial.objects.create(
            quote_fr=quote,
            person_name=f"{contact.first_name} {contact.last_name}",
            role=_role_of(contact, role),
            organization=organization,
            contact=contact,
            email=contact.email,
            created_by=staff_user,
        )
        Testimonial.objects.filter(pk=withdrawn.pk).update(
            created_at=now - datetime.timedelta(days=125)
        )
        TestimonialConsent.objects.create(
            testimonial=withdrawn,
            method=TestimonialConsent.Method.EMAIL,
            given_on=today - datetime.timedelta(days=120),
            text_version="Citation envoyée par e-mail",
            recorded_by=staff_user,
            withdrawn_at=now - datetime.timedelta(days=15),
            withdrawal_method=TestimonialConsent.WithdrawalMethod.PERSONAL_LINK,
        )
        testimonials += 1

    project = (
        Project.objects.filter(stage__in=[Project.Stage.LABELLED, Project.Stage.RUNNING])
        .order_by("pk")
        .first()
    )
    members = [o for o in organizations if o.lifecycle == Organization.Lifecycle.MEMBER]
    stories = 0
    for index, (kind, title_fr, title_en, text_fr, text_en) in enumerate(STORIES):
        story = SuccessStory.objects.create(
            kind=kind,
            slug=slugify(title_fr)[:200],
            title_fr=title_fr,
            title_en=title_en,
            body_fr=text_fr,
            body_en=text_en,
            project=project if kind == SuccessStory.Kind.PROJECT else None,
            is_published=True,
            published_at=now - datetime.timedelta(days=10 + 40 * index),
            created_by=staff_user,
        )
        if kind == SuccessStory.Kind.PROJECT and project is not None:
            involved = list(
                Organization.objects.filter(project_participations__project=project).distinct()
            ) + [project.lead]
        else:
            involved = rng.sample(members, k=min(len(members), 4 if index == 1 else 1))
        story.organizations.set({organization.pk for organization in involved})
        stories += 1
    return {"testimonials": testimonials, "success_stories": stories}


def flush() -> None:
    """Deletes the testimonials and stories before a new seeding."""
    SuccessStory.objects.all().delete()
    Testimonial.objects.all().delete()
