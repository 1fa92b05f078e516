"""The whole snapshot of a report: every section is there, it survives a trip through JSON
(what the database keeps), and it takes the same number of queries whatever the number of
organizations, events, working groups, surveys or newsletters."""

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communications.models import Delivery, MediaCoverage, NewsArticle, Newsletter, Subscriber
from events.models import Event, Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import (
    Interaction,
    Membership,
    PerceptionAssessment,
    WorkingGroup,
    WorkingGroupMember,
)
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from reports.periods import Period
from reports.selectors.snapshot import SCHEMA, snapshot_take
from surveys.models import Invitation, Question, Response
from surveys.tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
YEAR_2025 = Period.of("year", 2025)
SECTIONS = (
    "membership",
    "events",
    "groups",
    "communication",
    "satisfaction",
    "plan",
    "collaboration",
    "relations",
    "key_figures",
)


def _activity(number: int) -> None:
    """One more of everything a report counts, numbered so names stay unique."""
    organization = OrganizationFactory(name=f"Société {number}", lifecycle="member")
    contact = ContactFactory(email=f"p{number}@example.test")
    AffiliationFactory(organization=organization, contact=contact)
    Membership.objects.create(
        organization=organization,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=Membership.Status.EXPIRED,
        dues_amount=Decimal("600"),
        invoiced_on=datetime.date(2025, 1, 15),
        paid_on=datetime.date(2025, 3, 1) if number % 2 else None,
    )
    group = WorkingGroup.objects.create(name_fr=f"Groupe {number}", slug=f"groupe-{number}")
    WorkingGroupMember.objects.create(
        group=group,
        contact=contact,
        status=WorkingGroupMember.Status.ACCEPTED,
        decided_at=datetime.datetime(2025, 2, 1, tzinfo=PARIS),
    )
    starts = datetime.datetime(2025, 5, 10 + number % 10, 18, tzinfo=PARIS)
    event = EventFactory(
        slug=f"evenement-{number}",
        kind=Event.Kind.THEMATIC_DEBATE,
        working_group=group,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    RegistrationFactory(
        event=event,
        contact=contact,
        organization=organization,
        status=Registration.Status.CONFIRMED,
        attendance=Registration.Attendance.PRESENT,
    )
    survey = SurveyFactory(event=event, is_annual=number == 1, status="closed")
    Survey = type(survey)
    Survey.objects.filter(pk=survey.pk).update(sent_at=datetime.datetime(2025, 6, 1, tzinfo=PARIS))
    question = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    invitation = Invitation.objects.create(survey=survey, contact=contact, email=contact.email)
    response = Response.objects.create(
        survey=survey, invitation=invitation, contact=contact, organization=organization
    )
    response.answers.create(question=question, value_int=9)
    newsletter = Newsletter.objects.create(
        subject_fr=f"Lettre {number}",
        body_fr="Texte",
        slug=f"lettre-{number}",
        status=Newsletter.Status.SENT,
        sent_at=datetime.datetime(2025, 4, 2, tzinfo=PARIS),
        recipient_count=1,
        tracking_enabled=True,
    )
    Delivery.objects.create(newsletter=newsletter, email=contact.email, status="sent")
    Subscriber.objects.create(
        email=f"s{number}@example.test",
        status=Subscriber.Status.CONFIRMED,
        source=Subscriber.Source.SIGNUP_PAGE,
        confirmed_at=datetime.datetime(2025, 3, 3, tzinfo=PARIS),
    )
    NewsArticle.objects.create(
        title_fr=f"Actu {number}",
        slug=f"actu-{number}",
        body_fr="Texte",
        is_published=True,
        published_at=datetime.datetime(2025, 7, 1, tzinfo=PARIS),
    )
    MediaCoverage.objects.create(
        published_on=datetime.date(2025, 9, 9), outlet="Ouest-France", title=f"Article {number}"
    )
    Interaction.objects.create(
        organization=organization,
        kind=Interaction.Kind.VISIT,
        happened_on=datetime.date(2025, 8, 1),
        summary="Visite",
    )
    PerceptionAssessment.objects.create(
        organization=organization,
        credible=True,
        interesting=True,
        segment="acquired",
        assessed_at=datetime.datetime(2025, 10, 1, tzinfo=PARIS),
    )


def _queries_of_a_snapshot() -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        snapshot = snapshot_take(period=YEAR_2025)
    return len(captured), snapshot


def test_the_snapshot_has_every_section_and_survives_json():
    _activity(1)
    _count, snapshot = _queries_of_a_snapshot()
    assert snapshot["schema"] == SCHEMA
    assert snapshot["period"] == {"kind": "year", "start": "2025-01-01", "end": "2025-12-31"}
    for section in SECTIONS:
        assert section in snapshot, section
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["is_empty"] is False
    assert snapshot["membership"]["current"]["at_end"] == 1
    assert snapshot["events"]["current"]["present"] == 1
    assert snapshot["satisfaction"]["latest"]["nps"] == 100
    assert snapshot["relations"]["movement"] == [
        {"from": "no_opinion", "to": "acquired", "count": 1}
    ]


def test_the_snapshot_takes_the_same_queries_however_much_was_recorded():
    _activity(1)
    few, small = _queries_of_a_snapshot()
    for number in range(2, 12):
        _activity(number)
    many, large = _queries_of_a_snapshot()
    # Membership 7, events 4, groups 2, communication 7, satisfaction 3, plan 2 (no
    # objective), relations 2: the sections' own pinned counts, added up.
    assert few == many == 31
    assert large["membership"]["current"]["at_end"] == 11
    assert len(large["groups"]) == 11


def test_a_period_with_nothing_recorded_is_empty():
    _count, snapshot = _queries_of_a_snapshot()
    assert snapshot["is_empty"] is True
