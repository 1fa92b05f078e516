"""The communication plan: its summary table, filters, exports and back-office forms."""

import csv
import datetime
import io
import random
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.formats import time_format
from openpyxl import load_workbook

from communications.models import Action, Indicator, Measurement, Objective, Target
from communications.selectors import plan as selectors
from members.models import Organization
from members.tests.factories import OrganizationFactory

PLAN_URL = "/en/staff/plan/"
Metric = Indicator.Metric
TODAY = timezone.localdate()


def _objective(title, scope="external", horizon="short", position=0):
    return Objective.objects.create(title_fr=title, scope=scope, horizon=horizon, position=position)


def _action(objective, title, *, stage="planned", planned=0, spent=0, targets=("etat",), **extra):
    action = Action.objects.create(
        objective=objective,
        title=title,
        channel=Action.Channel.PRESS,
        stage=stage,
        budget_planned=Decimal(planned),
        budget_spent=Decimal(spent),
        **extra,
    )
    action.targets.set(Target.objects.filter(slug__in=targets))
    return action


def _field_errors(html: str, field: str) -> str:
    match = re.search(rf'<ul class="errors" id="id_{field}_errors">(.*?)</ul>', html, re.S)
    assert match, f"no error list next to {field}"
    return match.group(1)


@pytest.fixture
def plan(db):
    visibility = _objective("Être connu", position=1)
    press = _action(visibility, "Communiqués", stage="in_progress", planned=1500, spent=400)
    _action(visibility, "Dossier de presse", stage="done", planned=800, spent=820)
    cohesion = _objective("Fédérer les membres", scope="internal", horizon="long", position=2)
    _action(cohesion, "Rencontres mensuelles", planned=3000, spent=0, targets=("adherents",))
    articles = Indicator.objects.create(
        objective=visibility,
        action=press,
        name_fr="Articles de presse",
        target_value=Decimal(12),
        unit="articles",
    )
    Measurement.objects.create(
        indicator=articles, measured_on=datetime.date(2026, 1, 31), value=Decimal(2)
    )
    Measurement.objects.create(
        indicator=articles, measured_on=datetime.date(2026, 3, 31), value=Decimal(5)
    )
    members = Indicator.objects.create(
        objective=cohesion, name_fr="Adhérents", metric=Metric.MEMBER_COUNT, target_value=150
    )
    return {
        "visibility": visibility,
        "cohesion": cohesion,
        "articles": articles,
        "members": members,
    }


def test_plan_table_groups_actions_and_sums_budgets(plan):
    OrganizationFactory.create_batch(3)

    table = selectors.plan_table()

    assert [row.objective.title for row in table.objectives] == [
        "Être connu",
        "Fédérer les membres",
    ]
    visibility, cohesion = table.objectives
    assert [row.action.title for row in visibility.actions] == ["Communiqués", "Dossier de presse"]
    assert (visibility.budget_planned, visibility.budget_spent) == (2300, 1220)
    assert (table.budget_planned, table.budget_spent) == (5300, 1220)
    articles = visibility.actions[0].indicators[0]
    assert (articles.latest_value, articles.latest_on) == (5, datetime.date(2026, 3, 31))
    assert articles.live_value is None
    assert articles.reached is False
    members = cohesion.indicators[0]
    assert members.latest_value is None
    assert members.live_value == 3


@pytest.mark.parametrize(
    ("filters", "objectives", "actions"),
    [
        ({"scope": "internal"}, ["Fédérer les membres"], ["Rencontres mensuelles"]),
        ({"horizon": "short"}, ["Être connu"], ["Communiqués", "Dossier de presse"]),
        ({"stage": "done"}, ["Être connu"], ["Dossier de presse"]),
    ],
)
def test_plan_table_filters(plan, filters, objectives, actions):
    table = selectors.plan_table(**filters)

    assert [row.objective.title for row in table.objectives] == objectives
    assert [a.action.title for row in table.objectives for a in row.actions] == actions


def test_plan_page_shows_the_table(plan, personas, client_for):
    html = client_for("staff").get(PLAN_URL, {"stage": "in_progress"}).content.decode()

    assert "Communiqués" in html
    assert "Dossier de presse" not in html
    assert "State and public institutions" in html
    assert "measured 5 articles on" in html


@pytest.mark.parametrize("size", [1, 4])
def test_plan_page_query_count_does_not_grow(personas, client_for, django_assert_num_queries, size):
    for number in range(size):
        objective = _objective(f"Objectif {number}")
        Indicator.objects.create(
            objective=objective, name_fr=f"Membres {number}", metric=Metric.MEMBER_COUNT
        )
        for action_number in range(size):
            action = _action(objective, f"Action {number}-{action_number}", planned=100)
            indicator = Indicator.objects.create(
                objective=objective, action=action, name_fr=f"Visites {number}-{action_number}"
            )
            Measurement.objects.create(indicator=indicator, value=action_number)
    client = client_for("staff")

    # session, user, the header's "is a member" check; objectives, actions with owners,
    # targets, the actions' indicators, the objectives' own indicators (each with its latest
    # measurement); the live member count.
    with django_assert_num_queries(9):
        response = client.get(PLAN_URL)

    assert response.status_code == 200
    assert response.content.decode().count('class="plan-action"') == size * size
    # Within a few minutes the live member count is read back, not counted again.
    with django_assert_num_queries(8):
        assert client.get(PLAN_URL).status_code == 200


def test_live_figures_are_kept_a_few_minutes_and_the_page_says_when_they_were_counted(
    plan, personas, client_for
):
    from django.core.cache import cache

    OrganizationFactory.create_batch(3)
    count = Organization.objects.members().count()
    first = selectors.plan_table()
    assert first.objectives[1].indicators[0].live_value == count
    counted_at = first.live_counted_at
    assert counted_at is not None and counted_at <= timezone.now()

    OrganizationFactory()
    again = selectors.plan_table()
    assert again.objectives[1].indicators[0].live_value == count
    assert again.live_counted_at == counted_at
    html = client_for("staff").get(PLAN_URL).content.decode()
    with translation.override("en"):
        shown = time_format(timezone.localtime(counted_at), "TIME_FORMAT")
    assert "Figures marked “now” as of" in html and shown in html
    assert f"now {count}" in html

    # Kept for LIVE_FIGURES_SECONDS in Redis, then counted again.
    key = cache.make_and_validate_key(f"plan:live:{timezone.localdate().isoformat()}:member_count")
    assert 0 < cache._cache.get_client(key).ttl(key) <= selectors.LIVE_FIGURES_SECONDS
    cache.delete(f"plan:live:{timezone.localdate().isoformat()}:member_count")
    recounted = selectors.plan_table()
    assert recounted.objectives[1].indicators[0].live_value == count + 1
    assert recounted.live_counted_at > counted_at


def test_a_plan_without_live_indicators_says_nothing_of_when_figures_were_counted(
    plan, personas, client_for
):
    plan["members"].delete()

    assert selectors.plan_table().live_counted_at is None
    assert "Figures marked" not in client_for("staff").get(PLAN_URL).content.decode()


def test_plan_xlsx_export_reads_back_and_neutralises_formulas(plan, personas, client_for):
    _action(plan["visibility"], '=HYPERLINK("http://evil","clic")', planned=10)

    response = client_for("staff").get(PLAN_URL, {"export": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Objective"
    titles = [row[3] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil","clic")' in titles
    press = next(row for row in rows if row[3] == "Communiqués")
    assert press[4] == "State and public institutions"
    assert press[8] == "In progress"
    assert "Articles de presse" in press[9] and "2026-03-31" in press[9]
    assert (press[10], press[11]) == ("1500.00", "400.00")
    assert rows[-1][0] == "Total"
    assert (rows[-1][10], rows[-1][11]) == ("5310.00", "1220.00")


def test_plan_csv_export_follows_the_filters(plan, personas, client_for):
    response = client_for("staff").get(PLAN_URL, {"export": "csv", "scope": "internal"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {row[0] for row in rows[1:-1]} == {"Fédérer les membres"}
    assert rows[-1][-2:] == ["3000.00", "0.00"]


# --- back-office forms ----------------------------------------------------------------------


def test_staff_creates_an_action_with_targets_and_owner(plan, personas, client_for):
    client = client_for("staff")
    targets = Target.objects.filter(slug__in=["etat", "collectivites"])

    response = client.post(
        "/en/staff/plan/actions/new/",
        {
            "objective": plan["visibility"].pk,
            "title": "Conférence de presse",
            "targets": [target.pk for target in targets],
            "channel": "press",
            "owner": personas.staff.pk,
            "due_on": "2026-06-30",
            "stage": "planned",
            "budget_planned": "500",
            "budget_spent": "0",
        },
    )

    assert response.status_code == 302
    action = Action.objects.get(title="Conférence de presse")
    assert set(action.targets.all()) == set(targets)
    assert action.owner == personas.staff


def test_action_needs_a_target_a_staff_owner_and_no_negative_budget(plan, personas, client_for):
    response = client_for("staff").post(
        "/en/staff/plan/actions/new/",
        {
            "objective": plan["visibility"].pk,
            "title": "Mauvaise action",
            "channel": "press",
            "owner": personas.member_admin.pk,
            "stage": "planned",
            "budget_planned": "-5",
            "budget_spent": "0",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    for field in ("targets", "owner", "budget_planned"):
        assert _field_errors(html, field).strip()
    assert not Action.objects.filter(title="Mauvaise action").exists()


def test_indicator_must_measure_an_objective_or_an_action(plan, personas, client_for):
    client = client_for("staff")
    data = {"name_fr": "Notoriété", "metric": "manual", "target_value": "60", "unit": "%"}

    refused = client.post("/en/staff/plan/indicators/new/", data)
    assert _field_errors(refused.content.decode(), "objective").strip()

    action = plan["visibility"].actions.first()
    client.post("/en/staff/plan/indicators/new/", {**data, "action": action.pk})
    indicator = Indicator.objects.get(name_fr="Notoriété")
    # Found under its action's objective in the table.
    assert indicator.objective == plan["visibility"]


def test_staff_enters_manual_measurements_one_per_day(plan, personas, client_for):
    client = client_for("staff")
    url = f"/en/staff/plan/indicators/{plan['articles'].pk}/measurements/"

    client.post(url, {"measured_on": "2026-04-30", "value": "7", "note": "Revue de presse"})
    client.post(url, {"measured_on": "2026-04-30", "value": "8", "note": "Corrigé"})
    refused = client.post(url, {"measured_on": "2026-05-31", "value": "beaucoup"})

    assert _field_errors(refused.content.decode(), "value").strip()
    latest = plan["articles"].measurements.get(measured_on=datetime.date(2026, 4, 30))
    assert (latest.value, latest.note, latest.is_automatic) == (8, "Corrigé", False)
    assert plan["articles"].measurements.count() == 3
    assert "Corrigé" in client.get(url).content.decode()


def test_deleting_an_objective_deletes_its_actions_and_indicators(plan, personas, client_for):
    response = client_for("staff").post(
        f"/en/staff/plan/objectives/{plan['visibility'].pk}/delete/"
    )

    assert response.status_code == 302
    assert not Action.objects.filter(objective_id=plan["visibility"].pk).exists()
    assert not Indicator.objects.filter(pk=plan["articles"].pk).exists()


def test_demo_data_fills_the_press_room_and_the_plan(personas, client_for):
    from communications.demo import content_seed
    from communications.models import PressAsset

    counts = content_seed(
        rng=random.Random(1), staff_user=personas.staff, animators=[personas.staff], today=TODAY
    )

    assert counts["objectives"] == Objective.objects.count() >= 4
    assert {objective.scope for objective in Objective.objects.all()} == {"internal", "external"}
    brochure = PressAsset.objects.get(is_gated=True)
    with brochure.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    # Manual readings of the past and today's automatic figures.
    assert Measurement.objects.filter(is_automatic=False).count() >= 5
    assert Measurement.objects.filter(is_automatic=True, measured_on=TODAY).exists()
    client = client_for("staff")
    assert client.get(PLAN_URL).status_code == 200
    assert client.get("/en/press/").status_code == 200
