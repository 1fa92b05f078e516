"""Demo calls: see collaboration.demo.

An open call of 2027 on the factory of the future with four criteria, and a closed call of
the year before. Five projects walk the stages (idea, consortium forming, submitted,
labelled, running), with consortia in every state, scores by the staff login on the
submitted and labelled ones, and one success story all its organizations agreed to. The
member login's organization (organizations[0]) leads the forming project, which has an
expression of interest waiting for its answer."""

import datetime

from django.utils import timezone

from collaboration.models import (
    Call,
    Criterion,
    Participation,
    Project,
    ProjectStageChange,
    Score,
)
from members.models import Competence

Stage = Project.Stage
Status = Participation.Status

OPEN_CRITERIA = [
    ("Caractère innovant", "Innovation", 3, 5),
    ("Qualité du consortium", "Quality of the consortium", 2, 5),
    ("Retombées économiques pour le territoire", "Economic impact on the region", 2, 5),
    ("Faisabilité et calendrier", "Feasibility and schedule", 1, 5),
]
PAST_CRITERIA = [
    ("Innovation", "Innovation", 2, 10),
    ("Impact environnemental", "Environmental impact", 2, 10),
    ("Solidité du plan de financement", "Soundness of the funding plan", 1, 10),
]

PROJECTS = [
    # (call, stage, title, summary, label decision)
    (
        "open",
        Stage.IDEA,
        "Jumeau numérique des lignes d'usinage",
        "Modéliser en temps réel les lignes d'usinage de trois PME pour anticiper les arrêts "
        "et réduire les rebuts. Nous cherchons un spécialiste de l'IoT industriel et un "
        "laboratoire de simulation.",
        "",
    ),
    (
        "open",
        Stage.FORMING,
        "Maintenance prédictive partagée pour les PME de la vallée",
        "Une plateforme mutualisée de maintenance prédictive : capteurs vibratoires, modèle "
        "d'apprentissage commun, tableau de bord par atelier. Le consortium se constitue : "
        "intégrateurs, fabricants de capteurs et utilisateurs pilotes bienvenus.",
        "",
    ),
    (
        "open",
        Stage.SUBMITTED,
        "Cobotique pour l'assemblage de petites séries",
        "Déployer des bras collaboratifs reconfigurables en moins d'une heure pour les "
        "séries de 50 à 500 pièces, avec une interface de programmation par démonstration.",
        "",
    ),
    (
        "past",
        Stage.LABELLED,
        "Traçabilité carbone des pièces mécaniques",
        "Calculer l'empreinte carbone de chaque pièce, de la matière première à la "
        "livraison, et la partager avec les donneurs d'ordre dans un format ouvert.",
        Project.LabelDecision.LABELLED,
    ),
    (
        "past",
        Stage.RUNNING,
        "Atelier école de la fabrication additive métal",
        "Un atelier partagé de fabrication additive métal, ouvert aux membres et aux "
        "apprentis de la région, avec un programme de qualification des pièces.",
        Project.LabelDecision.LABELLED,
    ),
]

CONTRIBUTIONS = [
    "Nous fabriquons des capteurs vibratoires sans fil et pouvons fournir vingt unités.",
    "Notre bureau d'études a modélisé des lignes similaires : nous apportons la simulation.",
    "Nous serions site pilote : deux lignes d'usinage disponibles pour les essais.",
    "Expertise en cybersécurité des réseaux industriels et audit de la plateforme.",
    "Nous formons les opérateurs et rédigeons les guides d'utilisation.",
    "Intégration robotique et mise en service sur site.",
]

STORY_FR = (
    "Né de l'appel 2026, l'atelier école a accueilli **120 apprentis** et qualifié "
    "35 références de pièces en un an. Les quatre partenaires y partagent une imprimante "
    "métal qu'aucun n'aurait pu financer seul."
)
STORY_EN = (
    "Born from the 2026 call, the training workshop welcomed **120 apprentices** and "
    "qualified 35 part references in a year. Its four partners share a metal printer none "
    "of them could have funded alone."
)


def _aware(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _call(*, slug, title_fr, title_en, summary, opens_on, deadline, criteria, staff_user, themes):
    call = Call.objects.create(
        slug=slug,
        title_fr=title_fr,
        title_en=title_en,
        summary_fr=summary[0],
        summary_en=summary[1],
        description_fr="Le cluster accompagne les projets portés par **au moins deux "
        "membres**, dont une PME.\n\n- Accompagnement au montage du dossier\n- Mise en "
        "relation avec les financeurs régionaux\n- Labellisation par le comité d'experts",
        description_en="The cluster supports projects led by **at least two members**, one of "
        "them an SME.\n\n- Help building the application\n- Introductions to regional "
        "funders\n- A label from the experts' committee",
        eligibility_fr="Être membre à jour de sa cotisation ; un consortium d'au moins deux "
        "organisations, dont une PME de la région.",
        eligibility_en="Be a member with dues paid; a consortium of at least two "
        "organizations, one of them a regional SME.",
        opens_on=opens_on,
        deadline=deadline,
        is_published=True,
        published_at=_aware(opens_on, 9),
        created_by=staff_user,
    )
    call.themes.set(themes)
    for position, (name_fr, name_en, weight, max_score) in enumerate(criteria, start=1):
        Criterion.objects.create(
            call=call,
            position=position,
            name_fr=name_fr,
            name_en=name_en,
            weight=weight,
            max_score=max_score,
        )
    return call


def calls_seed(*, rng, organizations, people, staff_user, today) -> dict[str, int]:
    if len(organizations) < 2:
        return {}
    competences = list(Competence.objects.order_by("pk")[:12])
    contact_of = {}
    for contact, affiliation in people:
        contact_of.setdefault(affiliation.organization_id, contact)
    open_call = _call(
        slug="appel-projets-2027-industrie-du-futur",
        title_fr="Appel à projets collaboratifs 2027 — Industrie du futur",
        summary=(
            "Des projets collaboratifs entre membres pour moderniser l'outil de production "
            "régional : numérique, robotique, sobriété.",
            "Collaborative projects between members to modernise the region's production: "
            "digital, robotics, frugality.",
        ),
        title_en="2027 call for collaborative projects — Factory of the future",
        opens_on=today - datetime.timedelta(days=20),
        deadline=_aware(today + datetime.timedelta(days=45), 18),
        criteria=OPEN_CRITERIA,
        staff_user=staff_user,
        themes=competences[:3],
    )
    past_call = _call(
        slug="appel-projets-2026-transition-ecologique",
        title_fr="Appel à projets 2026 — Transition écologique de l'industrie",
        summary=(
            "Des projets à plusieurs pour réduire l'empreinte des ateliers de la région : "
            "énergie, matière, réemploi.",
            "Joint projects to cut the footprint of the region's workshops: energy, "
            "materials, reuse.",
        ),
        title_en="2026 call for projects — Ecological transition of industry",
        opens_on=today - datetime.timedelta(days=400),
        deadline=_aware(today - datetime.timedelta(days=300), 18),
        criteria=PAST_CRITERIA,
        staff_user=staff_user,
        themes=competences[3:5],
    )
    calls = {"open": open_call, "past": past_call}
    # The member login's organization leads the forming project; the others draw leads and
    # partners from the rest of the register.
    others = organizations[1:]
    pool = rng.sample(others, min(len(others), 20))
    projects = []
    participations = 0
    for index, (call_key, stage, title, summary, decision) in enumerate(PROJECTS):
        call = calls[call_key]
        lead = organizations[0] if stage == Stage.FORMING else pool[index % len(pool)]
        created = call.published_at + datetime.timedelta(days=3 + 4 * index)
        project = Project.objects.create(
            call=call,
            slug=f"projet-{index + 1}-{call.slug[:40]}",
            title=title,
            summary=summary,
            lead=lead,
            submitted_by=contact_of.get(lead.pk),
            stage=stage,
            stage_changed_at=created + datetime.timedelta(days=10),
            label_decision=decision,
            label_decided_on=(call.deadline + datetime.timedelta(days=30)).date()
            if decision
            else None,
        )
        Project.objects.filter(pk=project.pk).update(created_at=created)
        project.sought_competences.set(rng.sample(competences, min(len(competences), 2)))
        Participation.objects.create(
            project=project,
            organization=lead,
            contact=contact_of.get(lead.pk),
            role=Participation.Role.LEAD,
            status=Status.ACCEPTED,
            decided_at=created,
            story_consent_at=created + datetime.timedelta(days=60)
            if stage == Stage.RUNNING
            else None,
        )
        participations += 1
        # The stages it went through, for its history.
        order = list(Stage)
        previous = ""
        for step in order[: order.index(stage) + 1]:
            ProjectStageChange.objects.create(
                project=project,
                from_stage=previous,
                to_stage=step,
                changed_by=staff_user if previous else None,
                changed_at=created + datetime.timedelta(days=order.index(step) * 5),
            )
            previous = step
        # Partners: accepted ones for the projects past forming, a mix on the forming one.
        statuses = {
            Stage.IDEA: [],
            Stage.FORMING: [Status.PENDING, Status.ACCEPTED, Status.DECLINED],
            Stage.SUBMITTED: [Status.ACCEPTED, Status.ACCEPTED, Status.PENDING],
            Stage.LABELLED: [Status.ACCEPTED, Status.ACCEPTED],
            Stage.RUNNING: [Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED],
        }[stage]
        candidates = [org for org in pool if org.pk != lead.pk]
        for offset, status in enumerate(statuses):
            partner = candidates[(index * 3 + offset) % len(candidates)]
            if (
                partner.pk == lead.pk
                or project.participations.filter(organization=partner).exists()
            ):
                continue
            Participation.objects.create(
                project=project,
                organization=partner,
                contact=contact_of.get(partner.pk),
                role=Participation.Role.PARTNER,
                contribution=rng.choice(CONTRIBUTIONS),
                status=status,
                decided_at=None if status == Status.PENDING else created,
                story_consent_at=created + datetime.timedelta(days=61 + offset)
                if stage == Stage.RUNNING
                else None,
            )
            participations += 1
        projects.append(project)
    # The running project is told as a success story: every organization agreed above.
    story = projects[-1]
    story.is_success_story = True
    story.story_fr = STORY_FR
    story.story_en = STORY_EN
    story.save(update_fields=["is_success_story", "story_fr", "story_en"])
    # Staff scored the submitted and labelled projects.
    scores = 0
    for project in projects:
        if project.stage not in (Stage.SUBMITTED, Stage.LABELLED):
            continue
        for criterion in project.call.criteria.all():
            Score.objects.create(
                project=project,
                criterion=criterion,
                scorer=staff_user,
                value=rng.randint(criterion.max_score // 2, criterion.max_score),
                comment="Dossier solide ; le plan de financement reste à préciser."
                if criterion.position == 1
                else "",
                no_conflict_declared=True,
                scored_at=project.stage_changed_at,
            )
            scores += 1
    return {
        "calls": 2,
        "projects": len(projects),
        "participations": participations,
        "scores": scores,
    }
