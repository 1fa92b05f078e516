"""The satisfaction section of a report's snapshot, on annual surveys built by hand. The
report covers the 2nd quarter of 2025; times are Paris times."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from members.models import Segment
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from reports.periods import Period, Periods
from reports.selectors.satisfaction import satisfaction_section
from surveys.models import Answer, Invitation, Question, Response
from surveys.tests.factories import QuestionFactory, SurveyFactory

PARIS = ZoneInfo("Europe/Paris")
Q2_2025 = Periods.around(Period.of("quarter", 2025, 2))


def at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def annual(year, sent_at, nps_answers=(), *, rating_only=0, is_annual=True):
    """An annual survey of `year` with an NPS and a rating question: one response per NPS
    answer, and `rating_only` responses that skipped the NPS question."""
    survey = SurveyFactory(
        title_fr=f"Satisfaction {year}",
        title_en=f"Satisfaction {year} (en)",
        is_annual=is_annual,
        sent_at=sent_at,
    )
    nps = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    rating = QuestionFactory(survey=survey, kind=Question.Kind.RATING)
    for value in nps_answers:
        response = Response.objects.create(survey=survey)
        Answer.objects.create(response=response, question=nps, value_int=value)
        Answer.objects.create(response=response, question=rating, value_int=5)
    for _ in range(rating_only):
        response = Response.objects.create(survey=survey)
        Answer.objects.create(response=response, question=rating, value_int=1)
    return survey


@pytest.fixture
def surveys(db):
    """Seven yearly editions sent in March, and surveys that do not count."""
    editions = {
        2019: annual(2019, at(2019, 3, 1), [10, 10]),
        2020: annual(2020, at(2020, 3, 1)),
        2021: annual(2021, at(2021, 3, 1)),
        2022: annual(2022, at(2022, 3, 1)),
        # Answered, but nobody gave the NPS question an answer.
        2023: annual(2023, at(2023, 3, 1), rating_only=1),
        # 1 promoter and 1 detractor of 2: 0.
        2024: annual(2024, at(2024, 3, 1), [9, 6]),
        # 2 promoters, 1 passive, 1 detractor of 4: 25.
        2025: annual(2025, at(2025, 3, 1), [10, 10, 8, 3], rating_only=1),
    }
    # Sent just after the quarter's end (Paris time), never sent, and not an annual one.
    annual(2026, at(2025, 7, 1, 0, 30), [0, 0])
    annual(2027, None)
    annual(2028, at(2025, 5, 1), [0], is_annual=False)
    return editions


def test_latest_and_trend_of_the_annual_surveys_sent_by_the_end(surveys):
    figures = satisfaction_section(periods=Q2_2025)

    assert figures["latest"] == {
        "title_fr": "Satisfaction 2025",
        "title_en": "Satisfaction 2025 (en)",
        "date": "2025-03-01",
        "nps": 25,
        "responses": 5,
    }
    assert [
        (row["title_fr"], row["date"], row["nps"], row["responses"]) for row in figures["trend"]
    ] == [
        ("Satisfaction 2020", "2020-03-01", None, 0),
        ("Satisfaction 2021", "2021-03-01", None, 0),
        ("Satisfaction 2022", "2022-03-01", None, 0),
        ("Satisfaction 2023", "2023-03-01", None, 1),
        ("Satisfaction 2024", "2024-03-01", 0, 2),
        ("Satisfaction 2025", "2025-03-01", 25, 5),
    ]
    assert figures["trend"][-1] == figures["latest"]


def invite(survey, organizations, *, answered):
    contact = ContactFactory()
    for organization in organizations:
        AffiliationFactory(contact=contact, organization=organization)
    return Invitation.objects.create(
        survey=survey,
        contact=contact,
        email=contact.email,
        sent_at=survey.sent_at,
        answered_at=survey.sent_at + datetime.timedelta(days=2) if answered else None,
    )


def test_segments_count_the_latest_surveys_invitations_by_organization(surveys):
    acquired = [OrganizationFactory(segment=Segment.ACQUIRED) for _ in range(2)]
    indifferent = [OrganizationFactory(segment=Segment.INDIFFERENT) for _ in range(2)]
    skeptic = OrganizationFactory(segment=Segment.SKEPTIC)
    opponent = OrganizationFactory(segment=Segment.OPPONENT)
    latest = surveys[2025]
    invite(latest, [acquired[0]], answered=True)
    invite(latest, [acquired[1]], answered=True)
    invite(latest, [acquired[0]], answered=False)
    # One person in two organizations of a segment: one invitation there.
    invite(latest, indifferent, answered=False)
    # One person in two segments: counted in each.
    invite(latest, [skeptic, opponent], answered=True)
    # Nobody's organization: in no segment.
    invite(latest, [], answered=True)
    # The edition before is not the latest.
    invite(surveys[2024], [acquired[0]], answered=True)
    invite(surveys[2024], [skeptic], answered=False)

    assert satisfaction_section(periods=Q2_2025)["segments"] == [
        {"key": "acquired", "invited": 3, "answered": 2, "rate": 66.7},
        {"key": "indifferent", "invited": 1, "answered": 0, "rate": 0.0},
        {"key": "skeptic", "invited": 1, "answered": 1, "rate": 100.0},
        {"key": "opponent", "invited": 1, "answered": 1, "rate": 100.0},
        {"key": "no_opinion", "invited": 0, "answered": 0, "rate": None},
    ]


def test_before_any_annual_survey_there_is_no_latest_and_no_trend(surveys):
    figures = satisfaction_section(periods=Periods.around(Period.of("quarter", 2018, 4)))

    assert figures["latest"] is None
    assert figures["trend"] == []
    assert [(row["key"], row["invited"], row["rate"]) for row in figures["segments"]] == [
        ("acquired", 0, None),
        ("indifferent", 0, None),
        ("skeptic", 0, None),
        ("opponent", 0, None),
        ("no_opinion", 0, None),
    ]


def test_satisfaction_takes_three_queries_whatever_the_rows(surveys, django_assert_num_queries):
    organization = OrganizationFactory(segment=Segment.ACQUIRED)
    invite(surveys[2025], [organization], answered=True)
    # 1. the latest six annual surveys with their response counts, 2. their NPS answers
    # counted by survey and value, 3. the latest one's invitations by segment.
    with django_assert_num_queries(3):
        satisfaction_section(periods=Q2_2025)

    for month in range(4, 7):
        annual(2025, at(2025, month, 1), [10, 7, 2, 9])
    latest = annual(2025, at(2025, 6, 15), [9])
    for segment in Segment.values:
        for _ in range(3):
            invite(latest, [OrganizationFactory(segment=segment)], answered=True)
    with django_assert_num_queries(3):
        figures = satisfaction_section(periods=Q2_2025)

    assert len(figures["trend"]) == 6
    assert figures["latest"]["date"] == "2025-06-15"
