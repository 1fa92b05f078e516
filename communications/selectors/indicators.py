"""The communication plan's indicators the portal measures itself (their daily snapshot is
written by communications.services.indicators).

Each figure is one aggregate query. "This year" is the calendar year of `today`, except for
new members, counted over the membership period `today` falls in. A figure the portal
cannot compute (yet) is None, never 0: a zero would read as a measured failure.
"""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q
from django.utils import timezone

from communications.models import (
    Delivery,
    Indicator,
    MediaCoverage,
    Newsletter,
    PressRelease,
    Subscriber,
)
from events.models import Event, Registration
from members.models import Membership, Organization
from members.selectors.memberships import membership_period_containing
from surveys.selectors import annual_satisfaction

Metric = Indicator.Metric
# Memberships that made an organization a member at some point.
_JOINED = [
    Membership.Status.APPROVED,
    Membership.Status.ACTIVE,
    Membership.Status.EXPIRED,
    Membership.Status.RESIGNED,
]


def member_count(*, today: date) -> Decimal:
    return Decimal(Organization.objects.members().count())


def new_members_count(*, today: date) -> Decimal:
    """Member organizations whose first membership starts in the current period."""
    start, end = membership_period_containing(day=today)
    # First starts are grouped over the narrow memberships table, and only the few
    # organizations found are then read: grouping organizations (a wide table) joined to
    # their memberships read every member's row, a third of this page's time.
    first_in_period = (
        Membership.objects.filter(status__in=_JOINED)
        .values("organization")
        .annotate(first_start=Min("period_start"))
        .filter(first_start__gte=start, first_start__lte=end)
        .values("organization")
    )
    return Decimal(Organization.objects.members().filter(pk__in=first_in_period).count())


def subscribers_count(*, today: date) -> Decimal:
    return Decimal(Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count())


def _sent_this_year(today: date):
    return Newsletter.objects.filter(status=Newsletter.Status.SENT, sent_at__year=today.year)


def newsletters_sent_count(*, today: date) -> Decimal:
    return Decimal(_sent_this_year(today).count())


def newsletter_open_rate(*, today: date) -> Decimal | None:
    """Opened / delivered, in percent, over this year's newsletters that counted opens.
    None when none did: an untracked newsletter says nothing about opens."""
    figures = Delivery.objects.filter(
        newsletter__in=_sent_this_year(today).filter(tracking_enabled=True),
        status=Delivery.Status.SENT,
    ).aggregate(sent=Count("pk"), opened=Count("pk", filter=Q(opened_at__isnull=False)))
    if not figures["sent"]:
        return None
    rate = Decimal(figures["opened"] * 100) / Decimal(figures["sent"])
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def press_releases_count(*, today: date) -> Decimal:
    count = PressRelease.objects.filter(
        is_published=True, published_on__year=today.year, published_on__lte=today
    ).count()
    return Decimal(count)


def media_articles_count(*, today: date) -> Decimal:
    return Decimal(MediaCoverage.objects.filter(published_on__year=today.year).count())


def _held_this_year(today: date):
    """The cluster's own events of this year that took place (not cancelled, not a partner
    cluster's imported event)."""
    return Event.objects.filter(
        starts_at__year=today.year,
        ends_at__lte=timezone.now(),
        cancelled_at__isnull=True,
        partner_calendar__isnull=True,
    )


def events_held_count(*, today: date) -> Decimal:
    return Decimal(_held_this_year(today).count())


def attendance_count(*, today: date) -> Decimal:
    """People marked present at this year's events."""
    count = Registration.objects.filter(
        event__in=_held_this_year(today), attendance=Registration.Attendance.PRESENT
    ).count()
    return Decimal(count)


def satisfaction(*, today: date) -> Decimal | None:
    """The latest annual satisfaction survey's NPS (or its average rating)."""
    return annual_satisfaction(today=today)


MEASURES: dict[str, Callable[..., Decimal | None]] = {
    Metric.MEMBER_COUNT: member_count,
    Metric.NEW_MEMBERS: new_members_count,
    Metric.SUBSCRIBERS: subscribers_count,
    Metric.NEWSLETTERS_SENT: newsletters_sent_count,
    Metric.OPEN_RATE: newsletter_open_rate,
    Metric.PRESS_RELEASES: press_releases_count,
    Metric.MEDIA_ARTICLES: media_articles_count,
    Metric.EVENTS_HELD: events_held_count,
    Metric.ATTENDANCE: attendance_count,
    Metric.SATISFACTION: satisfaction,
}


def metric_values(
    *, metrics: Iterable[str], today: date | None = None
) -> dict[str, Decimal | None]:
    """Today's value of each measured metric named (one query per metric, whatever the
    number of indicators that follow it). Manual metrics are left out."""
    today = today or timezone.localdate()
    return {metric: MEASURES[metric](today=today) for metric in set(metrics) if metric in MEASURES}
