"""What the pages of memberships and dues read and reckon: membership periods and a new
member's first period, the fee grid, the dues of a year and their totals, and the
membership a certificate attests."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import FeeBand, Membership, MembershipCategory, Organization

# Invoices count as late once the period has run this long without payment.
LATE_AFTER = timedelta(days=30)
BILLED_STATUSES = (Membership.Status.APPROVED, Membership.Status.ACTIVE)


def membership_period_of_year(*, year: int) -> tuple[date, date]:
    """The membership period that starts in `year` (a calendar year unless configured)."""
    start = date(year, settings.MEMBERSHIP_YEAR_START_MONTH, 1)
    return start, date(year + 1, settings.MEMBERSHIP_YEAR_START_MONTH, 1) - timedelta(days=1)


def membership_period_containing(*, day: date) -> tuple[date, date]:
    """The membership period that `day` falls in."""
    year = day.year if day.month >= settings.MEMBERSHIP_YEAR_START_MONTH else day.year - 1
    return membership_period_of_year(year=year)


@dataclass(frozen=True)
class FirstPeriod:
    """What a new member's first membership covers and costs (see membership_first_period)."""

    start: date
    end: date
    months: int
    amount: Decimal | None
    # True when the approval fell in the last months of a year and the next one began at once.
    early_start: bool


def _months_from(start: date, end: date) -> int:
    """Months from the month of `start` to the month of `end`, both counted."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def membership_first_period(*, joined_on: date, yearly_amount: Decimal | None) -> FirstPeriod:
    """The one rule for a new member's first period and dues, wherever a member joins
    (approval, first renewal, the demo data) and whatever tells them (emails, the FAQ).

    The first period starts on the first day of the month of joining. It runs to the end of
    that membership year for the months left of the yearly dues, rounded to the euro; but
    when fewer than MEMBERSHIP_EARLY_START_MONTHS months are left, counting the month of
    joining, the next year begins at once, for its full dues, and those months are free.
    """
    start = joined_on.replace(day=1)
    _, year_end = membership_period_containing(day=joined_on)
    months_left = _months_from(start, year_end)
    if months_left <= settings.MEMBERSHIP_EARLY_START_MONTHS:
        _, next_end = membership_period_containing(day=year_end + timedelta(days=1))
        return FirstPeriod(
            start=start,
            end=next_end,
            months=_months_from(start, next_end),
            amount=yearly_amount,
            early_start=True,
        )
    amount = None
    if yearly_amount is not None:
        amount = (yearly_amount * months_left / 12).quantize(Decimal("1"), ROUND_HALF_UP)
    return FirstPeriod(
        start=start, end=year_end, months=months_left, amount=amount, early_start=False
    )


def fee_band_amount(*, category: MembershipCategory | None, headcount_band: str) -> Decimal | None:
    """The yearly dues the fee grid gives, or None when the grid has no line for it."""
    if category is None or not headcount_band:
        return None
    return (
        FeeBand.objects.filter(category=category, headcount_band=headcount_band)
        .values_list("amount", flat=True)
        .first()
    )


# --- The dues page ---------------------------------------------------------------------


@dataclass(frozen=True)
class DuesTotals:
    expected: Decimal
    expected_count: int
    invoiced: Decimal
    collected: Decimal
    late: Decimal
    late_count: int


def dues_of_year(*, year: int) -> QuerySet[Membership]:
    """Memberships billed for the membership year starting in `year`: those ending with it
    (a first period may start later in that year, or already in the year before)."""
    start, end = membership_period_of_year(year=year)
    return Membership.objects.filter(
        status__in=BILLED_STATUSES, period_end__gte=start, period_end__lte=end
    )


def dues_late_q(*, today: date) -> Q:
    return Q(
        invoiced_on__isnull=False,
        paid_on__isnull=True,
        period_start__lt=today - LATE_AFTER,
    )


def dues_totals(*, year: int, today: date) -> DuesTotals:
    """Expected, invoiced, collected and late dues of a year, in one SQL query."""

    def total(condition: Q | None = None):
        return Coalesce(
            Sum("dues_amount", filter=condition),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=12, decimal_places=2),
        )

    late = dues_late_q(today=today)
    figures = dues_of_year(year=year).aggregate(
        expected=total(),
        expected_count=Count("pk"),
        invoiced=total(Q(invoiced_on__isnull=False)),
        collected=total(Q(paid_on__isnull=False)),
        late=total(late),
        late_count=Count("pk", filter=late),
    )
    return DuesTotals(**figures)


def dues_unpaid(*, year: int) -> QuerySet[Membership]:
    return (
        dues_of_year(year=year)
        .filter(paid_on__isnull=True)
        .select_related("organization", "category")
        .order_by("organization__name", "pk")
    )


# --- The membership certificate --------------------------------------------------------


def membership_certified(
    *, organization: Organization, on: date | None = None
) -> Membership | None:
    """The membership a certificate attests on `on` (today by default): the one covering
    that day, active or approved with its dues paid; None when there is none."""
    on = on or timezone.localdate()
    memberships = (
        organization.memberships.filter(period_start__lte=on, period_end__gte=on)
        .select_related("organization", "category")
        .order_by("-period_start", "-pk")
    )
    return next((m for m in memberships if m.is_certifiable(on)), None)
