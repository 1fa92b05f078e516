"""Memberships and dues: periods, the fee grid, renewals, payments, the dues page, the
renewal reminders and the membership certificate."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation

from core.email import email_send_once
from core.outbox import task_enqueue
from core.pdf import pdf_render
from members.models import (
    Affiliation,
    Contact,
    DuesReminder,
    FeeBand,
    Membership,
    MembershipCategory,
    Organization,
)
from members.services.directory import directory_cache_invalidate

logger = logging.getLogger(__name__)

# Invoices count as late once the period has run this long without payment.
LATE_AFTER = timedelta(days=30)
# A reminder whose day was missed (worker down, beat stopped) still goes out this many days
# later; beyond that it is skipped rather than arriving out of context.
REMINDER_CATCH_UP_DAYS = 3
BILLED_STATUSES = (Membership.Status.APPROVED, Membership.Status.ACTIVE)


class MembershipError(Exception):
    pass


class InvoiceNumberTaken(MembershipError):
    pass


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


def _membership_activate_if_paid(membership: Membership) -> None:
    """Dues paid on an approved membership make it active, and its organization a member."""
    if membership.paid_on is None or membership.status != Membership.Status.APPROVED:
        return
    membership.status = Membership.Status.ACTIVE
    organization = membership.organization
    if organization.lifecycle != Organization.Lifecycle.MEMBER:
        organization.lifecycle = Organization.Lifecycle.MEMBER
        organization.save(update_fields=["lifecycle", "updated_at"])
        # Members are listed in the directory: its cached page must show the newcomer.
        transaction.on_commit(directory_cache_invalidate)


def _membership_save(membership: Membership) -> None:
    # A savepoint, so that a clash on the invoice number leaves the caller's transaction usable.
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        clash = (
            Membership.objects.filter(invoice_number=membership.invoice_number)
            .exclude(pk=membership.pk)
            .exists()
        )
        if membership.invoice_number and clash:
            raise InvoiceNumberTaken(membership.invoice_number) from None
        raise


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    status: str,
    category: MembershipCategory | None,
    dues_amount: Decimal | None,
    invoice_number: str,
    invoiced_on: date | None,
    paid_on: date | None,
    payment_method: str,
    notes: str,
) -> Membership:
    """Staff's edit of a membership. Raises InvoiceNumberTaken when the number is in use."""
    membership.status = status
    membership.category = category
    membership.dues_amount = dues_amount
    membership.invoice_number = invoice_number.strip()
    membership.invoiced_on = invoiced_on
    membership.paid_on = paid_on
    membership.payment_method = payment_method
    membership.notes = notes
    _membership_activate_if_paid(membership)
    _membership_save(membership)
    return membership


class RenewalTooEarly(MembershipError):
    """The organization already has a membership for the period after the current one."""


@transaction.atomic
def membership_renew(*, organization: Organization) -> Membership:
    """Create the membership of the period after the organization's latest one (or of the
    current period if it has none), approved, with dues from the fee grid.

    Renewing goes at most one period ahead of today's, so a double submit (or two
    animators at once: the organization row is locked) cannot create years in advance.
    """
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    latest = organization.memberships.order_by("-period_end").first()
    _, today_end = membership_period_containing(day=timezone.localdate())
    if latest is None:
        # A first membership: the same first period as an approved application (no
        # category yet, so no dues until staff set them).
        first = membership_first_period(joined_on=timezone.localdate(), yearly_amount=None)
        start, end = first.start, first.end
        category = None
    else:
        start, end = membership_period_containing(day=latest.period_end + timedelta(days=1))
        category = latest.category
        _, next_end = membership_period_containing(day=today_end + timedelta(days=1))
        if end > next_end:
            raise RenewalTooEarly
    dues = fee_band_amount(category=category, headcount_band=organization.headcount_band)
    if dues is None and latest is not None:
        dues = latest.dues_amount
    return Membership.objects.create(
        organization=organization,
        category=category,
        period_start=start,
        period_end=end,
        status=Membership.Status.APPROVED,
        dues_amount=dues,
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


# --- Renewal reminders -----------------------------------------------------------------


def dues_billing_contact(*, affiliations: list[Affiliation]) -> Contact | None:
    """Whom to ask for the dues: the billing contact, else the main contact, else an admin."""
    reachable = [
        affiliation
        for affiliation in affiliations
        if affiliation.contact.email and affiliation.contact.anonymised_at is None
    ]
    preferences = (
        lambda a: a.position == Affiliation.Position.BILLING_CONTACT,
        lambda a: a.position == Affiliation.Position.MAIN_CONTACT,
        lambda a: a.access == Affiliation.Access.ADMIN,
    )
    for preferred in preferences:
        for affiliation in sorted(reachable, key=lambda a: a.pk):
            if preferred(affiliation):
                return affiliation.contact
    return None


def _reminder_offset_due(membership: Membership, *, today: date, offsets: list[int]):
    """The offset to remind `membership` at today, or None.

    An offset is due from its day until REMINDER_CATCH_UP_DAYS later. When several are due
    (a long outage) only the latest counts, and an offset is never due once it or a later
    one has been recorded, so an old reminder cannot follow a newer one.
    """
    recorded = [reminder.offset_days for reminder in membership.reminders.all()]
    due = [
        offset
        for offset in offsets
        if 0
        <= (today - (membership.period_end + timedelta(days=offset))).days
        <= REMINDER_CATCH_UP_DAYS
        and not any(done >= offset for done in recorded)
    ]
    return max(due) if due else None


def dues_reminders_send(*, today: date) -> list[DuesReminder]:
    """Record and queue today's renewal reminders of unpaid dues; return the new ones.

    Crash safety: the DuesReminder row is written first and the email is queued only once
    it is committed. The unique (membership, offset) row is the proof a reminder went out,
    so a second run, a retry or a concurrent beat cannot send it again: we accept that a
    crash between the commit and the send loses one reminder (the next offset will follow)
    rather than risk mailing a member twice about money. Each membership gets its own
    transaction so that one failure does not hold back the others' reminders.
    """
    from members.tasks import dues_reminder_send

    offsets = sorted(settings.DUES_REMINDER_OFFSETS)
    if not offsets:
        return []
    # Periods whose end, shifted by some offset, falls in the catch-up window ending today.
    earliest_end = today - timedelta(days=offsets[-1] + REMINDER_CATCH_UP_DAYS)
    latest_end = today - timedelta(days=offsets[0])
    candidates = (
        Membership.objects.unpaid()
        .filter(period_end__gte=earliest_end, period_end__lte=latest_end)
        .select_related("organization")
        .prefetch_related(
            "reminders",
            Prefetch(
                "organization__affiliations",
                queryset=Affiliation.objects.select_related("contact"),
            ),
        )
        .order_by("pk")
    )
    created_reminders = []
    for membership in candidates:
        offset = _reminder_offset_due(membership, today=today, offsets=offsets)
        if offset is None:
            continue
        contact = dues_billing_contact(
            affiliations=list(membership.organization.affiliations.all())
        )
        if contact is None:
            logger.warning("No contact to remind about the dues of membership %s", membership.pk)
            continue
        with transaction.atomic():
            reminder, created = DuesReminder.objects.get_or_create(
                membership=membership, offset_days=offset, defaults={"sent_to": contact.email}
            )
            if created:
                task_enqueue(dues_reminder_send, reminder.pk)
                created_reminders.append(reminder)
    return created_reminders


def dues_reminder_send(*, reminder: DuesReminder) -> None:
    """Email one recorded reminder, unless the dues were paid in the meantime."""
    membership = (
        Membership.objects.select_related("organization", "category")
        .prefetch_related(
            Prefetch(
                "organization__affiliations",
                queryset=Affiliation.objects.select_related("contact"),
            )
        )
        .get(pk=reminder.membership_id)
    )
    if membership.is_paid() or membership.status not in BILLED_STATUSES:
        return
    contact = dues_billing_contact(affiliations=list(membership.organization.affiliations.all()))
    language = contact.preferred_language if contact else settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("members:space_membership", kwargs={"slug": membership.organization.slug})
    email_send_once(
        key=f"dues-reminder:{reminder.pk}",
        template="members/emails/dues_reminder",
        to=reminder.sent_to,
        language=language,
        context={
            "first_name": contact.first_name if contact else "",
            "organization_name": membership.organization.name,
            "membership": membership,
            "offset_days": reminder.offset_days,
            "days_after": abs(reminder.offset_days),
            "is_overdue": reminder.offset_days > 0,
            "membership_url": settings.SITE_URL + path,
            "contact_email": settings.CONTACT_EMAIL,
        },
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


def membership_certificate_context(*, membership: Membership) -> dict:
    return {
        "cluster_name": settings.CLUSTER_NAME,
        "organization": membership.organization,
        "membership": membership,
        "number": membership.certificate_number,
        "issued_on": timezone.localdate(),
    }


def membership_certificate_pdf(*, membership: Membership, language: str) -> bytes:
    """The membership certificate as a PDF, worded in `language`."""
    with translation.override(language):
        return pdf_render(
            template="members/pdf/certificate.html",
            context=membership_certificate_context(membership=membership),
        )
