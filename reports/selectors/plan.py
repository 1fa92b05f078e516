"""The communication plan's figures of a report (see reports.selectors.snapshot for the
schema).

- objectives: every objective in its display order, with every one of its actions (by due
  date, undated last).
- indicators: every indicator with its target and its latest measurement taken on or
  before the period's end day (today while the period runs); value and date null when
  none was.
- budget: the planned and spent budgets summed over the actions due in the period's
  calendar year or undated, whatever their stage.
"""

from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Subquery

from communications.models import Action, Indicator, Measurement, Objective
from reports.periods import Periods
from reports.selectors.events import end_day


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def plan_section(*, periods: Periods) -> dict:
    """The "plan" part of the snapshot, in three queries: the objectives, their actions
    (prefetched), and the indicators with their latest measurement (subqueries)."""
    current = periods.current
    year = current.year
    objectives = []
    planned = spent = Decimal(0)
    actions_in_order = Action.objects.order_by(F("due_on").asc(nulls_last=True), "pk")
    for objective in Objective.objects.order_by("position", "pk").prefetch_related(
        Prefetch("actions", queryset=actions_in_order)
    ):
        actions = []
        for action in objective.actions.all():
            actions.append(
                {
                    "title": action.title,
                    "channel": action.channel,
                    "stage": action.stage,
                    "due_on": action.due_on.isoformat() if action.due_on else None,
                    "budget_planned": float(action.budget_planned),
                    "budget_spent": float(action.budget_spent),
                }
            )
            if action.due_on is None or action.due_on.year == year:
                planned += action.budget_planned
                spent += action.budget_spent
        objectives.append(
            {
                "title_fr": objective.title_fr,
                "title_en": objective.title_en,
                "scope": objective.scope,
                "horizon": objective.horizon,
                "actions": actions,
            }
        )
    latest = Measurement.objects.filter(
        indicator=OuterRef("pk"), measured_on__lte=end_day(current)
    ).order_by("-measured_on")[:1]
    indicators = (
        Indicator.objects.annotate(
            value=Subquery(latest.values("value")),
            measured_on=Subquery(latest.values("measured_on")),
        )
        .order_by("objective__position", "objective", "pk")
        .values("name_fr", "name_en", "unit", "target_value", "value", "measured_on")
    )
    return {
        "objectives": objectives,
        "indicators": [
            {
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "unit": row["unit"],
                "target": _number(row["target_value"]),
                "value": _number(row["value"]),
                "measured_on": row["measured_on"].isoformat() if row["measured_on"] else None,
            }
            for row in indicators
        ],
        "budget": {"planned": float(planned), "spent": float(spent)},
    }
