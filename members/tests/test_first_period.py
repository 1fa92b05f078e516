"""A new member's first period and dues: one rule (membership_first_period) for the
approval form, the approval itself, the welcome email and a first renewal (the demo FAQ's
statement of it is tested in communications/tests/test_demo.py)."""

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core import mail

from members.models import (
    FeeBand,
    HeadcountBand,
    Membership,
    MembershipApplication,
    MembershipCategory,
)
from members.selectors import memberships as membership_selectors
from members.selectors.memberships import membership_first_period
from members.services import joining, memberships
from members.tests.factories import OrganizationFactory, application_submitted

YEARLY = Decimal("900")
QUEUE = "/en/staff/applications/"


def every_day(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


@pytest.mark.parametrize("year_start_month", [1, 9])
@pytest.mark.parametrize("early_start_months", [0, 1, 3])
def test_first_period_for_every_approval_day_of_two_years(
    settings, year_start_month, early_start_months
):
    settings.MEMBERSHIP_YEAR_START_MONTH = year_start_month
    settings.MEMBERSHIP_EARLY_START_MONTHS = early_start_months
    previous = None
    # Two years, one of them with a 29 February.
    for day in every_day(date(2027, 1, 1), date(2028, 12, 31)):
        first = membership_first_period(joined_on=day, yearly_amount=YEARLY)
        year_start, year_end = membership_selectors.membership_period_containing(day=day)
        months_left = months_between(day, year_end)

        # It starts on the first of the month of approval, covers that day, and ends the
        # day before a membership year starts.
        assert first.start == day.replace(day=1)
        assert first.start <= day <= first.end
        following = first.end + timedelta(days=1)
        assert (following.day, following.month) == (1, year_start_month)
        assert first.months == months_between(first.start, first.end)

        if months_left <= early_start_months:
            # The last months of a year: the next year at once, for the yearly dues.
            assert first.early_start
            next_year = membership_selectors.membership_period_containing(
                day=year_end + timedelta(days=1)
            )
            assert first.end == next_year[1]
            assert first.months == months_left + 12
            assert first.amount == YEARLY
        else:
            # Otherwise the months left of this year, at a twelfth of the dues each.
            assert not first.early_start
            assert first.end == year_end
            assert first.months == months_left
            assert 1 <= first.months <= 12
            assert first.amount == (YEARLY * months_left / 12).quantize(Decimal("1"), ROUND_HALF_UP)
            assert first.amount <= YEARLY
        # A full year only for who joins in the first month of a year.
        assert (first.amount == YEARLY) == (first.early_start or day.month == year_start_month)
        # Nobody joining later in the same year pays more than who joined earlier.
        if previous is not None and not first.early_start and not previous.early_start:
            if first.end == previous.end:
                assert first.amount <= previous.amount
        previous = first

        assert membership_first_period(joined_on=day, yearly_amount=None).amount is None


@pytest.fixture
def category(db) -> MembershipCategory:
    company = MembershipCategory.objects.create(
        name_fr="Entreprise", name_en="Company", slug="entreprise"
    )
    FeeBand.objects.create(category=company, headcount_band=HeadcountBand.SMALL, amount=YEARLY)
    return company


def _submit(category) -> MembershipApplication:
    return application_submitted(preferred_language="en", category=category)


def test_approval_on_the_first_of_december_prorates_the_form_the_membership_and_the_email(
    client_for, personas, category, today_is, django_capture_on_commit_callbacks
):
    today_is(date(2026, 11, 20))
    application = _submit(category)
    today_is(date(2026, 12, 1))
    client = client_for("staff")

    page = client.get(f"{QUEUE}{application.pk}/").content.decode()
    # One month of 900 € a year: the form starts from 75 € and says why.
    assert re.search(r'name="approve-dues_amount"[^>]*value="75"', page), page
    assert "runs from Dec. 1, 2026 to Dec. 31, 2026 (1 month)" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{QUEUE}{application.pk}/",
            {"action": "approve", "approve-category": category.pk, "approve-dues_amount": ""},
        )
    assert response.status_code == 302
    membership = Membership.objects.get(organization=application.organization)
    assert (membership.period_start, membership.period_end) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
    )
    assert membership.dues_amount == Decimal("75")
    welcome = next(m for m in mail.outbox if "Welcome" in m.subject)
    assert "covers 1 month, from Dec. 1, 2026 to Dec. 31, 2026" in welcome.body
    assert "75.00 €" in welcome.body
    assert "covers 1 month" in welcome.alternatives[0][0]
    assert "January" not in welcome.body


def test_approval_late_in_the_year_starts_the_next_year_when_configured(
    client_for, settings, personas, category, today_is, django_capture_on_commit_callbacks
):
    settings.MEMBERSHIP_EARLY_START_MONTHS = 2
    today_is(date(2026, 11, 3))
    application = _submit(category)
    client = client_for("staff")
    page = client.get(f"{QUEUE}{application.pk}/").content.decode()
    assert re.search(r'name="approve-dues_amount"[^>]*value="900(\.00)?"', page), page
    assert "next membership year starts at once" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{QUEUE}{application.pk}/",
            {"action": "approve", "approve-category": category.pk, "approve-dues_amount": ""},
        )
    membership = Membership.objects.get(organization=application.organization)
    assert (membership.period_start, membership.period_end) == (
        date(2026, 11, 1),
        date(2027, 12, 31),
    )
    assert membership.dues_amount == YEARLY
    welcome = next(m for m in mail.outbox if "Welcome" in m.subject)
    assert "covers 14 months, from Nov. 1, 2026 to Dec. 31, 2027" in welcome.body
    # Those dues are the 2027 dues, and the renewal goes on with 2028 (in 2027: renewing
    # goes at most one year ahead).
    assert list(membership_selectors.dues_of_year(year=2027)) == [membership]
    assert not membership_selectors.dues_of_year(year=2026).exists()
    with pytest.raises(memberships.RenewalTooEarly):
        memberships.membership_renew(organization=membership.organization)
    today_is(date(2027, 10, 1))
    renewal = memberships.membership_renew(organization=membership.organization)
    assert (renewal.period_start, renewal.period_end) == (date(2028, 1, 1), date(2028, 12, 31))


def test_application_of_december_approved_in_january_joins_the_new_year(
    personas, category, today_is
):
    today_is(date(2026, 12, 28))
    application = _submit(category)
    today_is(date(2027, 1, 5))
    joining.application_approve(
        application=application, reviewer=personas.staff, dues_amount=YEARLY, message=""
    )
    membership = Membership.objects.get(organization=application.organization)
    assert (membership.period_start, membership.period_end) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
    )


def test_first_renewal_of_an_organization_without_membership_is_its_first_period(db, today_is):
    today_is(date(2026, 10, 14))
    organization = OrganizationFactory()
    renewal = memberships.membership_renew(organization=organization)
    assert (renewal.period_start, renewal.period_end) == (date(2026, 10, 1), date(2026, 12, 31))
