"""The communication plan: objectives, actions, indicators and measurements. The summary
table it shows is read in communications.selectors.plan."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from communications.models import Action, Indicator, Measurement, Objective


@transaction.atomic
def objective_save(*, objective: Objective, data: dict) -> Objective:
    for name, value in data.items():
        setattr(objective, name, value)
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective) -> None:
    objective.delete()


@transaction.atomic
def action_save(*, action: Action, data: dict) -> Action:
    data = dict(data)
    targets = data.pop("targets", None)
    for name, value in data.items():
        setattr(action, name, value)
    action.full_clean(exclude=["targets"])
    action.save()
    if targets is not None:
        action.targets.set(targets)
    return action


@transaction.atomic
def action_delete(*, action: Action) -> None:
    action.delete()


@transaction.atomic
def indicator_save(*, indicator: Indicator, data: dict) -> Indicator:
    for name, value in data.items():
        setattr(indicator, name, value)
    # An indicator of an action belongs to the action's objective too: the table groups by it.
    if indicator.action_id:
        indicator.objective_id = indicator.action.objective_id
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    indicator.delete()


@transaction.atomic
def measurement_record(
    *, indicator: Indicator, measured_on: date, value: Decimal, note: str = ""
) -> Measurement:
    """Staff's reading of an indicator on a day; a second reading the same day replaces
    the first (one measurement per indicator and day)."""
    measurement, _created = Measurement.objects.update_or_create(
        indicator=indicator,
        measured_on=measured_on,
        defaults={"value": value, "note": note, "is_automatic": False},
    )
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement) -> None:
    measurement.delete()
