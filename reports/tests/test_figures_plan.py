"""The communication plan's section of a report's snapshot, on a plan built by hand. The
report covers the 2nd quarter of 2025."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from communications.models import Action, Indicator, Measurement, Objective
from reports.periods import Period, Periods
from reports.selectors.plan import plan_section

Q2_2025 = Periods.around(Period.of("quarter", 2025, 2))
Channel = Action.Channel
Stage = Action.Stage


def objective(title, position, scope="internal", horizon="short"):
    return Objective.objects.create(
        title_fr=title, title_en=f"{title} (en)", scope=scope, horizon=horizon, position=position
    )


def action(objective, title, channel, due_on, planned, spent, stage=Stage.PLANNED):
    return Action.objects.create(
        objective=objective,
        title=title,
        channel=channel,
        due_on=due_on,
        stage=stage,
        budget_planned=Decimal(planned),
        budget_spent=Decimal(spent),
    )


def indicator(name, *, objective=None, action=None, target=None, unit="", measures=()):
    row = Indicator.objects.create(
        objective=objective,
        action=action,
        name_fr=name,
        name_en=f"{name} (en)",
        target_value=None if target is None else Decimal(target),
        unit=unit,
    )
    for day, value in measures:
        Measurement.objects.create(indicator=row, measured_on=day, value=Decimal(value))
    return row


@pytest.fixture
def plan(db):
    # Created out of order: the report follows the display order.
    notoriety = objective("Être connu", 2, scope="external", horizon="long")
    loyalty = objective("Fidéliser les adhérents", 1)
    action(
        loyalty,
        "Lettre mensuelle",
        Channel.NEWSLETTER,
        datetime.date(2025, 3, 31),
        "1200.50",
        "800",
        Stage.IN_PROGRESS,
    )
    action(loyalty, "Enquête annuelle", Channel.EMAIL, None, "300", "0")
    action(
        loyalty,
        "Vidéo de présentation",
        Channel.WEBSITE,
        datetime.date(2024, 11, 30),
        "5000",
        "4800",
        Stage.DONE,
    )
    release = action(
        notoriety, "Communiqué", Channel.PRESS, datetime.date(2025, 12, 15), "2000", "0"
    )
    action(notoriety, "Salon", Channel.EVENT, datetime.date(2026, 2, 1), "10000", "0")
    indicator(
        "Articles de presse",
        objective=loyalty,
        target=12,
        unit="articles",
        measures=[
            (datetime.date(2025, 5, 31), 4),
            (datetime.date(2025, 6, 30), 5),
            (datetime.date(2025, 7, 31), 7),
        ],
    )
    indicator("Visites du site", objective=loyalty)
    indicator(
        "Membres", objective=notoriety, target=150, measures=[(datetime.date(2025, 7, 1), 140)]
    )
    indicator(
        "Reprises du communiqué",
        action=release,
        target="2.5",
        measures=[(datetime.date(2025, 4, 2), "1.5")],
    )


def test_objectives_in_order_with_their_actions(plan):
    objectives = plan_section(periods=Q2_2025)["objectives"]

    assert objectives == [
        {
            "title_fr": "Fidéliser les adhérents",
            "title_en": "Fidéliser les adhérents (en)",
            "scope": "internal",
            "horizon": "short",
            "actions": [
                {
                    "title": "Vidéo de présentation",
                    "channel": "website",
                    "stage": "done",
                    "due_on": "2024-11-30",
                    "budget_planned": 5000.0,
                    "budget_spent": 4800.0,
                },
                {
                    "title": "Lettre mensuelle",
                    "channel": "newsletter",
                    "stage": "in_progress",
                    "due_on": "2025-03-31",
                    "budget_planned": 1200.5,
                    "budget_spent": 800.0,
                },
                {
                    "title": "Enquête annuelle",
                    "channel": "email",
                    "stage": "planned",
                    "due_on": None,
                    "budget_planned": 300.0,
                    "budget_spent": 0.0,
                },
            ],
        },
        {
            "title_fr": "Être connu",
            "title_en": "Être connu (en)",
            "scope": "external",
            "horizon": "long",
            "actions": [
                {
                    "title": "Communiqué",
                    "channel": "press",
                    "stage": "planned",
                    "due_on": "2025-12-15",
                    "budget_planned": 2000.0,
                    "budget_spent": 0.0,
                },
                {
                    "title": "Salon",
                    "channel": "event",
                    "stage": "planned",
                    "due_on": "2026-02-01",
                    "budget_planned": 10000.0,
                    "budget_spent": 0.0,
                },
            ],
        },
    ]


def test_budget_sums_the_actions_due_in_the_year_or_undated(plan):
    # 1200.50 + 300 + 2000 planned, 800 spent: the 2024 video and the 2026 fair are left out.
    assert plan_section(periods=Q2_2025)["budget"] == {"planned": 3500.5, "spent": 800.0}


def test_indicators_with_their_latest_measure_up_to_the_end(plan):
    assert plan_section(periods=Q2_2025)["indicators"] == [
        {
            "name_fr": "Articles de presse",
            "name_en": "Articles de presse (en)",
            "unit": "articles",
            "target": 12.0,
            "value": 5.0,
            "measured_on": "2025-06-30",
        },
        {
            "name_fr": "Visites du site",
            "name_en": "Visites du site (en)",
            "unit": "",
            "target": None,
            "value": None,
            "measured_on": None,
        },
        # Measured only after the quarter.
        {
            "name_fr": "Membres",
            "name_en": "Membres (en)",
            "unit": "",
            "target": 150.0,
            "value": None,
            "measured_on": None,
        },
        # An action's indicator, after the objectives'.
        {
            "name_fr": "Reprises du communiqué",
            "name_en": "Reprises du communiqué (en)",
            "unit": "",
            "target": 2.5,
            "value": 1.5,
            "measured_on": "2025-04-02",
        },
    ]


def test_a_running_quarter_takes_the_measures_up_to_today(plan, monkeypatch):
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return datetime.date(2025, 6, 15) if value is None else real_localdate(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)

    press = plan_section(periods=Q2_2025)["indicators"][0]

    assert (press["value"], press["measured_on"]) == (4.0, "2025-05-31")


def test_an_empty_plan(db):
    assert plan_section(periods=Q2_2025) == {
        "objectives": [],
        "indicators": [],
        "budget": {"planned": 0.0, "spent": 0.0},
    }


def test_plan_takes_three_queries_whatever_the_rows(plan, django_assert_num_queries):
    # 1. the objectives, 2. their actions, 3. the indicators with their latest measurement.
    with django_assert_num_queries(3):
        plan_section(periods=Q2_2025)

    for number in range(3):
        more = objective(f"Objectif {number}", 10 + number)
        for day in range(1, 4):
            done = action(
                more, f"Action {number}.{day}", Channel.SOCIAL, datetime.date(2025, 5, day), 100, 50
            )
            indicator(
                f"Indicateur {number}.{day}",
                action=done,
                target=10,
                measures=[(datetime.date(2025, 5, d), d) for d in range(1, 5)],
            )
    with django_assert_num_queries(3):
        figures = plan_section(periods=Q2_2025)

    assert len(figures["objectives"]) == 5
    assert len(figures["indicators"]) == 13
    assert figures["budget"] == {"planned": 4400.5, "spent": 1250.0}
