"""The relations figures of a report: interactions by kind and the organizations' moves
between perception segments, on a hand-built log whose answers are counted by hand.

The report covers the third quarter of 2026 (previous: Q2 2026, year before: Q3 2025).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from members.models import Interaction, PerceptionAssessment, Segment
from members.tests.factories import OrganizationFactory
from reports.periods import Period, Periods
from reports.selectors.relations import relations_section

PARIS = ZoneInfo("Europe/Paris")
Q3_2026 = Periods.around(Period.of("quarter", 2026, 3))
AFTER_Q3 = date(2026, 10, 15)
Kind = Interaction.Kind


def _at(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def _interaction(organization, kind, happened_on):
    Interaction.objects.create(
        organization=organization, kind=kind, happened_on=happened_on, summary="Échange"
    )


def _assessed(organization, segment, assessed_at):
    PerceptionAssessment.objects.create(
        organization=organization, segment=segment, assessed_at=assessed_at
    )


@pytest.fixture
def interactions(db):
    alpha, beta = OrganizationFactory(), OrganizationFactory()
    for organization, kind, day in [
        (alpha, Kind.CALL, date(2026, 7, 1)),
        (beta, Kind.CALL, date(2026, 9, 30)),
        (alpha, Kind.MEETING, date(2026, 8, 10)),
        (beta, Kind.VISIT, date(2026, 7, 15)),
        (alpha, Kind.EMAIL, date(2026, 10, 1)),  # after the quarter
        (alpha, Kind.NOTE, date(2026, 4, 1)),
        (beta, Kind.NOTE, date(2026, 6, 30)),
        (beta, Kind.EMAIL, date(2026, 5, 5)),
        (alpha, Kind.NOTE, date(2026, 3, 31)),  # first quarter: in none of the periods
        (alpha, Kind.VISIT, date(2025, 9, 1)),
    ]:
        _interaction(organization, kind, day)


@pytest.fixture
def assessments(db):
    moved = OrganizationFactory(name="Moved")
    _assessed(moved, Segment.ACQUIRED, _at(2026, 3, 1))
    _assessed(moved, Segment.SKEPTIC, _at(2026, 8, 1))

    # 00:30 in Paris on July 1st is still June 30th in UTC: assessed in the quarter.
    first_assessed = OrganizationFactory(name="First assessed")
    _assessed(first_assessed, Segment.INDIFFERENT, _at(2026, 7, 1, 0, 30))

    # 23:30 in Paris on June 30th: before the quarter, and not assessed since.
    unchanged = OrganizationFactory(name="Unchanged")
    _assessed(unchanged, Segment.OPPONENT, _at(2026, 6, 30, 23, 30))

    back_again = OrganizationFactory(name="Back again")
    _assessed(back_again, Segment.SKEPTIC, _at(2026, 1, 1))
    _assessed(back_again, Segment.ACQUIRED, _at(2026, 7, 10))
    _assessed(back_again, Segment.SKEPTIC, _at(2026, 9, 1))

    # 00:30 in Paris on October 1st is September 30th in UTC: after the quarter.
    too_late = OrganizationFactory(name="Too late")
    _assessed(too_late, Segment.ACQUIRED, _at(2026, 10, 1, 0, 30))

    OrganizationFactory(name="Never assessed")

    won_over = OrganizationFactory(name="Won over")
    _assessed(won_over, Segment.SKEPTIC, _at(2025, 5, 1))
    _assessed(won_over, Segment.ACQUIRED, _at(2026, 9, 30, 20))

    disappointed = OrganizationFactory(name="Disappointed")
    _assessed(disappointed, Segment.ACQUIRED, _at(2026, 2, 1))
    _assessed(disappointed, Segment.SKEPTIC, _at(2026, 9, 1))

    # Two readings the same day: the later one counts.
    twice = OrganizationFactory(name="Twice")
    _assessed(twice, Segment.INDIFFERENT, _at(2026, 8, 1, 10))
    _assessed(twice, Segment.OPPONENT, _at(2026, 8, 1, 11))


def test_interactions_by_kind_in_each_period(interactions):
    figures = relations_section(periods=Q3_2026, today=AFTER_Q3)

    assert figures["interactions"] == {
        "current": [
            {"key": "call", "count": 2},
            {"key": "meeting", "count": 1},
            {"key": "visit", "count": 1},
        ],
        "previous": [{"key": "note", "count": 2}, {"key": "email", "count": 1}],
        "year_before": [{"key": "visit", "count": 1}],
    }
    assert figures["movement"] == []


def test_organizations_counted_by_change_of_segment(assessments):
    movement = relations_section(periods=Q3_2026, today=AFTER_Q3)["movement"]

    assert movement == [
        {"from": "acquired", "to": "skeptic", "count": 2},  # Moved, Disappointed
        {"from": "no_opinion", "to": "indifferent", "count": 1},  # First assessed
        {"from": "no_opinion", "to": "opponent", "count": 1},  # Twice
        {"from": "skeptic", "to": "acquired", "count": 1},  # Won over
    ]


def test_a_period_not_over_yet_is_read_up_to_today(interactions, assessments):
    figures = relations_section(periods=Q3_2026, today=date(2026, 8, 15))

    assert figures["interactions"]["current"] == [
        {"key": "call", "count": 1},
        {"key": "meeting", "count": 1},
        {"key": "visit", "count": 1},
    ]
    assert figures["interactions"]["previous"] == [
        {"key": "note", "count": 2},
        {"key": "email", "count": 1},
    ]
    # Back again is acquired on August 15th; Disappointed and Won over have not changed yet.
    assert figures["movement"] == [
        {"from": "acquired", "to": "skeptic", "count": 1},
        {"from": "no_opinion", "to": "indifferent", "count": 1},
        {"from": "no_opinion", "to": "opponent", "count": 1},
        {"from": "skeptic", "to": "acquired", "count": 1},
    ]


def test_nothing_recorded_gives_empty_lists(db):
    assert relations_section(periods=Q3_2026, today=AFTER_Q3) == {
        "interactions": {"current": [], "previous": [], "year_before": []},
        "movement": [],
    }


def test_relations_figures_take_two_queries_whatever_the_rows(
    interactions, assessments, django_assert_num_queries
):
    # Interactions by kind for the three periods (1), moves between segments (1).
    with django_assert_num_queries(2):
        relations_section(periods=Q3_2026, today=AFTER_Q3)

    for _ in range(10):
        organization = OrganizationFactory()
        _interaction(organization, Kind.NOTE, date(2026, 8, 3))
        _interaction(organization, Kind.CALL, date(2026, 5, 3))
        _assessed(organization, Segment.OPPONENT, _at(2026, 1, 3))
        _assessed(organization, Segment.INDIFFERENT, _at(2026, 8, 3))

    with django_assert_num_queries(2):
        figures = relations_section(periods=Q3_2026, today=AFTER_Q3)
    assert figures["interactions"]["current"][0] == {"key": "note", "count": 10}
    assert figures["movement"][0] == {"from": "opponent", "to": "indifferent", "count": 10}
