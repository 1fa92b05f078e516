"""Reads of the communication plan: the summary table the strategy asks for (objective →
actions → targets → stage → indicators → budget), its export, and an indicator's
measurements."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from communications.models import Action, Indicator, Measurement, Objective
from communications.selectors.indicators import MEASURES, metric_values

Metric = Indicator.Metric
# The live figures count whole tables (members, survey answers, attendance...) and took
# most of the plan page's time. The page reads them as counted within these few minutes,
# and says when that was; the daily snapshot (services.indicators) always counts afresh.
LIVE_FIGURES_SECONDS = 5 * 60


def indicator_measurements(*, indicator: Indicator, limit: int) -> QuerySet[Measurement]:
    """The indicator's latest measurements, newest first."""
    return indicator.measurements.order_by("-measured_on")[:limit]


# The summary table.


@dataclass
class IndicatorRow:
    indicator: Indicator
    # The latest recorded measurement (value and date), None when there is none yet.
    latest_value: Decimal | None
    latest_on: date | None
    # What the portal measures right now; None for manual indicators or when not measurable.
    live_value: Decimal | None

    @property
    def is_measured(self) -> bool:
        return self.indicator.metric != Metric.MANUAL

    @property
    def reached(self) -> bool | None:
        value = self.live_value if self.live_value is not None else self.latest_value
        if value is None or self.indicator.target_value is None:
            return None
        return value >= self.indicator.target_value


@dataclass
class ActionRow:
    action: Action
    indicators: list[IndicatorRow]


@dataclass
class ObjectiveRow:
    objective: Objective
    actions: list[ActionRow]
    indicators: list[IndicatorRow]
    budget_planned: Decimal = Decimal(0)
    budget_spent: Decimal = Decimal(0)


@dataclass
class PlanTable:
    objectives: list[ObjectiveRow] = field(default_factory=list)
    budget_planned: Decimal = Decimal(0)
    budget_spent: Decimal = Decimal(0)
    # When the oldest live figure shown was counted; None when none is shown.
    live_counted_at: datetime | None = None


def _indicators_with_latest() -> QuerySet[Indicator]:
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on")
    return Indicator.objects.annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_on=Subquery(latest.values("measured_on")[:1]),
    ).order_by("id")


def _indicator_row(indicator: Indicator, live: dict) -> IndicatorRow:
    return IndicatorRow(
        indicator=indicator,
        latest_value=indicator.latest_value,
        latest_on=indicator.latest_on,
        live_value=live.get(indicator.metric),
    )


def live_metric_values(
    *, metrics: Iterable[str], today: date
) -> tuple[dict[str, Decimal | None], datetime | None]:
    """Each measured metric's value as counted in the last LIVE_FIGURES_SECONDS (counted
    now, and kept, when it was not), with when the oldest of them was counted. One cache
    round trip, plus one query per metric to count."""
    keys = {metric: f"plan:live:{today.isoformat()}:{metric}" for metric in set(metrics)}
    keys = {metric: key for metric, key in keys.items() if metric in MEASURES}
    stored = cache.get_many(keys.values()) if keys else {}
    found = {metric: stored[key] for metric, key in keys.items() if key in stored}
    missing = [metric for metric in keys if metric not in found]
    if missing:
        counted_at = timezone.now()
        counted = {
            metric: (value, counted_at)
            for metric, value in metric_values(metrics=missing, today=today).items()
        }
        cache.set_many(
            {keys[metric]: pair for metric, pair in counted.items()}, LIVE_FIGURES_SECONDS
        )
        found.update(counted)
    values = {metric: value for metric, (value, _at) in found.items()}
    return values, min((at for _value, at in found.values()), default=None)


def plan_table(
    *, scope: str = "", horizon: str = "", stage: str = "", today: date | None = None
) -> PlanTable:
    """The plan, filtered by objective scope and horizon and by action stage, with each
    indicator's latest measurement and live value and the budgets summed per objective
    and overall.

    Queries: objectives, their actions (with owners), the actions' targets, the actions'
    indicators, the objectives' own indicators, then one per measured metric in use that
    was not counted in the last few minutes (`live_metric_values`)."""
    objectives = Objective.objects.all()
    if scope:
        objectives = objectives.filter(scope=scope)
    if horizon:
        objectives = objectives.filter(horizon=horizon)
    actions = Action.objects.select_related("owner").order_by("due_on", "id")
    if stage:
        actions = actions.filter(stage=stage)
        objectives = objectives.filter(actions__stage=stage).distinct()
    objectives = objectives.prefetch_related(
        Prefetch(
            "actions",
            queryset=actions.prefetch_related(
                "targets",
                Prefetch(
                    "indicators", queryset=_indicators_with_latest(), to_attr="indicator_list"
                ),
            ),
            to_attr="action_list",
        ),
        Prefetch(
            "indicators",
            queryset=_indicators_with_latest().filter(action__isnull=True),
            to_attr="own_indicators",
        ),
    )
    objectives = list(objectives)
    metrics = {
        indicator.metric
        for objective in objectives
        for indicator in [
            *objective.own_indicators,
            *(i for action in objective.action_list for i in action.indicator_list),
        ]
    }
    live, live_counted_at = live_metric_values(metrics=metrics, today=today or timezone.localdate())
    table = PlanTable(live_counted_at=live_counted_at)
    for objective in objectives:
        row = ObjectiveRow(
            objective=objective,
            actions=[
                ActionRow(
                    action=action,
                    indicators=[_indicator_row(i, live) for i in action.indicator_list],
                )
                for action in objective.action_list
            ],
            indicators=[_indicator_row(i, live) for i in objective.own_indicators],
        )
        for action in objective.action_list:
            row.budget_planned += action.budget_planned
            row.budget_spent += action.budget_spent
        table.objectives.append(row)
        table.budget_planned += row.budget_planned
        table.budget_spent += row.budget_spent
    return table


def _indicator_text(row: IndicatorRow) -> str:
    indicator = row.indicator
    unit = f" {indicator.unit}" if indicator.unit else ""
    parts = [indicator.name]
    if indicator.target_value is not None:
        parts.append(
            _("target %(value)s%(unit)s") % {"value": indicator.target_value, "unit": unit}
        )
    if row.latest_value is not None:
        parts.append(
            _("measured %(value)s%(unit)s on %(date)s")
            % {"value": row.latest_value, "unit": unit, "date": row.latest_on.isoformat()}
        )
    else:
        parts.append(_("not measured yet"))
    if row.live_value is not None:
        parts.append(_("now %(value)s%(unit)s") % {"value": row.live_value, "unit": unit})
    return " — ".join(parts)


def plan_export_rows(*, table: PlanTable) -> tuple[list[str], Iterator[list]]:
    """The summary table flattened for a spreadsheet: one row per action, a row for the
    objective's own indicators and its budget totals, and the overall totals last."""
    header = [
        _("Objective"),
        _("Internal or external"),
        _("Horizon"),
        _("Action"),
        _("Targets"),
        _("Channel"),
        _("Owner"),
        _("Due"),
        _("Stage"),
        _("Indicators"),
        _("Planned budget (€)"),
        _("Budget spent (€)"),
    ]

    def rows():
        for row in table.objectives:
            objective = row.objective
            lead = [objective.title, objective.get_scope_display(), objective.get_horizon_display()]
            for action_row in row.actions:
                action = action_row.action
                yield [
                    *lead,
                    action.title,
                    ", ".join(target.name for target in action.targets.all()),
                    action.get_channel_display(),
                    (action.owner.get_full_name() or action.owner.email) if action.owner else "",
                    action.due_on,
                    action.get_stage_display(),
                    "\n".join(_indicator_text(i) for i in action_row.indicators),
                    action.budget_planned,
                    action.budget_spent,
                ]
            yield [
                *lead,
                _("Total for the objective"),
                "",
                "",
                "",
                None,
                "",
                "\n".join(_indicator_text(i) for i in row.indicators),
                row.budget_planned,
                row.budget_spent,
            ]
        yield [
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            "",
            None,
            "",
            "",
            table.budget_planned,
            table.budget_spent,
        ]

    return header, rows()
