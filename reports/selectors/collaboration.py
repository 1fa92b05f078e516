"""The collaboration figures of a report: collaborative projects, introductions between
members and the opportunities board.

Definitions (see reports.selectors.snapshot for the JSON they fill):

- A period runs from its first day's local midnight to the local midnight after its end day,
  min(period.end, today): an unfinished period is read up to today.
- projects_submitted: projects created in the period; projects_labelled: projects whose
  label decision "labelled" is dated in the period.
- introductions_asked: introductions asked in the period (staff's included);
  introductions_made: introductions accepted in the period (staff's are accepted when made).
- opportunities_posted: opportunities published on the board in the period, by kind too.
- projects_by_stage: each project created by the end of the current period, at the stage it
  had then (its latest stage change up to that moment; "idea" before any), most first.

Four queries whatever the number of rows: see collaboration_section.
"""

from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from collaboration.models import Introduction, Opportunity, Project, ProjectStageChange
from reports.periods import Periods, local_midnight

FIGURES = (
    "projects_submitted",
    "projects_labelled",
    "introductions_asked",
    "introductions_made",
    "opportunities_posted",
)


def collaboration_section(*, periods: Periods, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    days = {name: (period.start, min(period.end, today)) for name, period in periods.items()}
    moments = {
        name: (local_midnight(first), local_midnight(last + timedelta(days=1)))
        for name, (first, last) in days.items()
    }
    figures = {name: dict.fromkeys(FIGURES, 0) for name in days}

    projects = Project.objects.aggregate(
        **{
            f"{name}_submitted": Count("pk", filter=Q(created_at__gte=start, created_at__lt=end))
            for name, (start, end) in moments.items()
        },
        **{
            f"{name}_labelled": Count(
                "pk",
                filter=Q(
                    label_decision=Project.LabelDecision.LABELLED,
                    label_decided_on__gte=first,
                    label_decided_on__lte=last,
                ),
            )
            for name, (first, last) in days.items()
        },
    )
    introductions = Introduction.objects.aggregate(
        **{
            f"{name}_asked": Count("pk", filter=Q(created_at__gte=start, created_at__lt=end))
            for name, (start, end) in moments.items()
        },
        **{
            f"{name}_made": Count(
                "pk",
                filter=Q(
                    status=Introduction.Status.ACCEPTED,
                    decided_at__gte=start,
                    decided_at__lt=end,
                ),
            )
            for name, (start, end) in moments.items()
        },
    )
    # By first publication: an item edited since (back to moderation, even rejected then)
    # or withdrawn was on the board all the same, and a past period's figure never changes.
    published = {
        name: Q(first_published_at__gte=start, first_published_at__lt=end)
        for name, (start, end) in moments.items()
    }
    any_period = Q()
    for condition in published.values():
        any_period |= condition
    by_kind = {name: [] for name in days}
    for row in (
        Opportunity.objects.filter(any_period)
        .values("kind")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in published.items()})
        .order_by()
    ):
        for name in days:
            if row[name]:
                by_kind[name].append({"key": row["kind"], "count": row[name]})
    for name in days:
        figures[name]["projects_submitted"] = projects[f"{name}_submitted"]
        figures[name]["projects_labelled"] = projects[f"{name}_labelled"]
        figures[name]["introductions_asked"] = introductions[f"{name}_asked"]
        figures[name]["introductions_made"] = introductions[f"{name}_made"]
        figures[name]["opportunities_posted"] = sum(row["count"] for row in by_kind[name])
        figures[name]["opportunities_by_kind"] = sorted(
            by_kind[name], key=lambda row: (-row["count"], row["key"])
        )
    return {**figures, "projects_by_stage": _projects_by_stage(moments["current"][1])}


def _projects_by_stage(end) -> list[dict]:
    stage_then = Subquery(
        ProjectStageChange.objects.filter(project=OuterRef("pk"), changed_at__lt=end)
        .order_by("-changed_at", "-pk")
        .values("to_stage")[:1]
    )
    rows = (
        Project.objects.filter(created_at__lt=end)
        .annotate(stage_then=Coalesce(stage_then, Value(Project.Stage.IDEA)))
        .values("stage_then")
        .annotate(count=Count("pk"))
        .order_by()
    )
    result = [{"key": row["stage_then"], "count": row["count"]} for row in rows]
    return sorted(result, key=lambda row: (-row["count"], row["key"]))
