"""The figures the portal measures for the communication plan, and their daily snapshot."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from communications import tasks
from communications.models import (
    Delivery,
    Indicator,
    Measurement,
    MediaCoverage,
    Newsletter,
    Objective,
    PressRelease,
    Subscriber,
)
from communications.selectors import indicators
from communications.services import indicators as indicator_services
from events.models import Event, Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Membership, Organization
from members.selectors.memberships import membership_period_containing
from members.tests.factories import OrganizationFactory

Metric = Indicator.Metric


@pytest.fixture
def today():
    return timezone.localdate()


def _newsletter(slug: str, *, sent_at, tracking: bool, status=Newsletter.Status.SENT):
    return Newsletter.objects.create(
        slug=slug,
        subject_fr=slug,
        body_fr="x",
        status=status,
        sent_at=sent_at,
        tracking_enabled=tracking,
    )


def _deliveries(newsletter, *, sent: int, opened: int, failed: int = 0):
    rows = [
        Delivery(
            newsletter=newsletter,
            email=f"{newsletter.slug}-{number}@example.org",
            status=Delivery.Status.SENT,
            opened_at=timezone.now() if number < opened else None,
        )
        for number in range(sent)
    ]
    rows += [
        Delivery(
            newsletter=newsletter,
            email=f"{newsletter.slug}-failed-{number}@example.org",
            status=Delivery.Status.FAILED,
        )
        for number in range(failed)
    ]
    Delivery.objects.bulk_create(rows)


def _membership(organization, start, status=Membership.Status.ACTIVE):
    return Membership.objects.create(
        organization=organization,
        period_start=start,
        period_end=start + datetime.timedelta(days=364),
        status=status,
    )


def test_member_count_counts_member_organizations(db, today):
    OrganizationFactory.create_batch(3)
    OrganizationFactory(lifecycle=Organization.Lifecycle.PROSPECT)
    OrganizationFactory(lifecycle=Organization.Lifecycle.FORMER_MEMBER)

    assert indicators.member_count(today=today) == 3


def test_new_members_are_those_whose_first_membership_is_this_period(db, today):
    start, _end = membership_period_containing(day=today)
    newcomer = OrganizationFactory()
    _membership(newcomer, start)
    veteran = OrganizationFactory()
    _membership(veteran, start)
    _membership(veteran, start - datetime.timedelta(days=365), Membership.Status.EXPIRED)
    # A rejected application last year does not make this year's membership a renewal.
    second_try = OrganizationFactory()
    _membership(second_try, start)
    _membership(second_try, start - datetime.timedelta(days=365), Membership.Status.REJECTED)
    gone = OrganizationFactory(lifecycle=Organization.Lifecycle.FORMER_MEMBER)
    _membership(gone, start, Membership.Status.RESIGNED)

    assert indicators.new_members_count(today=today) == 2


def test_subscribers_are_confirmed_addresses_only(db, today):
    for number, status in enumerate(
        [
            Subscriber.Status.CONFIRMED,
            Subscriber.Status.CONFIRMED,
            Subscriber.Status.PENDING,
            Subscriber.Status.LEAD,
            Subscriber.Status.UNSUBSCRIBED,
            Subscriber.Status.BOUNCED,
        ]
    ):
        Subscriber.objects.create(email=f"s{number}@example.org", status=status, source="staff")

    assert indicators.subscribers_count(today=today) == 2


def test_newsletters_sent_this_year(db, today):
    now = timezone.now()
    _newsletter("cette-annee", sent_at=now, tracking=False)
    _newsletter("aussi", sent_at=now, tracking=True)
    _newsletter("l-an-dernier", sent_at=now.replace(year=now.year - 1), tracking=False)
    _newsletter("brouillon", sent_at=None, tracking=False, status=Newsletter.Status.DRAFT)

    assert indicators.newsletters_sent_count(today=today) == 2


def test_open_rate_counts_only_newsletters_with_tracking(db, today):
    now = timezone.now()
    _deliveries(_newsletter("suivie", sent_at=now, tracking=True), sent=8, opened=2, failed=3)
    _deliveries(_newsletter("non-suivie", sent_at=now, tracking=False), sent=10, opened=10)
    _deliveries(
        _newsletter("ancienne", sent_at=now.replace(year=now.year - 1), tracking=True),
        sent=4,
        opened=4,
    )

    assert indicators.newsletter_open_rate(today=today) == Decimal("25.0")


def test_open_rate_without_tracked_newsletter_is_no_value_not_zero(db, today):
    _deliveries(_newsletter("non-suivie", sent_at=timezone.now(), tracking=False), sent=5, opened=0)

    assert indicators.newsletter_open_rate(today=today) is None


def test_press_releases_published_this_year(db, today):
    def release(slug, published_on, published=True):
        PressRelease.objects.create(
            slug=slug, title_fr=slug, body_fr="x", published_on=published_on, is_published=published
        )

    release("aujourd-hui", today)
    release("brouillon", today, published=False)
    release("l-an-dernier", today.replace(year=today.year - 1))
    release("demain", today + datetime.timedelta(days=1))

    assert indicators.press_releases_count(today=today) == 1


def test_media_articles_this_year(db, today):
    for number, day in enumerate([today, today, today.replace(year=today.year - 1)]):
        MediaCoverage.objects.create(published_on=day, outlet=f"Journal {number}", title="Article")

    assert indicators.media_articles_count(today=today) == 2


def test_events_held_and_attendance_this_year(db, today):
    now = timezone.now()
    held = EventFactory(starts_at=now - datetime.timedelta(hours=3), ends_at=now)
    RegistrationFactory.create_batch(2, event=held, attendance=Registration.Attendance.PRESENT)
    RegistrationFactory(event=held, attendance=Registration.Attendance.NO_SHOW)
    RegistrationFactory(event=held)
    upcoming = EventFactory(
        starts_at=now + datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=2)
    )
    RegistrationFactory(event=upcoming)
    cancelled = EventFactory(
        starts_at=now - datetime.timedelta(hours=3), ends_at=now, cancelled_at=now
    )
    RegistrationFactory(event=cancelled, attendance=Registration.Attendance.PRESENT)
    last_year = now.replace(year=now.year - 1)
    old = EventFactory(starts_at=last_year, ends_at=last_year + datetime.timedelta(hours=2))
    RegistrationFactory(event=old, attendance=Registration.Attendance.PRESENT)

    assert indicators.events_held_count(today=today) == 1
    assert indicators.attendance_count(today=today) == 2
    assert Event.objects.count() == 4


def test_satisfaction_is_none_without_an_annual_survey(db, today):
    assert indicators.satisfaction(today=today) is None


def test_every_measured_metric_has_a_function():
    assert set(indicators.MEASURES) == {metric for metric in Metric if metric != Metric.MANUAL}


# --- the daily snapshot ---------------------------------------------------------------------


@pytest.fixture
def followed(db):
    objective = Objective.objects.create(title_fr="Grandir", scope="external", horizon="long")

    def indicator(metric):
        return Indicator.objects.create(objective=objective, name_fr=metric, metric=metric)

    return {
        "members": indicator(Metric.MEMBER_COUNT),
        "coverage": indicator(Metric.MEDIA_ARTICLES),
        "satisfaction": indicator(Metric.SATISFACTION),
        "visits": indicator(Metric.MANUAL),
    }


def test_snapshot_records_one_measurement_per_indicator_and_day(followed, today):
    OrganizationFactory.create_batch(2)

    assert tasks.indicators_snapshot() == 2
    OrganizationFactory()
    MediaCoverage.objects.create(published_on=today, outlet="Journal", title="Article")
    assert tasks.indicators_snapshot() == 2

    members = Measurement.objects.get(indicator=followed["members"])
    assert (members.measured_on, members.value, members.is_automatic) == (today, 3, True)
    assert Measurement.objects.get(indicator=followed["coverage"]).value == 1
    # Nothing to measure: no row rather than a misleading zero; manual ones are left to staff.
    assert not followed["satisfaction"].measurements.exists()
    assert not followed["visits"].measurements.exists()


def test_snapshot_of_another_day_adds_a_measurement(followed, today):
    indicator_services.measurements_snapshot(today=today - datetime.timedelta(days=1))
    indicator_services.measurements_snapshot(today=today)

    assert followed["members"].measurements.count() == 2
