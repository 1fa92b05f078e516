"""Demo data of the communications app for `manage.py seed_demo`: news (and member
companies' news, communications/demo/member_news.py), the press room
(releases, press kit, gated brochure, logos, media coverage), the communication plan
with its indicators and a history of measurements, newsletter subscribers and sent
newsletters, and the FAQ (communications/demo/faq.py).

Dates are relative to today, like the events': this year's figures are always there."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from communications.demo.faq import faq_seed
from communications.demo.member_news import member_news_seed
from communications.models import (
    Action,
    DownloadRequest,
    FaqEntry,
    Indicator,
    Measurement,
    MediaCoverage,
    NewsArticle,
    Newsletter,
    Objective,
    PressAsset,
    PressRelease,
    Subscriber,
    Target,
)
from communications.services.content import (
    DOWNLOAD_CONSENT_TEXT_VERSION,
    press_asset_save,
    press_release_save,
)
from communications.services.indicators import measurements_snapshot
from members.models import ConsentRecord

PARIS = ZoneInfo("Europe/Paris")
Metric = Indicator.Metric

# (days ago, French title, English title, French summary, English summary, French Markdown body)
NEWS = [
    (
        3,
        "Douze nouveaux adhérents rejoignent le cluster",
        "Twelve new members join the cluster",
        "Start-up, PME et un laboratoire : bienvenue aux nouveaux membres du trimestre.",
        "Start-ups, SMEs and a laboratory: welcome to the new members of the quarter.",
        "Le bureau a validé **douze nouvelles adhésions** ce trimestre.\n\n"
        "- sept start-up de Toulouse et Montpellier ;\n- quatre PME du Gard et de l'Aude ;\n"
        "- un laboratoire de recherche en cybersécurité.\n\n"
        "Retrouvez-les dans l'[annuaire des membres](/fr/members/).",
    ),
    (
        12,
        "Trophées de l'innovation : les candidatures sont ouvertes",
        "Innovation awards: applications are open",
        "Jusqu'à la fin du mois pour présenter votre projet innovant.",
        "Until the end of the month to present your innovative project.",
        "Les **Trophées de l'innovation** récompensent chaque année les projets les plus "
        "innovants des membres.\n\n## Comment candidater ?\n\nEnvoyez un dossier de deux pages "
        "décrivant votre projet, ses partenaires et ses résultats.",
    ),
    (
        26,
        "Le groupe cybersécurité publie son guide NIS 2",
        "The cybersecurity group publishes its NIS 2 guide",
        "Un guide pratique pour préparer les PME du numérique à la directive NIS 2.",
        "A practical guide to prepare digital SMEs for the NIS 2 directive.",
        "Après six mois de travail, le groupe **Cybersécurité** publie un guide de "
        "préparation à la directive NIS 2, destiné aux dirigeants de PME.",
    ),
    (
        41,
        "Retour sur l'assemblée générale",
        "Looking back on the general assembly",
        "Rapport d'activité adopté, nouveau bureau élu.",
        "Activity report adopted, new board elected.",
        "Plus de 120 participants ont assisté à l'assemblée générale. Le rapport d'activité "
        "et les comptes ont été adoptés à l'unanimité.",
    ),
    (
        63,
        "Un accord de coopération avec un cluster catalan",
        "A cooperation agreement with a Catalan cluster",
        "Les membres des deux réseaux ont désormais accès aux événements de l'autre.",
        "Members of both networks can now attend each other's events.",
        "Le cluster signe un **accord inter-clusters** : calendriers partagés, délégations "
        "communes sur les salons et projets croisés.",
    ),
    (
        95,
        "Forum de l'alternance : 300 offres pour les étudiants",
        "Work-study fair: 300 offers for students",
        "Écoles et entreprises membres se retrouvent pour la cinquième édition.",
        "Schools and member companies meet for the fifth edition.",
        "La cinquième édition du forum a réuni **40 entreprises** et six écoles.",
    ),
    (
        130,
        "Appel à projets collaboratifs : résultats",
        "Call for collaborative projects: results",
        "Cinq projets labellisés, associant entreprises et laboratoires.",
        "Five projects labelled, bringing companies and laboratories together.",
        "Le comité a labellisé **cinq projets** associant au moins deux membres et un "
        "partenaire de recherche.",
    ),
]
DRAFT_NEWS = (
    "Brouillon : programme du prochain semestre",
    "Texte en cours de rédaction, pas encore publié.",
)

# (days ago, French title, English title, French body)
PRESS_RELEASES = [
    (
        5,
        "Le cluster franchit le cap des 150 adhérents",
        "The cluster passes 150 members",
        "Le cluster numérique d'Occitanie compte désormais plus de 150 organisations membres, "
        "entreprises, laboratoires et écoles.",
    ),
    (
        48,
        "Signature d'un accord de coopération inter-clusters",
        "Inter-cluster cooperation agreement signed",
        "Le cluster et son homologue catalan s'associent pour ouvrir leurs événements à leurs "
        "membres respectifs.",
    ),
    (
        160,
        "Lancement de l'appel à projets collaboratifs",
        "Call for collaborative projects launched",
        "Le cluster lance son appel à projets collaboratifs d'innovation, ouvert à tous ses "
        "membres.",
    ),
    (
        400,
        "Bilan de l'année : une dynamique de croissance",
        "Year in review: a growing network",
        "Adhésions, projets labellisés, événements : le bilan d'une année de croissance.",
    ),
]

# (days ago, outlet, title, audience)
COVERAGE = [
    (2, "La Dépêche du Midi", "Le numérique occitan se structure autour de son cluster", 180_000),
    (9, "France 3 Occitanie", "Reportage : les start-up du cluster à l'honneur", 250_000),
    (20, "Midi Libre", "Cybersécurité : un guide pour les PME", 120_000),
    (34, "Touléco", "Le cluster signe avec la Catalogne", 25_000),
    (55, "Objectif News", "Forum de l'alternance : record de participation", 18_000),
    (80, "La Tribune Toulouse", "Cinq projets collaboratifs labellisés", 40_000),
    (150, "Radio Occitanie", "Entretien avec la présidente du cluster", None),
    (300, "L'Usine Nouvelle", "Les clusters régionaux du numérique en plein essor", 300_000),
    (420, "Les Échos", "Occitanie : un écosystème numérique qui attire", 500_000),
]

# (scope, horizon, French, English, [(action, channel, stage, target slugs, due in days,
# planned budget, share spent)])
PLAN = [
    (
        Objective.Scope.INTERNAL,
        Objective.Horizon.SHORT,
        "Partager une identité et une vision communes",
        "Share a common identity and vision",
        [
            (
                "Charte graphique et kit de présentation",
                Action.Channel.PRINT,
                Action.Stage.DONE,
                ["equipe", "gouvernance"],
                -90,
                2500,
                1.0,
            ),
            (
                "Séminaire de l'équipe et du bureau",
                Action.Channel.MEETING,
                Action.Stage.DONE,
                ["equipe", "gouvernance"],
                -40,
                1800,
                0.9,
            ),
        ],
    ),
    (
        Objective.Scope.INTERNAL,
        Objective.Horizon.MEDIUM,
        "Améliorer le partage d'informations entre membres",
        "Improve information sharing between members",
        [
            (
                "Lettre d'information mensuelle",
                Action.Channel.NEWSLETTER,
                Action.Stage.IN_PROGRESS,
                ["adherents", "commissions"],
                120,
                1200,
                0.5,
            ),
            (
                "Synthèses trimestrielles des groupes de travail",
                Action.Channel.EMAIL,
                Action.Stage.IN_PROGRESS,
                ["adherents", "commissions"],
                30,
                0,
                0,
            ),
            (
                "Espace adhérent du site",
                Action.Channel.WEBSITE,
                Action.Stage.IN_PROGRESS,
                ["adherents"],
                60,
                8000,
                0.7,
            ),
        ],
    ),
    (
        Objective.Scope.EXTERNAL,
        Objective.Horizon.SHORT,
        "Faire connaître le cluster, sa mission et sa valeur ajoutée",
        "Make the cluster, its mission and added value known",
        [
            (
                "Communiqués de presse aux événements majeurs",
                Action.Channel.PRESS,
                Action.Stage.IN_PROGRESS,
                ["etat", "collectivites", "investisseurs"],
                90,
                1500,
                0.4,
            ),
            (
                "Dossier de presse et plaquette téléchargeables",
                Action.Channel.PRINT,
                Action.Stage.DONE,
                ["investisseurs", "porteurs-de-projets"],
                -20,
                3200,
                1.05,
            ),
            (
                "Visites d'entreprises et rencontres régionales",
                Action.Channel.EVENT,
                Action.Stage.IN_PROGRESS,
                ["porteurs-de-projets", "collectivites"],
                150,
                4000,
                0.3,
            ),
        ],
    ),
    (
        Objective.Scope.EXTERNAL,
        Objective.Horizon.MEDIUM,
        "Obtenir l'adhésion et la satisfaction des membres et partenaires",
        "Win the support and satisfaction of members and partners",
        [
            (
                "Trophées annuels de l'innovation",
                Action.Channel.EVENT,
                Action.Stage.PLANNED,
                ["adherents", "financements", "recherche"],
                200,
                12000,
                0,
            ),
            (
                "Enquête de satisfaction des membres",
                Action.Channel.EMAIL,
                Action.Stage.PLANNED,
                ["adherents"],
                100,
                500,
                0,
            ),
        ],
    ),
    (
        Objective.Scope.EXTERNAL,
        Objective.Horizon.LONG,
        "Gagner une visibilité nationale et internationale",
        "Gain national and international visibility",
        [
            (
                "Site en anglais et profils sur les réseaux sociaux",
                Action.Channel.SOCIAL,
                Action.Stage.IN_PROGRESS,
                ["investisseurs", "clusters"],
                365,
                6000,
                0.25,
            ),
            (
                "Partenariats avec des clusters étrangers",
                Action.Channel.MEETING,
                Action.Stage.PLANNED,
                ["clusters", "associations", "financements"],
                540,
                9000,
                0,
            ),
            (
                "Partenariat média régional",
                Action.Channel.PRESS,
                Action.Stage.CANCELLED,
                ["etat", "collectivites"],
                30,
                5000,
                0,
            ),
        ],
    ),
]

# (objective index, action index or None, French, English, metric, target, unit, manual
# readings as (days ago, value))
INDICATORS = [
    (
        0,
        None,
        "Notoriété interne de la charte",
        "Awareness of the brand charter",
        Metric.MANUAL,
        80,
        "%",
        [(60, 55), (10, 72)],
    ),
    (1, 0, "Abonnés à la lettre", "Newsletter subscribers", Metric.SUBSCRIBERS, 600, "", []),
    (1, 0, "Taux d'ouverture de la lettre", "Newsletter open rate", Metric.OPEN_RATE, 40, "%", []),
    (
        1,
        0,
        "Lettres envoyées cette année",
        "Newsletters sent this year",
        Metric.NEWSLETTERS_SENT,
        11,
        "",
        [],
    ),
    (
        1,
        2,
        "Visites du site web",
        "Website visits",
        Metric.MANUAL,
        5000,
        "visites/mois",
        [(90, 2900), (60, 3400), (30, 3800), (2, 4100)],
    ),
    (
        2,
        0,
        "Communiqués de presse diffusés",
        "Press releases published",
        Metric.PRESS_RELEASES,
        6,
        "",
        [],
    ),
    (2, 0, "Articles de presse", "Press articles", Metric.MEDIA_ARTICLES, 15, "", []),
    (2, 2, "Événements organisés", "Events held", Metric.EVENTS_HELD, 30, "", []),
    (2, 2, "Participants aux événements", "Event attendance", Metric.ATTENDANCE, 900, "", []),
    (3, None, "Entreprises membres", "Member organizations", Metric.MEMBER_COUNT, 150, "", []),
    (
        3,
        None,
        "Nouveaux adhérents de l'année",
        "New members this year",
        Metric.NEW_MEMBERS,
        20,
        "",
        [],
    ),
    (3, 1, "Satisfaction des membres", "Member satisfaction", Metric.SATISFACTION, 8, "/10", []),
    (
        4,
        0,
        "Vues du profil LinkedIn",
        "LinkedIn profile views",
        Metric.MANUAL,
        3000,
        "vues/mois",
        [(60, 1200), (30, 1650), (2, 2100)],
    ),
    (
        4,
        0,
        "E-réputation (avis positifs)",
        "E-reputation (positive mentions)",
        Metric.MANUAL,
        75,
        "%",
        [(45, 68), (5, 71)],
    ),
    (
        4,
        1,
        "Notoriété auprès des clusters étrangers",
        "Notoriety among foreign clusters",
        Metric.MANUAL,
        10,
        "contacts",
        [(30, 3)],
    ),
]

# Leads who downloaded the gated brochure: (first name, last name, organization).
LEADS = [
    ("Inès", "Roussel", "Agence régionale de développement"),
    ("Marc", "Delmas", "Fonds d'investissement Sud"),
    ("Sofia", "Moreno", "Clúster TIC Catalunya"),
]


def _pdf(title: str) -> bytes:
    """A one-page PDF showing `title`, written by hand: fast, and readable by any viewer."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 60 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    pdf += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return pdf


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), 0)), PARIS)


def _news(*, rng: random.Random, staff_user, today: date) -> int:
    articles = [
        NewsArticle(
            title_fr=title_fr,
            title_en=title_en,
            slug=f"actualite-{index + 1}",
            summary_fr=summary_fr,
            summary_en=summary_en,
            # The bodies stay French only: translations lag behind, and English pages say so.
            body_fr=body_fr,
            is_published=True,
            published_at=_moment(today - timedelta(days=days_ago), rng),
            created_by=staff_user,
        )
        for index, (days_ago, title_fr, title_en, summary_fr, summary_en, body_fr) in enumerate(
            NEWS
        )
    ]
    draft_title, draft_body = DRAFT_NEWS
    articles.append(
        NewsArticle(
            title_fr=draft_title,
            slug="brouillon-programme",
            body_fr=draft_body,
            is_published=False,
            created_by=staff_user,
        )
    )
    return len(NewsArticle.objects.bulk_create(articles))


def _press_room(*, rng: random.Random, today: date) -> int:
    for index, (days_ago, title_fr, title_en, body_fr) in enumerate(PRESS_RELEASES):
        press_release_save(
            release=PressRelease(),
            data={
                "title_fr": title_fr,
                "title_en": title_en,
                "slug": f"communique-{index + 1}",
                "body_fr": body_fr,
                "is_published": True,
                "published_on": today - timedelta(days=days_ago),
            },
            # The latest release comes with its PDF version.
            pdf=ContentFile(_pdf(title_fr), name="communique.pdf") if index == 0 else None,
        )
    PressRelease.objects.create(
        title_fr="Brouillon : nouveau partenariat",
        slug="communique-brouillon",
        body_fr="À valider par le bureau.",
    )
    logo = (settings.BASE_DIR / "static" / "img" / "favicon.svg").read_bytes()
    assets = [
        (
            PressAsset.Kind.PRESS_KIT,
            "Dossier de presse",
            "Press kit",
            "dossier-de-presse",
            False,
            ".pdf",
            _pdf("Dossier de presse"),
        ),
        (
            PressAsset.Kind.BROCHURE,
            "Plaquette de présentation",
            "Presentation brochure",
            "plaquette",
            True,
            ".pdf",
            _pdf("Plaquette de présentation"),
        ),
        (PressAsset.Kind.LOGO, "Logo du cluster", "Cluster logo", "logo", False, ".svg", logo),
    ]
    brochure = None
    for kind, title_fr, title_en, slug, gated, extension, data in assets:
        asset = press_asset_save(
            asset=PressAsset(),
            data={
                "kind": kind,
                "title_fr": title_fr,
                "title_en": title_en,
                "slug": slug,
                "is_gated": gated,
            },
            upload=ContentFile(data, name=f"{slug}{extension}"),
        )
        if gated:
            brochure = asset
    for first_name, last_name, organization_name in LEADS:
        email = f"{first_name}.{last_name}@prospects.example".lower()
        subscriber, _created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "organization_name": organization_name,
                "status": Subscriber.Status.LEAD,
                "source": Subscriber.Source.GATED_DOWNLOAD,
                "consent_text_version": DOWNLOAD_CONSENT_TEXT_VERSION,
            },
        )
        DownloadRequest.objects.create(
            subscriber=subscriber,
            asset=brochure,
            created_at=_moment(today - timedelta(days=rng.randint(1, 60)), rng),
        )
    MediaCoverage.objects.bulk_create(
        MediaCoverage(
            published_on=today - timedelta(days=days_ago),
            outlet=outlet,
            title=title,
            url=f"https://media.example/{index + 1}",
            audience=audience,
        )
        for index, (days_ago, outlet, title, audience) in enumerate(COVERAGE)
    )
    return len(PRESS_RELEASES) + 1


def _plan(*, rng: random.Random, animators: list, today: date) -> int:
    targets = Target.objects.in_bulk(field_name="slug")
    objectives, actions = [], []
    for position, (scope, horizon, title_fr, title_en, planned_actions) in enumerate(PLAN):
        objective = Objective.objects.create(
            title_fr=title_fr, title_en=title_en, scope=scope, horizon=horizon, position=position
        )
        objectives.append(objective)
        row = []
        for title, channel, stage, slugs, due_in, budget, spent in planned_actions:
            action = Action.objects.create(
                objective=objective,
                title=title,
                channel=channel,
                stage=stage,
                owner=rng.choice(animators),
                due_on=today + timedelta(days=due_in),
                budget_planned=Decimal(budget),
                budget_spent=(Decimal(budget) * Decimal(str(spent))).quantize(Decimal("0.01")),
            )
            action.targets.set([targets[slug] for slug in slugs])
            row.append(action)
        actions.append(row)
    measurements = []
    for (
        objective_index,
        action_index,
        name_fr,
        name_en,
        metric,
        target,
        unit,
        readings,
    ) in INDICATORS:
        indicator = Indicator.objects.create(
            objective=objectives[objective_index],
            action=None if action_index is None else actions[objective_index][action_index],
            name_fr=name_fr,
            name_en=name_en,
            metric=metric,
            target_value=Decimal(target),
            unit=unit,
        )
        measurements.extend(
            Measurement(
                indicator=indicator,
                measured_on=today - timedelta(days=days_ago),
                value=Decimal(value),
            )
            for days_ago, value in readings
        )
    Measurement.objects.bulk_create(measurements)
    # Today's automatic figures, as the morning task would have recorded them.
    measurements_snapshot(today=today)
    return len(objectives)


def content_seed(*, rng: random.Random, staff_user, animators: list, today: date) -> dict[str, int]:
    """News, the press room and the communication plan. Returns counts for the summary."""
    return {
        "news": _news(rng=rng, staff_user=staff_user, today=today),
        "press_releases": _press_room(rng=rng, today=today),
        "objectives": _plan(rng=rng, animators=animators, today=today),
    }


# Newsletter: (days ago, French subject, English subject, French Markdown body, tracked)
NEWSLETTERS = [
    (
        40,
        "La lettre du cluster : bilan de l'assemblée générale",
        "The cluster's letter: the general assembly in review",
        "Bonjour à toutes et à tous,\n\nL'assemblée générale a réuni **plus de 120 "
        "participants**. Retrouvez le rapport d'activité dans votre espace adhérent.",
        False,
    ),
    (
        8,
        "La lettre du cluster : douze nouveaux adhérents",
        "The cluster's letter: twelve new members",
        "Bonjour à toutes et à tous,\n\nCe mois-ci, **douze nouveaux membres** nous "
        "rejoignent et les candidatures aux Trophées de l'innovation sont ouvertes.\n\n"
        "- le guide NIS 2 du groupe cybersécurité ;\n- le forum de l'alternance.",
        True,
    ),
]
EXTERNAL_SUBSCRIBERS = 60


def _subscriber_consents_create(subscribers: list) -> None:
    """The consent history of the member contacts among the subscribers, as the services
    record it: a yes when the address was confirmed, a no when it unsubscribed."""
    from communications.services.subscriptions import CONSENT_TEXT_VERSION

    source = {
        Subscriber.Source.MEMBER_SPACE: ConsentRecord.Source.MEMBER_SPACE,
    }
    records = []
    for subscriber in subscribers:
        if subscriber.contact is None:
            continue
        common = {
            "contact": subscriber.contact,
            "purpose": ConsentRecord.Purpose.NEWSLETTER,
            "source": source.get(subscriber.source, ConsentRecord.Source.WEB_FORM),
            "text_version": CONSENT_TEXT_VERSION,
        }
        if subscriber.confirmed_at:
            records.append(
                ConsentRecord(granted=True, recorded_at=subscriber.confirmed_at, **common)
            )
        if subscriber.unsubscribed_at:
            records.append(
                ConsentRecord(granted=False, recorded_at=subscriber.unsubscribed_at, **common)
            )
    ConsentRecord.objects.bulk_create(records)


def newsletters_seed(*, rng: random.Random, people: list, staff_user, today: date) -> int:
    """Subscribers (some of them member contacts, some unsubscribed or bounced) and two sent
    newsletters with their deliveries, opens and clicks. Returns the number of newsletters."""
    from communications.models import Delivery, Newsletter
    from communications.services.subscriptions import CONSENT_TEXT_VERSION

    contacts = [contact for contact, _affiliation in people if contact.email]
    chosen = rng.sample(contacts, min(len(contacts), 240))
    # The member login subscribed from its member space: its pages have an answer to show.
    member_contact = people[0][0] if people else None
    if member_contact is not None and member_contact.email and member_contact not in chosen:
        chosen.insert(0, member_contact)
    seen: set[str] = set()
    subscribers = []
    for contact in chosen:
        email = contact.email.lower()
        if email in seen:
            continue
        seen.add(email)
        subscribers.append(
            Subscriber(
                email=email,
                first_name=contact.first_name,
                last_name=contact.last_name,
                language=contact.preferred_language,
                contact=contact,
                source=Subscriber.Source.MEMBER_SPACE,
            )
        )
    for number in range(EXTERNAL_SUBSCRIBERS):
        subscribers.append(
            Subscriber(
                email=f"lecteur{number + 1}@abonnes.example",
                language="en" if number % 5 == 0 else "fr",
                source=rng.choice([Subscriber.Source.SIGNUP_PAGE, Subscriber.Source.FOOTER]),
            )
        )
    for subscriber in subscribers:
        created = _moment(today - timedelta(days=rng.randint(50, 400)), rng)
        roll = rng.random()
        subscriber.created_at = created
        subscriber.consent_text_version = CONSENT_TEXT_VERSION
        subscriber.confirmation_sent_at = created
        if roll < 0.85 or (member_contact is not None and subscriber.contact is member_contact):
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.confirmed_at = created + timedelta(minutes=rng.randint(1, 600))
        elif roll < 0.92:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.confirmed_at = created + timedelta(hours=1)
            subscriber.unsubscribed_at = created + timedelta(days=rng.randint(10, 40))
        elif roll < 0.96:
            subscriber.status = Subscriber.Status.BOUNCED
            subscriber.bounced_at = created + timedelta(days=rng.randint(10, 40))
            subscriber.bounce_reason = "550 5.1.1 User unknown"
        else:
            subscriber.status = Subscriber.Status.PENDING
            if subscriber.contact is not None:
                # Only the newsletter page waits for a confirmation; the member space doesn't.
                subscriber.source = Subscriber.Source.SIGNUP_PAGE
    Subscriber.objects.bulk_create(subscribers)
    _subscriber_consents_create(subscribers)
    confirmed = [s for s in subscribers if s.status == Subscriber.Status.CONFIRMED]
    for days_ago, subject_fr, subject_en, body_fr, tracked in NEWSLETTERS:
        sent_at = _moment(today - timedelta(days=days_ago), rng)
        newsletter = Newsletter.objects.create(
            subject_fr=subject_fr,
            subject_en=subject_en,
            body_fr=body_fr,
            slug=f"lettre-{sent_at:%Y-%m}-{days_ago}",
            audience={"subscribers": True},
            tracking_enabled=tracked,
            status=Newsletter.Status.SENT,
            scheduled_at=sent_at,
            sending_started_at=sent_at,
            sent_at=sent_at + timedelta(minutes=2),
            recipient_count=len(confirmed),
            created_by=staff_user,
            created_at=sent_at - timedelta(days=3),
        )
        deliveries = []
        for subscriber in confirmed:
            failed = rng.random() < 0.01
            opened = tracked and not failed and rng.random() < 0.45
            clicks = rng.randint(1, 3) if opened and rng.random() < 0.3 else 0
            deliveries.append(
                Delivery(
                    newsletter=newsletter,
                    email=subscriber.email,
                    name=f"{subscriber.first_name} {subscriber.last_name}".strip(),
                    language=subscriber.language,
                    subscriber=subscriber,
                    contact=subscriber.contact,
                    status=Delivery.Status.FAILED if failed else Delivery.Status.SENT,
                    error="SMTPRecipientsRefused(550)" if failed else "",
                    sent_at=None if failed else sent_at + timedelta(minutes=1),
                    opened_at=sent_at + timedelta(hours=rng.randint(1, 72)) if opened else None,
                    clicked_at=sent_at + timedelta(hours=73) if clicks else None,
                    click_count=clicks,
                )
            )
        Delivery.objects.bulk_create(deliveries, batch_size=2000)
    return len(NEWSLETTERS)


def communications_seed(
    *, rng: random.Random, people: list, staff_user, animators: list, today: date
) -> dict[str, int]:
    """Everything above: newsletters to `people` ((Contact, Affiliation) pairs, saved), the
    news, press room and plan, and the FAQ. Returns counts for seed_demo's summary."""
    newsletters = newsletters_seed(rng=rng, people=people, staff_user=staff_user, today=today)
    content = content_seed(rng=rng, staff_user=staff_user, animators=animators, today=today)
    member_news = member_news_seed(rng=rng, people=people, staff_user=staff_user, today=today)
    return {
        "newsletters": newsletters,
        **content,
        "member_news": member_news,
        "faq": faq_seed(),
    }


def has_data() -> bool:
    return FaqEntry.objects.exists()


def flush() -> None:
    """Delete what communications_seed creates. FAQ categories stay: migrations made them."""
    FaqEntry.objects.all().delete()
    for model in (DownloadRequest, MediaCoverage, PressAsset, PressRelease, NewsArticle, Objective):
        model.objects.all().delete()
    # Deliveries go with their newsletters; download requests went above.
    Newsletter.objects.all().delete()
    Subscriber.objects.all().delete()
