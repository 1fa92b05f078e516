"""The events section of a report's snapshot, on a calendar built by hand.

The report covers the 2nd quarter of 2025; it is compared with the 1st quarter of 2025 and
the 2nd quarter of 2024. Times are Paris times.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.models import DebateRound, DebateTopic, DebateVote, Event, PartnerCalendar, Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.tests.factories import ContactFactory
from reports.periods import Period, Periods
from reports.selectors.events import events_section
from surveys.models import Answer, Response
from surveys.tests.factories import QuestionFactory, SurveyFactory

PARIS = ZoneInfo("Europe/Paris")
Q2_2025 = Periods.around(Period.of("quarter", 2025, 2))
Status = Registration.Status
Attendance = Registration.Attendance


def at(year, month, day, hour=18, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def event(title, kind, starts_at, **extra) -> Event:
    return EventFactory(
        title_fr=title,
        title_en=f"{title} (en)",
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **extra,
    )


def register(event, status=Status.CONFIRMED, attendance=Attendance.UNKNOWN, **extra):
    return RegistrationFactory(event=event, status=status, attendance=attendance, **extra)


def survey_answers(event, answers_by_response, *, kinds=("nps", "rating_1_5")):
    """A survey of `event` with a question of each kind in `kinds`, and one response per
    tuple of `answers_by_response` (values in the order of `kinds`, None: not answered)."""
    survey = SurveyFactory(event=event)
    questions = [QuestionFactory(survey=survey, kind=kind) for kind in kinds]
    for values in answers_by_response:
        response = Response.objects.create(survey=survey, submitted_on=datetime.date(2025, 6, 1))
        for question, value in zip(questions, values, strict=True):
            if value is not None:
                Answer.objects.create(response=response, question=question, value_int=value)
    return survey


@pytest.fixture
def calendar(db):
    """Six events held in the 2nd quarter of 2025, two in the 1st, one in the 2nd of 2024,
    and events that never count."""
    k = Event.Kind
    april = event("Réunion d'avril", k.MONTHLY_MEETING, at(2025, 4, 10))
    register(april, attendance=Attendance.PRESENT)
    register(april, attendance=Attendance.PRESENT)
    register(april, attendance=Attendance.NO_SHOW)
    # Let in from the waitlist at the door: present, but not a confirmed registration.
    register(april, status=Status.WAITLISTED, attendance=Attendance.PRESENT)
    # Cancelled after being marked present: counted nowhere.
    register(april, status=Status.CANCELLED, attendance=Attendance.PRESENT)
    visit = event("Visite de mai", k.COMPANY_VISIT, at(2025, 5, 20))
    register(visit, attendance=Attendance.PRESENT)
    register(visit, attendance=Attendance.NO_SHOW)
    # The quarter's last evening.
    debate = event("Débat de juin", k.THEMATIC_DEBATE, at(2025, 6, 30, 23, 30))
    register(debate, attendance=Attendance.NO_SHOW)
    webinar = event("Webinaire", k.WEBINAR, at(2025, 5, 5))
    register(webinar, attendance=Attendance.PRESENT)
    training = event("Formation", k.TRAINING, at(2025, 6, 10))
    register(training, attendance=Attendance.NO_SHOW)
    june = event("Réunion de juin", k.MONTHLY_MEETING, at(2025, 6, 12))
    register(june, status=Status.PENDING)

    assembly = event("Assemblée générale", k.GENERAL_ASSEMBLY, at(2025, 3, 15))
    register(assembly, attendance=Attendance.PRESENT)
    register(assembly)
    # Just after midnight on New Year's Day in Paris, still 2024 in UTC.
    event("Webinaire du Nouvel An", k.WEBINAR, at(2025, 1, 1, 0, 30))
    old = event("Formation 2024", k.TRAINING, at(2024, 6, 1))
    register(old)

    partner = PartnerCalendar.objects.create(
        name="Cluster voisin", feed_url="https://voisin.example/agenda.ics"
    )
    never = [
        event(
            "Salon du voisin",
            k.PARTNER_CLUSTER,
            at(2025, 5, 1),
            partner_calendar=partner,
            organizer=Event.Organizer.PARTNER_CLUSTER,
            external_uid="salon",
        ),
        event(
            "Journée du voisin",
            k.PARTNER_CLUSTER,
            at(2025, 5, 2),
            organizer=Event.Organizer.PARTNER_CLUSTER,
        ),
        event("Réunion annulée", k.MONTHLY_MEETING, at(2025, 5, 3), cancelled_at=at(2025, 4, 1)),
        event("Réunion non publiée", k.MONTHLY_MEETING, at(2025, 5, 4), is_published=False),
        # Just after midnight on the 1st of July in Paris, still June in UTC.
        event("Réunion de juillet", k.MONTHLY_MEETING, at(2025, 7, 1, 0, 30)),
    ]
    for excluded in never:
        register(excluded, attendance=Attendance.PRESENT)
    return {
        "april": april,
        "visit": visit,
        "debate": debate,
        "webinar": webinar,
        "training": training,
        "assembly": assembly,
        "partner": never[0],
        "cancelled": never[2],
    }


def test_each_period_counts_its_own_held_events_and_their_attendance(calendar):
    figures = events_section(periods=Q2_2025)

    assert figures["current"] == {
        "held": 6,
        "by_kind": [
            {"key": "monthly_meeting", "count": 2},
            {"key": "thematic_debate", "count": 1},
            {"key": "company_visit", "count": 1},
            {"key": "training", "count": 1},
            {"key": "webinar", "count": 1},
        ],
        "registrations": 8,
        "present": 5,
        "no_shows": 4,
        "waitlisted": 1,
        "attendance_rate": 55.6,
    }
    assert figures["previous"] == {
        "held": 2,
        "by_kind": [{"key": "general_assembly", "count": 1}, {"key": "webinar", "count": 1}],
        "registrations": 2,
        "present": 1,
        "no_shows": 0,
        "waitlisted": 0,
        "attendance_rate": 100.0,
    }
    # Nobody's attendance was recorded: no rate rather than 0 %.
    assert figures["year_before"] == {
        "held": 1,
        "by_kind": [{"key": "training", "count": 1}],
        "registrations": 1,
        "present": 0,
        "no_shows": 0,
        "waitlisted": 0,
        "attendance_rate": None,
    }


def test_top_events_rank_by_present_then_registrations_then_date(calendar):
    top = events_section(periods=Q2_2025)["top"]

    assert top == [
        {
            "title_fr": "Réunion d'avril",
            "title_en": "Réunion d'avril (en)",
            "date": "2025-04-10",
            "kind": "monthly_meeting",
            "registrations": 3,
            "present": 3,
        },
        {
            "title_fr": "Visite de mai",
            "title_en": "Visite de mai (en)",
            "date": "2025-05-20",
            "kind": "company_visit",
            "registrations": 2,
            "present": 1,
        },
        {
            "title_fr": "Webinaire",
            "title_en": "Webinaire (en)",
            "date": "2025-05-05",
            "kind": "webinar",
            "registrations": 1,
            "present": 1,
        },
        {
            "title_fr": "Formation",
            "title_en": "Formation (en)",
            "date": "2025-06-10",
            "kind": "training",
            "registrations": 1,
            "present": 0,
        },
        {
            "title_fr": "Débat de juin",
            "title_en": "Débat de juin (en)",
            "date": "2025-06-30",
            "kind": "thematic_debate",
            "registrations": 1,
            "present": 0,
        },
    ]


def test_monthly_lists_every_month_of_the_period(calendar):
    assert events_section(periods=Q2_2025)["monthly"] == [
        {"month": "2025-04", "events": 1, "present": 3},
        {"month": "2025-05", "events": 2, "present": 2},
        {"month": "2025-06", "events": 3, "present": 0},
    ]


def test_satisfaction_of_each_surveyed_event_of_the_period(calendar):
    # NPS 10, 9, 5: 2 promoters and 1 detractor of 3 → 33; ratings 4 and 5 → 4.5.
    survey_answers(calendar["april"], [(10, 4), (9, 5), (5, None)])
    # Asked, nobody answered.
    survey_answers(calendar["visit"], [])
    # Two surveys of one event: their responses and ratings together, (3 + 4 + 4) / 3.
    survey_answers(calendar["webinar"], [(3,)], kinds=("rating_1_5",))
    survey_answers(calendar["webinar"], [(4,), (4,)], kinds=("rating_1_5",))
    # Surveys of events outside the period, or not the cluster's, are left out.
    survey_answers(calendar["assembly"], [(10, 5)])
    survey_answers(calendar["partner"], [(10, 5)])

    assert events_section(periods=Q2_2025)["satisfaction"] == [
        {
            "title_fr": "Réunion d'avril",
            "title_en": "Réunion d'avril (en)",
            "date": "2025-04-10",
            "responses": 3,
            "nps": 33,
            "rating": 4.5,
        },
        {
            "title_fr": "Webinaire",
            "title_en": "Webinaire (en)",
            "date": "2025-05-05",
            "responses": 3,
            "nps": None,
            "rating": 3.7,
        },
        {
            "title_fr": "Visite de mai",
            "title_en": "Visite de mai (en)",
            "date": "2025-05-20",
            "responses": 0,
            "nps": None,
            "rating": None,
        },
    ]


def _round(title, closed_at, votes_by_topic, *, winner=0, status=DebateRound.Status.CLOSED):
    debate_round = DebateRound.objects.create(
        title_fr=title, title_en=f"{title} (en)", status=status, closed_at=closed_at
    )
    topics = []
    for topic_title, votes in votes_by_topic:
        topic = DebateTopic.objects.create(round=debate_round, title=topic_title)
        for _vote in range(votes):
            DebateVote.objects.create(round=debate_round, topic=topic, contact=ContactFactory())
        topics.append(topic)
    if winner is not None and topics:
        debate_round.winning_topic = topics[winner]
        debate_round.save()
    return debate_round


def test_debates_closed_in_the_period_with_their_chosen_topic(db):
    _round("Débat de mai", at(2025, 5, 2), [("L'IA dans l'atelier", 3), ("Le recrutement", 1)])
    _round("Débat de juin", at(2025, 6, 28), [("La sobriété", 2)])
    _round("Débat sans sujet", at(2025, 5, 20), [("Personne", 0)], winner=None)
    _round("Débat de mars", at(2025, 3, 30), [("L'export", 4)])
    _round("Débat ouvert", None, [("En cours", 5)], status=DebateRound.Status.OPEN)

    assert events_section(periods=Q2_2025)["debates"] == [
        {
            "title_fr": "Débat de mai",
            "title_en": "Débat de mai (en)",
            "topic": "L'IA dans l'atelier",
            "votes": 3,
            "closed_on": "2025-05-02",
        },
        {
            "title_fr": "Débat de juin",
            "title_en": "Débat de juin (en)",
            "topic": "La sobriété",
            "votes": 2,
            "closed_on": "2025-06-28",
        },
    ]


def test_a_running_period_ends_today(calendar, monkeypatch):
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return datetime.date(2025, 5, 10) if value is None else real_localdate(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)

    figures = events_section(periods=Q2_2025)

    # The April meeting and the webinar of the 5th of May; the rest is yet to come.
    assert figures["current"]["held"] == 2
    assert figures["current"]["present"] == 4
    assert figures["current"]["attendance_rate"] == 80.0
    assert figures["monthly"] == [
        {"month": "2025-04", "events": 1, "present": 3},
        {"month": "2025-05", "events": 1, "present": 1},
        {"month": "2025-06", "events": 0, "present": 0},
    ]
    # The periods compared with it are over: they keep their whole length.
    assert figures["previous"]["held"] == 2


def test_events_section_takes_four_queries_whatever_the_rows(calendar, django_assert_num_queries):
    survey_answers(calendar["april"], [(10, 4)])
    _round("Débat de mai", at(2025, 5, 2), [("L'IA", 1)])
    # 1. the events of the three periods with their attendance counts, 2. their surveys'
    # responses by event, 3. their NPS and rating answers by event, kind and value,
    # 4. the debate rounds closed in the period with their winning topic's votes.
    with django_assert_num_queries(4):
        small = events_section(periods=Q2_2025)

    for day in range(1, 8):
        more = event(f"Atelier {day}", Event.Kind.TRAINING, at(2025, 4, 20 + day))
        register(more, attendance=Attendance.PRESENT)
        register(more, status=Status.WAITLISTED)
        survey_answers(more, [(9, 3), (2, 1)])
        _round(f"Débat {day}", at(2025, 6, day), [("Sujet", 2), ("Autre", 1)])
    survey_answers(calendar["webinar"], [(8, 2)])
    with django_assert_num_queries(4):
        large = events_section(periods=Q2_2025)

    assert large["current"]["held"] == small["current"]["held"] + 7
    assert len(large["satisfaction"]) == len(small["satisfaction"]) + 8
    assert len(large["debates"]) == 8
