"""Demo needs, offers and introductions: see collaboration.demo.

The member login's organization (organizations[0]) has a need with suggested partners, a
request received waiting for its answer and an accepted introduction; the other states
(declined, withdrawn, made by staff) are spread over other members. Accepted introductions
are in both organizations' CRM history, as the service leaves them; no email is sent."""

import datetime

from django.utils import timezone

from collaboration.models import DigestSubscription, Introduction, Post
from collaboration.selectors.matching import post_suggestions
from collaboration.services.introductions import introduction_log
from members.models import Competence, Organization, Sector

# (kind, category, title, description, competences, sectors, days ago, days left)
POSTS = [
    (
        "need",
        "partner",
        "Recherche partenaire cybersécurité pour un client industriel",
        "Un client industriel (usinage, 250 salariés) nous confie la refonte de son réseau "
        "d'atelier. Nous cherchons un partenaire **cybersécurité OT** pour l'audit initial et "
        "la segmentation, sur 3 mois à partir de février.\n\n- audit IEC 62443\n"
        "- accompagnement à la mise en conformité NIS 2",
        ["Cybersécurité", "Réseaux et télécoms", "Objets connectés"],
        ["Industrie", "Énergie et environnement"],
        3,
        60,
    ),
    (
        "offer",
        "equipment",
        "Mutualisation d'un banc d'essai 5G",
        "Notre banc d'essai 5G privée (bande 3,8 GHz, cœur de réseau local) est disponible "
        "deux jours par semaine. Idéal pour tester des objets connectés industriels avant "
        "déploiement. Tarif adhérent au coût de revient.",
        ["Réseaux et télécoms", "Objets connectés"],
        ["Industrie", "Transport et logistique"],
        5,
        90,
    ),
    (
        "offer",
        "premises",
        "Locaux partagés à Toulouse",
        "Trois postes de travail et une salle de réunion disponibles dans nos locaux de "
        "Montaudran, à partager avec une jeune entreprise du numérique. Accès au fablab inclus.",
        ["Développement web et mobile"],
        ["Aéronautique et spatial"],
        2,
        45,
    ),
    (
        "need",
        "pooled_purchase",
        "Achat groupé de licences",
        "Nous organisons un achat groupé de licences de suites bureautiques et d'outils de "
        "supervision pour obtenir le tarif grand compte. Déjà 6 adhérents intéressés : "
        "rejoignez-nous avant fin janvier.",
        ["Cloud et infogérance", "ERP et CRM"],
        ["Commerce et distribution"],
        6,
        40,
    ),
    (
        "need",
        "know_how",
        "Expertise en IA embarquée pour un dispositif médical",
        "Start-up en santé, nous cherchons un savoir-faire en **IA embarquée** (inférence "
        "sur microcontrôleur) pour un dispositif de surveillance à domicile.",
        ["Intelligence artificielle", "Logiciel embarqué"],
        ["Santé"],
        1,
        75,
    ),
    (
        "offer",
        "know_how",
        "Accompagnement à l'écoconception de services numériques",
        "Nous proposons un diagnostic d'écoconception (RGESN) d'une journée aux adhérents, "
        "suivi d'un plan d'action chiffré.",
        ["Numérique responsable", "Design UX/UI"],
        ["Secteur public", "Tourisme et culture"],
        9,
        120,
    ),
    (
        "need",
        "partner",
        "Consortium pour un appel à projets jumeau numérique",
        "Nous montons un consortium pour un appel à projets régional sur le jumeau numérique "
        "des réseaux d'eau. Recherchons un laboratoire et une PME en données.",
        ["Données et décisionnel", "Calcul haute performance"],
        ["Énergie et environnement", "Bâtiment et ville durable"],
        4,
        30,
    ),
    (
        "offer",
        "equipment",
        "Casques de réalité virtuelle à prêter",
        "Dix casques autonomes disponibles pour vos démonstrations sur salon ou vos "
        "formations, prêtés à la semaine.",
        ["Réalité virtuelle et augmentée", "Formation au numérique"],
        ["Éducation et formation", "Tourisme et culture"],
        12,
        20,
    ),
    (
        "need",
        "other",
        "Stagiaire développeur partagé entre deux PME",
        "Deux entreprises voisines cherchent à accueillir ensemble un alternant développeur "
        "web : qui a l'expérience d'un tel montage ?",
        ["Développement web et mobile", "Formation au numérique"],
        ["Éducation et formation"],
        15,
        -3,
    ),
    (
        "offer",
        "know_how",
        "Retour d'expérience : déployer un ERP en PME industrielle",
        "Nous avons déployé un ERP libre en 8 mois dans une PME de 80 salariés ; nous "
        "partageons volontiers le cahier des charges et les écueils rencontrés.",
        ["ERP et CRM", "Données et décisionnel"],
        ["Industrie"],
        20,
        100,
    ),
]

MESSAGES = [
    "Bonjour, votre besoin correspond exactement à notre offre d'audit. Pouvons-nous en "
    "parler la semaine prochaine ?",
    "Nous avons un projet proche et serions ravis d'échanger sur une collaboration.",
    "Bonjour, nous aimerions utiliser votre banc d'essai pour une campagne de tests en mars.",
    "Notre équipe a mené un projet similaire ; un premier appel de 30 minutes vous irait-il ?",
    "Intéressés par l'achat groupé, pour une quinzaine de postes.",
]


def _terms(model, names: list[str]) -> list:
    by_name = {term.name_fr: term for term in model.objects.filter(name_fr__in=names)}
    return [by_name[name] for name in names if name in by_name]


def _contact_of(people, organization):
    for contact, affiliation in people:
        if affiliation.organization_id == organization.pk:
            return contact
    return None


def introductions_seed(*, rng, organizations, people, staff_user, today) -> dict[str, int]:
    members = [
        organization
        for organization in organizations
        if organization.lifecycle == Organization.Lifecycle.MEMBER
    ]
    if len(members) < 8:
        return {}
    home = organizations[0]
    others = [organization for organization in members if organization.pk != home.pk]
    now = timezone.now()

    posts = []
    for index, (kind, category, title, description, competences, sectors, ago, left) in enumerate(
        POSTS
    ):
        # The first need and the 5G test bench are the member login's: the need has
        # suggestions to show, the test bench a request waiting for an answer.
        organization = home if index < 2 else rng.choice(others)
        post = Post.objects.create(
            organization=organization,
            author=_contact_of(people, organization),
            kind=kind,
            category=category,
            title=title,
            description=description,
            expires_on=today + datetime.timedelta(days=left),
        )
        post.competences.set(_terms(Competence, competences))
        post.sectors.set(_terms(Sector, sectors))
        Post.objects.filter(pk=post.pk).update(created_at=now - datetime.timedelta(days=ago))
        posts.append(post)

    picked = rng.sample(others, 7)
    introductions = []
    open_pairs = set()

    def introduce(requester, target, status, *, post=None, days=3, made_by=None):
        pair = frozenset((requester.pk, target.pk))
        if requester.pk == target.pk or pair in open_pairs:
            # Two organizations have one pending or accepted introduction at most.
            return
        if status in ("pending", "accepted"):
            open_pairs.add(pair)
        introduction = Introduction.objects.create(
            requester=requester,
            requested_by=_contact_of(people, requester),
            target=target,
            post=post,
            message="" if made_by else rng.choice(MESSAGES),
            status=status,
            made_by=made_by,
            decided_by=_contact_of(people, target) if status in ("accepted", "declined") else None,
            decided_at=now - datetime.timedelta(days=days - 1) if status != "pending" else None,
        )
        Introduction.objects.filter(pk=introduction.pk).update(
            created_at=now - datetime.timedelta(days=days)
        )
        if status == Introduction.Status.ACCEPTED:
            introduction_log(introduction=introduction, author=made_by)
        introductions.append(introduction)

    # The member login: one request received waiting, one accepted after its need.
    introduce(picked[0], home, "pending", post=posts[1], days=2)
    # The accepted one went to the best suggestion of the login's need, as a member would.
    suggested = [s.organization for s in post_suggestions(post=posts[0])]
    partner = next((o for o in suggested if o.pk != picked[0].pk), picked[1])
    introduce(home, partner, "accepted", post=posts[0], days=3)
    introduce(picked[2], posts[2].organization, "declined", post=posts[2], days=8)
    introduce(picked[3], posts[3].organization, "withdrawn", post=posts[3], days=5)
    introduce(picked[4], posts[4].organization, "pending", post=posts[4], days=1)
    introduce(picked[5], picked[6], "accepted", days=10, made_by=staff_user)
    introduce(picked[6], posts[5].organization, "accepted", post=posts[5], days=6)

    subscribers = [contact for contact, _affiliation in people[:40:4]]
    for contact in subscribers:
        DigestSubscription.objects.get_or_create(contact=contact)
    return {
        "needs and offers": len(posts),
        "introductions": len(introductions),
        "digest subscriptions": len(subscribers),
    }
