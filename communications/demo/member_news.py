"""Demo member news: what member companies told the cluster. Four published (one of them
the demo member's organization's, one featured on the home page), two waiting for
moderation, one rejected with the team's note."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from communications.models import NewsArticle

PARIS = ZoneInfo("Europe/Paris")
Kind = NewsArticle.Kind
Moderation = NewsArticle.Moderation

# (days ago, kind, moderation, French title, English title, French summary, French body,
#  link, note)
MEMBER_NEWS = [
    (
        2,
        Kind.PRODUCT,
        Moderation.PUBLISHED,
        "Une plateforme de traçabilité pour les circuits courts",
        "A traceability platform for short supply chains",
        "Notre nouvelle solution suit les produits du producteur au consommateur, sans ressaisie.",
        "Après dix-huit mois de développement avec trois coopératives de l'Hérault, nous "
        "lançons **TraceCourt**, une plateforme qui suit chaque lot du champ à l'étal.\n\n"
        "- étiquettes QR générées à la récolte ;\n"
        "- tableau de bord partagé avec les distributeurs ;\n"
        "- export des données pour les labels bio.\n\n"
        "Une démonstration est prévue au prochain débat thématique du cluster.",
        "https://www.example.org/tracecourt",
        "",
    ),
    (
        5,
        Kind.HIRE,
        Moderation.PUBLISHED,
        "Nous recrutons cinq développeurs à Montpellier",
        "",
        "Cinq postes en CDI ouverts pour accompagner notre croissance sur le marché de la santé.",
        "Notre équipe passe de 18 à 23 personnes d'ici le printemps. Nous cherchons :\n\n"
        "- trois développeurs back-end (Python, PostgreSQL) ;\n"
        "- un développeur mobile ;\n"
        "- un ingénieur DevOps.\n\n"
        "Télétravail partiel possible, locaux au cœur du quartier Port Marianne.",
        "https://www.example.org/carrieres",
        "",
    ),
    (
        9,
        Kind.SUCCESS,
        Moderation.PUBLISHED,
        "Contrat signé avec la Région pour la dématérialisation des aides",
        "Contract signed with the Region to take grant applications online",
        "Au terme d'un appel d'offres, nous accompagnerons la Région pendant trois ans.",
        "Nous sommes fiers d'annoncer la signature d'un marché de trois ans avec la Région "
        "pour la dématérialisation des demandes d'aides aux entreprises.\n\n"
        "Ce projet mobilisera une équipe de huit personnes et deux partenaires du cluster.",
        "",
        "",
    ),
    (
        20,
        Kind.OTHER,
        Moderation.PUBLISHED,
        "Nos nouveaux locaux à Toulouse Montaudran",
        "Our new offices in Toulouse Montaudran",
        "Nous emménageons dans un espace de 600 m² ouvert aux membres du cluster.",
        "Depuis lundi, toute l'équipe travaille dans nos nouveaux locaux de Montaudran. Une "
        "salle de réunion de 40 places est à la disposition des membres du cluster pour leurs "
        "ateliers : écrivez-nous pour la réserver.",
        "",
        "",
    ),
    (
        1,
        Kind.PRODUCT,
        Moderation.PENDING,
        "Version 3 de notre outil de cartographie des compétences",
        "",
        "Une interface repensée et l'import des fiches de poste.",
        "La version 3 apporte une interface repensée, l'import des fiches de poste au format "
        "PDF et un export vers les SIRH du marché.",
        "",
        "",
    ),
    (
        0,
        Kind.SUCCESS,
        Moderation.PENDING,
        "Lauréats du concours i-Nov",
        "",
        "Notre projet de détection d'anomalies sur réseaux électriques est primé.",
        "Notre projet, mené avec le laboratoire LIRMM, fait partie des lauréats de la dernière "
        "vague du concours i-Nov. Il recevra un financement de 450 000 euros sur deux ans.",
        "",
        "",
    ),
    (
        6,
        Kind.OTHER,
        Moderation.REJECTED,
        "Promotion de fin d'année : -30 % sur nos licences",
        "",
        "Profitez de notre offre exceptionnelle jusqu'au 31 décembre.",
        "Pour toute licence achetée avant le 31 décembre, bénéficiez de 30 % de remise.",
        "",
        "Les actualités des membres ne relaient pas d'offres commerciales. Parlez-nous plutôt "
        "d'un client que l'outil a aidé : nous publierons volontiers ce témoignage.",
    ),
]


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), 0)), PARIS)


def member_news_seed(*, rng: random.Random, people: list, staff_user, today: date) -> int:
    """The news above, each from another member company; the first from the demo member's
    organization (`people[0]`), which its admin submitted."""
    admins = [
        (contact, affiliation)
        for contact, affiliation in people
        if affiliation is not None
        and affiliation.access == affiliation.Access.ADMIN
        and affiliation.organization.lifecycle == affiliation.organization.Lifecycle.MEMBER
    ]
    seen: set[int] = set()
    submitters = []
    for contact, affiliation in admins:
        if affiliation.organization_id not in seen:
            seen.add(affiliation.organization_id)
            submitters.append((contact, affiliation.organization))
    if not submitters:
        return 0
    articles = []
    for index, row in enumerate(MEMBER_NEWS):
        days_ago, kind, moderation, title_fr, title_en, summary_fr, body_fr, link, note = row
        contact, organization = submitters[index % len(submitters)]
        submitted_at = _moment(today - timedelta(days=days_ago + 1), rng)
        decided_at = submitted_at + timedelta(hours=rng.randint(2, 20))
        published = moderation == Moderation.PUBLISHED
        articles.append(
            NewsArticle(
                organization=organization,
                submitted_by=contact,
                created_by_id=contact.user_id,
                kind=kind,
                moderation=moderation,
                title_fr=title_fr,
                title_en=title_en,
                slug=f"actualite-membre-{index + 1}",
                summary_fr=summary_fr,
                body_fr=body_fr,
                link=link,
                submitted_at=submitted_at,
                is_published=published,
                published_at=decided_at if published else submitted_at,
                moderated_by=staff_user if moderation != Moderation.PENDING else None,
                moderated_at=decided_at if moderation != Moderation.PENDING else None,
                moderation_note=note,
                revision=1,
                # The latest news of the demo member's company is on the home page.
                is_featured=index == 0,
            )
        )
    return len(NewsArticle.objects.bulk_create(articles))
