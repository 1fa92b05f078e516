"""Demo data of community's discussions: threads with replies in three working groups
(cybersecurity audit templates, a shared booth at a trade fair, a question on the European
AI regulation...), one locked thread, one hidden message and one report waiting for staff.
The demo member (people[0], the member login) takes part in the cybersecurity group and
finds unread messages there. Rows are written directly: no email leaves while seeding."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from community.models import DiscussionMessage, MessageReport, Thread, ThreadRead
from members.models import WorkingGroup, WorkingGroupMember

# group slug → threads: (title, locked, [(days ago, hour, body), ...])
THREADS = {
    "cybersecurite": [
        (
            "Modèles de rapport d'audit : qui partage les siens ?",
            False,
            [
                (
                    12,
                    9,
                    "Bonjour à tous,\n\nNous refaisons nos **modèles de rapport d'audit** "
                    "(organisationnel + technique) pour les rendre compatibles NIS 2. Quelqu'un "
                    "a-t-il une trame qu'il accepterait de partager ?",
                ),
                (
                    12,
                    14,
                    "On s'appuie sur le guide d'hygiène de l'ANSSI, avec une annexe par "
                    "mesure. Je peux envoyer notre trame anonymisée en DOCX.",
                ),
                (
                    11,
                    10,
                    "Très intéressé aussi. Attention à bien séparer la synthèse pour la "
                    "direction et le détail technique : les dirigeants ne lisent que deux pages.",
                ),
                (
                    3,
                    16,
                    "Je propose qu'on en fasse un modèle commun du groupe, à présenter "
                    "à la réunion du mois prochain.",
                ),
                (
                    1,
                    11,
                    "Bonne idée. Je prends la partie « gestion des accès », qui se "
                    "propose pour la sauvegarde et la reprise d'activité ?",
                ),
            ],
        ),
        (
            "Exercice de crise cyber : retour d'expérience",
            False,
            [
                (
                    20,
                    9,
                    "Nous avons joué un scénario de rançongiciel avec le CSIRT régional "
                    "la semaine dernière. Le point faible : la communication interne. "
                    "Qui d'autre a tenté l'exercice ?",
                ),
                (
                    19,
                    15,
                    "Nous, l'an dernier. Préparez une fiche réflexe par métier, "
                    "sinon tout le monde appelle la DSI en même temps.",
                ),
                (
                    2,
                    8,
                    "Le CSIRT propose une nouvelle session en mars, "
                    "places limitées à 6 entreprises.",
                ),
            ],
        ),
        (
            "Achat groupé de tests d'intrusion (clos)",
            True,
            [
                (
                    60,
                    10,
                    "L'achat groupé de tests d'intrusion est bouclé : 8 adhérents, "
                    "tarif négocié à -30 %. Merci à tous !",
                ),
                (59, 9, "Super nouvelle, merci pour l'organisation."),
            ],
        ),
    ],
    "international": [
        (
            "Stand partagé au salon VivaTech",
            False,
            [
                (
                    15,
                    10,
                    "Le cluster réserve un **stand collectif de 36 m²** à VivaTech. "
                    "Il reste 4 places de co-exposant, à 2 400 € HT chacune. Intéressés ?",
                ),
                (14, 11, "Partant ! Il nous faudrait un écran pour la démo."),
                (
                    14,
                    17,
                    "Intéressés aussi, à condition d'avoir un créneau de pitch sur "
                    "l'espace commun.",
                ),
                (
                    5,
                    9,
                    "Les créneaux de pitch seront tirés au sort, je partage le planning "
                    "dès réception.",
                ),
            ],
        ),
    ],
    "ia-et-donnees": [
        (
            "AI Act : nos outils de tri de CV sont-ils « à haut risque » ?",
            False,
            [
                (
                    9,
                    10,
                    "Question concrète : un module de présélection de CV que nous "
                    "intégrons pour un client RH relève-t-il des systèmes à haut risque de "
                    "l'AI Act (annexe III) ?",
                ),
                (
                    8,
                    14,
                    "Oui, le recrutement est explicitement cité à l'annexe III. Il faut "
                    "prévoir la documentation technique, la supervision humaine et le registre.",
                ),
                (8, 16, "PROMO : formation AI Act à -50 % chez nous, inscrivez-vous vite !"),
                (
                    4,
                    9,
                    "Le cabinet partenaire du cluster propose une permanence juridique "
                    "gratuite le premier mardi du mois, c'est le bon endroit pour ce cas.",
                ),
            ],
        ),
    ],
}


def _aware(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _members_of(group) -> list:
    return [
        membership.contact
        for membership in WorkingGroupMember.objects.filter(
            group=group, status=WorkingGroupMember.Status.ACCEPTED
        )
        .select_related("contact")
        .order_by("pk")
    ]


def seed(*, rng, organizations, people, staff_user, events, today) -> dict[str, int]:
    """Seeds the discussions; returns counts for seed_demo's summary."""
    demo_member = people[0][0] if people else None
    threads = messages = 0
    for slug, group_threads in THREADS.items():
        group = WorkingGroup.objects.filter(slug=slug).first()
        if group is None:
            continue
        if slug == "cybersecurite" and demo_member is not None:
            # The demo member takes part here, to find the discussions and unread messages.
            WorkingGroupMember.objects.update_or_create(
                group=group,
                contact=demo_member,
                defaults={
                    "status": WorkingGroupMember.Status.ACCEPTED,
                    "decided_at": _aware(today - timedelta(days=200), 10),
                    "decided_by": staff_user,
                },
            )
        authors = _members_of(group)
        if not authors:
            continue
        others = [contact for contact in authors if contact != demo_member] or authors
        for title, locked, posts in group_threads:
            thread = Thread.objects.create(
                group=group,
                title=title,
                author=others[0] if slug != "cybersecurite" else rng.choice(others),
                created_at=_aware(today - timedelta(days=posts[0][0]), posts[0][1]),
            )
            rows = []
            for index, (days_ago, hour, body) in enumerate(posts):
                # A reply answers someone else: nobody follows up on their own message (the
                # organizer of the booth answering « Partant ! » to their own offer).
                previous = rows[-1].author if rows else None
                repliers = [contact for contact in others if contact != previous] or others
                author = thread.author if index == 0 else rng.choice(repliers)
                if slug == "cybersecurite" and index == 1 and demo_member is not None:
                    author = demo_member
                rows.append(
                    DiscussionMessage(
                        thread=thread,
                        author=author,
                        body=body,
                        created_at=_aware(today - timedelta(days=days_ago), hour),
                    )
                )
            rows = DiscussionMessage.objects.bulk_create(rows)
            last = rows[-1]
            Thread.objects.filter(pk=thread.pk).update(
                last_message_at=last.created_at,
                last_message_id=last.pk,
                message_count=len(rows),
                is_locked=locked,
                locked_at=last.created_at if locked else None,
                locked_by=staff_user if locked else None,
            )
            threads += 1
            messages += len(rows)
            for row in rows:
                if row.body.startswith("PROMO"):
                    # The advertisement is reported, then hidden by the animator.
                    MessageReport.objects.create(
                        message=row,
                        reporter=others[-1],
                        reason="Publicité sans rapport avec la question.",
                        status=MessageReport.Status.RESOLVED,
                        resolved_by=staff_user,
                        resolved_at=row.created_at + timedelta(hours=3),
                    )
                    DiscussionMessage.objects.filter(pk=row.pk).update(
                        is_hidden=True,
                        hidden_reason="Publicité",
                        hidden_by=staff_user,
                        hidden_at=row.created_at + timedelta(hours=3),
                    )
            if slug == "international" and len(rows) > 2:
                MessageReport.objects.create(
                    message=rows[2],
                    reporter=others[0],
                    reason="Ce message parle d'un autre salon, à vérifier.",
                )
            # The demo member read the cybersecurity threads up to their second message:
            # what came after is unread.
            if slug == "cybersecurite" and demo_member is not None and demo_member.user_id:
                ThreadRead.objects.create(
                    thread=thread, user_id=demo_member.user_id, last_message_id=rows[1].pk
                )
    return {"discussion threads": threads, "discussion messages": messages}


def flush() -> None:
    """Deletes the discussions rows before a new seeding."""
    MessageReport.objects.all().delete()
    ThreadRead.objects.all().delete()
    DiscussionMessage.objects.all().delete()
    Thread.objects.all().delete()
