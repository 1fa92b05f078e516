"""Reads of calls for projects, their projects and consortia, scores and rankings, and the
figures other pages show (newsletter, press room, dashboard, reports)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext

from collaboration.models import (
    Call,
    Criterion,
    Participation,
    Project,
    ProjectStageChange,
    Score,
)
from core.exports import cell_text
from core.search import search_filter

Stage = Project.Stage
Status = Participation.Status


def _open_condition(now) -> Q:
    return Q(is_published=True, opens_on__lte=timezone.localdate(now), deadline__gte=now)


# Calls.


def calls_public(now=None):
    """Published calls, the open ones first (the nearest deadline first), then the others,
    the latest deadline first. `is_open_now` says which is which."""
    now = now or timezone.now()
    return (
        Call.objects.published()
        .annotate(
            is_open_now=Case(
                When(_open_condition(now), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-is_open_now", "deadline", "-pk")
    )


def calls_open(now=None):
    """The calls taking projects now, the nearest deadline first."""
    now = now or timezone.now()
    return Call.objects.filter(_open_condition(now)).order_by("deadline", "pk")


def call_public_detail(slug: str) -> Call:
    """A published call with its themes, documents and criteria (raises DoesNotExist)."""
    return (
        Call.objects.published()
        .prefetch_related("themes", "sectors", "documents", "criteria")
        .get(slug=slug)
    )


def calls_staff_list(*, query: str = "", published: str = ""):
    calls = Call.objects.annotate(project_count=Count("projects")).order_by("-deadline", "-pk")
    if query:
        calls = calls.filter(search_filter(query, ["title_fr", "title_en"]))
    if published in ("yes", "no"):
        calls = calls.filter(is_published=published == "yes")
    return calls


# Success stories.


def _story_ready():
    """Projects staff tell as success stories, at a stage worth telling, of a published
    call, whose lead and every accepted partner agreed."""
    accepted = Participation.objects.filter(project=OuterRef("pk"), status=Status.ACCEPTED)
    return (
        Project.objects.filter(
            is_success_story=True, stage__in=Project.STORY_STAGES, call__is_published=True
        )
        .filter(
            Exists(
                accepted.filter(
                    role=Participation.Role.LEAD,
                    organization=OuterRef("lead"),
                    story_consent_at__isnull=False,
                )
            )
        )
        .exclude(Exists(accepted.filter(story_consent_at__isnull=True)))
    )


def success_stories(*, call: Call | None = None):
    """The success stories with their call, lead and consortium, the latest changed first."""
    stories = _story_ready().select_related("call", "lead")
    if call is not None:
        stories = stories.filter(call=call)
    return stories.prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.filter(status=Status.ACCEPTED).select_related(
                "organization"
            ),
            to_attr="consortium",
        )
    ).order_by("-stage_changed_at", "-pk")


# Projects: staff.


def _organization_condition(organization) -> Q:
    """Projects the organization leads or is an accepted partner of."""
    return Q(lead=organization) | Q(
        participations__organization=organization, participations__status=Status.ACCEPTED
    )


def projects_staff_list(*, call: str = "", stage: str = "", query: str = "", organization=None):
    """The back-office list; with `organization`, only the projects it leads or is an
    accepted partner of."""
    projects = Project.objects.select_related("call", "lead").annotate(
        partner_count=Count(
            "participations",
            filter=Q(
                participations__role=Participation.Role.PARTNER,
                participations__status=Status.ACCEPTED,
            ),
        ),
        pending_count=Count("participations", filter=Q(participations__status=Status.PENDING)),
    )
    if call:
        projects = projects.filter(call_id=call)
    if stage:
        projects = projects.filter(stage=stage)
    if query:
        projects = projects.filter(search_filter(query, ["title", "lead__name"]))
    if organization is not None:
        projects = projects.filter(
            pk__in=Project.objects.filter(_organization_condition(organization)).values("pk")
        )
    return projects.order_by("-created_at", "-pk")


def projects_export_rows(*, projects) -> tuple[list[str], list[list]]:
    header = [
        gettext("Project"),
        gettext("Call for projects"),
        gettext("Project lead"),
        gettext("Stage"),
        gettext("Label decision"),
        gettext("Accepted partners"),
        gettext("Pending interests"),
        gettext("Submitted on"),
    ]
    rows = [
        [
            project.title,
            project.call.title,
            project.lead.name,
            project.get_stage_display(),
            project.get_label_decision_display() if project.label_decision else "",
            project.partner_count,
            project.pending_count,
            cell_text(timezone.localdate(project.created_at)),
        ]
        for project in projects
    ]
    return header, rows


# Stages shown as columns of the board, in the order projects move through them.
BOARD_STAGES = tuple(Stage)
# A column shows this many cards; the rest are counted and found in the filtered list.
BOARD_CARDS_PER_STAGE = 30


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int
    projects: list = field(default_factory=list)


def projects_board(*, call: str = "") -> list[BoardColumn]:
    """One column per stage with its count and its latest-moved projects. Two queries: the
    counts, then the projects (at most BOARD_CARDS_PER_STAGE per stage, by a window)."""
    projects = Project.objects.all()
    if call:
        projects = projects.filter(call_id=call)
    counts = dict(projects.values_list("stage").annotate(n=Count("pk")).order_by())
    ranked = (
        projects.select_related("call", "lead")
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("stage")],
                order_by=[F("stage_changed_at").desc(), F("pk").desc()],
            )
        )
        .order_by("-stage_changed_at", "-pk")
    )
    columns = {
        stage.value: BoardColumn(stage.value, stage.label, counts.get(stage.value, 0))
        for stage in BOARD_STAGES
    }
    for project in ranked.filter(place__lte=BOARD_CARDS_PER_STAGE):
        columns[project.stage].projects.append(project)
    return list(columns.values())


def project_staff_detail(pk: int) -> Project:
    return (
        Project.objects.select_related("call", "lead", "submitted_by")
        .prefetch_related(
            "sought_competences",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organization", "contact"),
            ),
            Prefetch(
                "stage_changes", queryset=ProjectStageChange.objects.select_related("changed_by")
            ),
        )
        .get(pk=pk)
    )


# Scores and rankings.


@dataclass
class RankedProject:
    project: Project
    ratio: float | None  # Σ weight × mean score / Σ weight × max, over the criteria scored
    scorers: int
    criteria_scored: int


def call_ranking(*, call: Call) -> tuple[list[Criterion], list[RankedProject]]:
    """The call's projects by weighted average score, the best first; unscored ones last.
    Three queries: the criteria, the projects, the scores."""
    criteria = list(call.criteria.all())
    projects = list(call.projects.select_related("lead"))
    values = defaultdict(lambda: defaultdict(list))
    scorers = defaultdict(set)
    for project_id, criterion_id, scorer_id, value in Score.objects.filter(
        project__call=call
    ).values_list("project_id", "criterion_id", "scorer_id", "value"):
        values[project_id][criterion_id].append(value)
        scorers[project_id].add(scorer_id)
    ranked = []
    for project in projects:
        numerator = denominator = 0.0
        scored = 0
        for criterion in criteria:
            given = values[project.pk].get(criterion.pk)
            if not given:
                continue
            scored += 1
            numerator += criterion.weight * sum(given) / len(given)
            denominator += criterion.weight * criterion.max_score
        ratio = numerator / denominator if denominator else None
        ranked.append(RankedProject(project, ratio, len(scorers[project.pk]), scored))
    ranked.sort(key=lambda row: (row.ratio is None, -(row.ratio or 0), row.project.title))
    return criteria, ranked


def weighted_ratio(criteria: list[Criterion], scores: dict[int, int]) -> float | None:
    """Σ weight × score / Σ weight × max for one scorer's scores (criterion id → value)."""
    numerator = denominator = 0
    for criterion in criteria:
        if criterion.pk in scores:
            numerator += criterion.weight * scores[criterion.pk]
            denominator += criterion.weight * criterion.max_score
    return numerator / denominator if denominator else None


def project_scores_by_scorer(*, project: Project) -> list[dict]:
    """Each scorer's scores of the project: {"scorer", "scores": {criterion id: Score},
    "comment", "ratio"}, in the order they scored."""
    criteria = list(project.call.criteria.all())
    by_scorer: dict[int, dict] = {}
    for score in project.scores.select_related("scorer").order_by("scored_at", "pk"):
        row = by_scorer.setdefault(
            score.scorer_id, {"scorer": score.scorer, "scores": {}, "comment": ""}
        )
        row["scores"][score.criterion_id] = score
        row["comment"] = row["comment"] or score.comment
    for row in by_scorer.values():
        row["cells"] = [row["scores"].get(criterion.pk) for criterion in criteria]
        row["ratio"] = weighted_ratio(
            criteria, {pk: score.value for pk, score in row["scores"].items()}
        )
    return list(by_scorer.values())


# Member space.


def projects_member_list(*, call: str = "", query: str = "", organization_ids=()):
    """The projects of published calls members see, with their call and lead. With
    `organization_ids`, only those organizations' projects (lead or in the consortium)."""
    projects = Project.objects.filter(call__is_published=True).select_related("call", "lead")
    if call:
        projects = projects.filter(call_id=call)
    if query:
        projects = projects.filter(search_filter(query, ["title", "lead__name"]))
    if organization_ids:
        projects = projects.filter(
            Q(lead_id__in=organization_ids)
            | Q(
                participations__organization_id__in=organization_ids,
                participations__status__in=(Status.PENDING, Status.ACCEPTED),
            )
        ).distinct()
    return projects.order_by("-created_at", "-pk")


def project_member_detail(slug: str) -> Project:
    return (
        Project.objects.filter(call__is_published=True)
        .select_related("call", "lead")
        .prefetch_related(
            "sought_competences",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organization", "contact"),
            ),
        )
        .get(slug=slug)
    )


def organization_projects(*, organization, limit: int | None = None) -> list[Project]:
    """The projects an organization leads or is an accepted partner of, the latest first, for
    its 360° page (at most `limit` of them)."""
    projects = (
        Project.objects.filter(_organization_condition(organization))
        .distinct()
        .select_related("call", "lead")
        .order_by("-created_at", "-pk")
    )
    return list(projects if limit is None else projects[:limit])


def newsletter_open_calls(*, limit: int = 5, now=None) -> list[Call]:
    """The calls a newsletter sent at `now` announces: published by then and taking projects
    then, the nearest deadline first. Its web version shows them as they were."""
    now = now or timezone.now()
    return list(calls_open(now).filter(published_at__lte=now)[:limit])
