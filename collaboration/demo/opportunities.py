"""Demo opportunities: see collaboration.demo. Members' internships, work-study places, jobs
and trainings built with schools, in every state of moderation (a few expired, so the board
shows that they leave it), and the funding opportunities the team publishes."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from collaboration.models import Opportunity
from collaboration.services.opportunities import search_document_of

Kind = Opportunity.Kind
Status = Opportunity.Status

# (kind, title, description, place, region code, starts in days)
MEMBER_OFFERS = [
    (
        Kind.INTERNSHIP,
        "Stage développeur·se Python — 6 mois",
        "Au sein de l'équipe produit, vous développez les API de notre plateforme "
        "(Django, PostgreSQL) et participez aux revues de code.\n\n"
        "- Bac+4/5 en informatique\n- Gratification selon la grille légale\n"
        "- Télétravail deux jours par semaine",
        "Toulouse",
        "76",
        90,
    ),
    (
        Kind.INTERNSHIP,
        "Stage data analyst — 4 à 6 mois",
        "Vous construisez les tableaux de bord de nos clients industriels et fiabilisez "
        "les flux de données des capteurs.\n\n- Python, SQL, notions de statistiques",
        "Montpellier",
        "76",
        75,
    ),
    (
        Kind.INTERNSHIP,
        "Stage assistant·e marketing digital",
        "Animation des réseaux sociaux, préparation des salons professionnels et "
        "rédaction de cas clients.",
        "Albi",
        "76",
        60,
    ),
    (
        Kind.INTERNSHIP,
        "Stage ingénieur·e systèmes embarqués",
        "Conception et test de cartes électroniques pour l'instrumentation agricole "
        "(C, FreeRTOS, bancs de test).",
        "Castres",
        "76",
        100,
    ),
    (
        Kind.WORK_STUDY,
        "Alternance chef·fe de projet web (Bac+3 à Bac+5)",
        "Rythme trois semaines en entreprise, une semaine à l'école. Vous pilotez les "
        "refontes de sites de nos clients avec l'équipe de développement.",
        "Toulouse",
        "76",
        240,
    ),
    (
        Kind.WORK_STUDY,
        "Alternance technicien·ne réseaux et cybersécurité",
        "Vous participez au déploiement et à la supervision des réseaux de nos clients "
        "PME, en binôme avec un ingénieur.",
        "Nîmes",
        "76",
        250,
    ),
    (
        Kind.WORK_STUDY,
        "Alternance commercial·e B2B — solutions industrielles",
        "Prospection, rendez-vous clients et suivi des propositions commerciales.",
        "Perpignan",
        "76",
        240,
    ),
    (
        Kind.JOB,
        "Développeur·se full-stack Django — CDI",
        "Vous rejoignez une équipe de six développeurs sur un produit SaaS utilisé par "
        "300 collectivités.\n\n- 3 ans d'expérience\n- 42 à 50 k€ selon profil",
        "Toulouse",
        "76",
        30,
    ),
    (
        Kind.JOB,
        "Ingénieur·e DevOps — CDI",
        "Kubernetes, Terraform, observabilité : vous faites évoluer notre infrastructure "
        "hébergée en France.",
        "Montpellier",
        "76",
        45,
    ),
    (
        Kind.JOB,
        "Technicien·ne de maintenance industrielle — CDD 12 mois",
        "Maintenance préventive et curative de nos lignes d'assemblage, travail en équipe.",
        "Rodez",
        "76",
        20,
    ),
    (
        Kind.JOB,
        "Responsable ressources humaines — CDI",
        "Recrutement, formation et relations sociales d'une PME de 80 personnes.",
        "Bordeaux",
        "75",
        60,
    ),
    (
        Kind.TRAINING,
        "Cybersécurité pour les PME — formation avec l'IUT de Toulouse",
        "Trois jours pour sécuriser son système d'information : sauvegardes, "
        "authentification, sensibilisation des équipes. Éligible au plan de "
        "développement des compétences.",
        "Toulouse",
        "76",
        40,
    ),
    (
        Kind.TRAINING,
        "IA générative appliquée à l'industrie — avec l'ENSEEIHT",
        "Un cycle de quatre demi-journées construit avec l'école pour les équipes "
        "techniques des adhérents : cas d'usage, limites, mise en œuvre.",
        "Toulouse",
        "76",
        55,
    ),
    (
        Kind.TRAINING,
        "Conformité RGPD — certificat universitaire",
        "Formation courte avec la faculté de droit de Montpellier, en présentiel et à distance.",
        "Montpellier",
        "76",
        70,
    ),
]

# (title, funder, scope, description, link)
FUNDING = [
    (
        "Région Occitanie — Readynov",
        "Région Occitanie",
        Opportunity.Scope.REGIONAL,
        "Soutien aux projets collaboratifs de R&D entre entreprises et laboratoires "
        "d'Occitanie, jusqu'au prototype.",
        "https://www.laregion.fr/",
    ),
    (
        "Bpifrance — i-Nov",
        "Bpifrance",
        Opportunity.Scope.NATIONAL,
        "Concours d'innovation de France 2030 pour les projets portés par des start-up "
        "et PME, entre 600 k€ et 5 M€.",
        "https://www.bpifrance.fr/",
    ),
    (
        "Horizon Europe — Cluster 4 « Numérique, industrie et espace »",
        "Commission européenne",
        Opportunity.Scope.EUROPEAN,
        "Appels à projets collaboratifs européens : consortiums d'au moins trois pays. "
        "Le cluster aide à trouver des partenaires.",
        "https://ec.europa.eu/",
    ),
    (
        "France 2030 — Industrialisation et capacités santé",
        "Bpifrance",
        Opportunity.Scope.NATIONAL,
        "Aide aux investissements productifs des PME et ETI.",
        "https://www.bpifrance.fr/",
    ),
    (
        "Région Occitanie — Pass Occitanie",
        "Région Occitanie",
        Opportunity.Scope.REGIONAL,
        "Subvention ou avance remboursable pour les premiers projets de développement "
        "des TPE et PME.",
        "https://www.laregion.fr/",
    ),
]


def opportunities_seed(*, rng, organizations, people, staff_user, today) -> dict[str, int]:
    """The member login's organization (first of `people`) posts three offers (published,
    waiting, rejected) so its space shows each state; the others are drawn from the members.
    A few offers have expired and one is withdrawn: none of them is on the board."""
    now = timezone.now()
    member_contact, member_affiliation = people[0]
    # States by position: the member login's three first, then a few pending, one
    # withdrawn, three expired; the rest published.
    states = {0: Status.PUBLISHED, 1: Status.PENDING, 2: Status.REJECTED}
    states.update({5: Status.PENDING, 9: Status.PENDING, 12: Status.WITHDRAWN})
    expired = {3, 7, 10}
    rows = []
    for index, (kind, title, description, place, region, starts_in) in enumerate(MEMBER_OFFERS):
        if index < 3:
            contact, affiliation = member_contact, member_affiliation
        else:
            contact, affiliation = rng.choice(people[1:] or people)
        organization = affiliation.organization
        status = states.get(index, Status.PUBLISHED)
        posted_days_ago = rng.randint(2, 40)
        if index in expired:
            expires_on = today - datetime.timedelta(days=rng.randint(1, 20))
            posted_days_ago += 60
        else:
            expires_on = today + datetime.timedelta(days=rng.randint(10, 75))
        posted_at = now - datetime.timedelta(days=posted_days_ago, hours=rng.randint(0, 9))
        moderated_at = posted_at + datetime.timedelta(days=1)
        domain = organization.slug[:30] or "entreprise"
        rows.append(
            (
                Opportunity(
                    kind=kind,
                    slug=f"{slugify(title)[:180]}-{index + 1}",
                    title=title,
                    description=description,
                    organization=organization,
                    location=place,
                    region=region,
                    apply_url=(
                        f"https://www.{domain}.example.fr/recrutement" if index % 3 == 0 else ""
                    ),
                    apply_email=f"recrutement@{domain}.example.fr" if index % 3 else "",
                    starts_on=today + datetime.timedelta(days=starts_in),
                    expires_on=expires_on,
                    status=status,
                    poster=contact,
                    posted_by=contact.user,
                    moderated_by=staff_user if status != Status.PENDING else None,
                    moderated_at=moderated_at if status != Status.PENDING else None,
                    moderation_note=(
                        "Merci de préciser la gratification et la durée du stage."
                        if status == Status.REJECTED
                        else ""
                    ),
                    published_at=moderated_at
                    if status in (Status.PUBLISHED, Status.WITHDRAWN)
                    else None,
                ),
                posted_at,
            )
        )
    for index, (title, funder, scope, description, link) in enumerate(FUNDING):
        published_at = now - datetime.timedelta(days=rng.randint(1, 50))
        rows.append(
            (
                Opportunity(
                    kind=Kind.FUNDING,
                    slug=f"{slugify(title)[:180]}-f{index + 1}",
                    title=title,
                    description=description,
                    funder=funder,
                    scope=scope,
                    region="76" if scope == Opportunity.Scope.REGIONAL else "",
                    apply_url=link,
                    # The last one closed a few days ago.
                    expires_on=today
                    + datetime.timedelta(
                        days=-3 if index == len(FUNDING) - 1 else rng.randint(20, 150)
                    ),
                    status=Status.PUBLISHED,
                    posted_by=staff_user,
                    moderated_by=staff_user,
                    moderated_at=published_at,
                    published_at=published_at,
                ),
                published_at,
            )
        )
    for opportunity, _posted_at in rows:
        opportunity.search_document = search_document_of(opportunity)
        opportunity.first_published_at = opportunity.published_at
        opportunity.save()
    # When each was posted (created_at is set on insert): one update per row, a few dozen.
    for opportunity, posted_at in rows:
        Opportunity.objects.filter(pk=opportunity.pk).update(created_at=posted_at)
    on_board = Opportunity.objects.on_board(today).count()
    return {"opportunities": len(rows), "opportunities on the board": on_board}
