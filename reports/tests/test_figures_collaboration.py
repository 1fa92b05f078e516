"""The collaboration figures of a report: projects, introductions and opportunities, on
hand-built rows whose answers are counted by hand.

The report covers the third quarter of 2026 (previous: Q2 2026, year before: Q3 2025).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from collaboration.models import Call, Introduction, Opportunity, Project, ProjectStageChange
from members.tests.factories import OrganizationFactory
from reports.periods import Period, Periods
from reports.selectors.collaboration import collaboration_section

PARIS = ZoneInfo("Europe/Paris")
Q3_2026 = Periods.around(Period.of("quarter", 2026, 3))
AFTER_Q3 = date(2026, 10, 15)
Stage = Project.Stage


def _at(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=PARIS)


@pytest.fixture
def rows(db):
    alpha, beta, gamma, delta = (OrganizationFactory() for _ in range(4))
    call = Call.objects.create(slug="appel", title_fr="Appel", deadline=_at(2026, 12, 1))

    def project(slug, created, changes=(), label_on=None):
        made = Project.objects.create(
            call=call, slug=slug, title=slug, summary="…", lead=alpha, stage=Stage.IDEA
        )
        Project.objects.filter(pk=made.pk).update(
            created_at=created,
            label_decision="labelled" if label_on else "",
            label_decided_on=label_on,
        )
        for stage, moment in changes:
            ProjectStageChange.objects.create(project=made, to_stage=stage, changed_at=moment)

    # Submitted in Q3 2026, labelled in September, then funded in October (after the period).
    project(
        "capteurs",
        _at(2026, 7, 2),
        [
            (Stage.SUBMITTED, _at(2026, 8, 1)),
            (Stage.LABELLED, _at(2026, 9, 15)),
            (Stage.FUNDED, _at(2026, 10, 2)),
        ],
        label_on=date(2026, 9, 15),
    )
    # Submitted in Q3 2026 and still an idea at its end.
    project("jumeau", _at(2026, 9, 30, 23))
    # Q2 2026, consortium forming since June.
    project("cyber", _at(2026, 5, 5), [(Stage.FORMING, _at(2026, 6, 1))])
    # Q3 2025, labelled then.
    project("5g", _at(2025, 8, 1), [(Stage.LABELLED, _at(2025, 9, 1))], label_on=date(2025, 9, 1))
    # After the period: counted nowhere.
    project("tard", _at(2026, 10, 1, 1))

    def introduction(requester, target, asked, status="pending", decided=None):
        made = Introduction.objects.create(
            requester=requester, target=target, status=status, decided_at=decided
        )
        Introduction.objects.filter(pk=made.pk).update(created_at=asked)

    introduction(alpha, beta, _at(2026, 7, 1), "accepted", _at(2026, 7, 3))
    introduction(beta, gamma, _at(2026, 6, 28), "accepted", _at(2026, 7, 1))  # asked in Q2
    introduction(gamma, alpha, _at(2026, 8, 1), "declined", _at(2026, 8, 2))
    introduction(alpha, gamma, _at(2026, 9, 1))
    introduction(delta, alpha, _at(2025, 7, 10), "accepted", _at(2025, 7, 11))

    def opportunity(slug, kind, published, status="published", first_published=None):
        Opportunity.objects.create(
            slug=slug,
            kind=kind,
            title=slug,
            description="…",
            apply_url="https://example.org/",
            expires_on=date(2027, 1, 1),
            status=status,
            published_at=published,
            first_published_at=first_published or published,
        )

    opportunity("stage-1", "internship", _at(2026, 7, 10))
    opportunity("stage-2", "internship", _at(2026, 8, 10), status="withdrawn")
    opportunity("emploi", "job", _at(2026, 9, 10))
    opportunity("attente", "job", None, status="pending")
    # Published in Q3, edited since: back to moderation, it counts in Q3 all the same.
    opportunity("retouche", "job", None, status="pending", first_published=_at(2026, 8, 20))
    opportunity("financement", "funding", _at(2026, 4, 10))
    opportunity("ancien", "training", _at(2025, 8, 10))


def test_figures_per_period(rows):
    section = collaboration_section(periods=Q3_2026, today=AFTER_Q3)

    current, previous, year_before = (
        section[name] for name in ("current", "previous", "year_before")
    )
    assert (current["projects_submitted"], current["projects_labelled"]) == (2, 1)
    assert (previous["projects_submitted"], previous["projects_labelled"]) == (1, 0)
    assert (year_before["projects_submitted"], year_before["projects_labelled"]) == (1, 1)
    assert (current["introductions_asked"], current["introductions_made"]) == (3, 2)
    assert (previous["introductions_asked"], previous["introductions_made"]) == (1, 0)
    assert (year_before["introductions_asked"], year_before["introductions_made"]) == (1, 1)
    # A withdrawn item was posted all the same, and one edited back to moderation since;
    # one waiting for its first moderation was not.
    assert current["opportunities_posted"] == 4
    assert current["opportunities_by_kind"] == [
        {"key": "internship", "count": 2},
        {"key": "job", "count": 2},
    ]
    assert previous["opportunities_by_kind"] == [{"key": "funding", "count": 1}]
    assert year_before["opportunities_by_kind"] == [{"key": "training", "count": 1}]


def test_projects_are_counted_at_the_stage_they_had_at_the_end_of_the_period(rows):
    section = collaboration_section(periods=Q3_2026, today=AFTER_Q3)

    # "capteurs" was labelled at the end of September, funded only in October; "tard" came
    # after the period.
    assert section["projects_by_stage"] == [
        {"key": "labelled", "count": 2},
        {"key": "forming", "count": 1},
        {"key": "idea", "count": 1},
    ]


def test_an_unfinished_period_is_read_up_to_today(rows):
    section = collaboration_section(periods=Q3_2026, today=date(2026, 7, 2))

    assert section["current"]["introductions_made"] == 1  # 3 July is after today
    assert section["current"]["projects_submitted"] == 1


def test_four_queries_whatever_the_number_of_rows(rows, django_assert_num_queries):
    with django_assert_num_queries(4):
        collaboration_section(periods=Q3_2026, today=AFTER_Q3)
