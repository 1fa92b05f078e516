"""Memberships and dues: staff's edits, renewals, payments, the renewal reminders and the
membership certificate. Periods, the fee grid and the dues page's figures are in
members.selectors.memberships."""

import logging
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from core.domain_events import publish
from core.email import email_send_once
from core.outbox import task_enqueue
from core.pdf import pdf_render
from members.models import (
    Affiliation,
    Contact,
    DuesReminder,
    Membership,
    MembershipCategory,
    Organization,
)
from members.selectors.memberships import (
    BILLED_STATUSES,
    fee_band_amount,
    membership_first_period,
    membership_period_containing,
)
from members.services.directory import directory_cache_invalidate

logger = logging.getLogger(__name__)

# A reminder whose day was missed (worker down, beat stopped) still goes out this many days
# later; beyond that it is skipped rather than arriving out of context.
REMINDER_CATCH_UP_DAYS = 3


class MembershipError(Exception):
    pass


class InvoiceNumberTaken(MembershipError):
    pass


def _membership_activate_if_paid(membership: Membership) -> None:
    """Dues paid on an approved membership make it active, and its organization a member."""
    if membership.paid_on is None or membership.status != Membership.Status.APPROVED:
        return
    membership.status = Membership.Status.ACTIVE
    # The organization as the database holds it, locked: a second click read it before the
    # first made it a member, and must not announce the same new member again.
    organization = Organization.objects.select_for_update().get(pk=membership.organization_id)
    membership.organization = organization
    if organization.lifecycle != Organization.Lifecycle.MEMBER:
        organization.lifecycle = Organization.Lifecycle.MEMBER
        organization.save(update_fields=["lifecycle", "updated_at"])
        # Members are listed in the directory: its cached page must show the newcomer.
        directory_cache_invalidate()
        publish("organization.became_member", organization)


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
    # What the database holds, locked: the form may have changed the instance already, and
    # a second click must not announce the same payment again.
    paid_before = (
        Membership.objects.select_for_update()
        .filter(pk=membership.pk)
        .values_list("paid_on", flat=True)
        .first()
    )
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
    if paid_before is None and membership.paid_on is not None:
        publish("dues.paid", membership)
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
    membership = Membership.objects.create(
        organization=organization,
        category=category,
        period_start=start,
        period_end=end,
        status=Membership.Status.APPROVED,
        dues_amount=dues,
    )
    if latest is not None:
        # A first membership is a joining, announced as such when it becomes active.
        publish("membership.renewed", membership)
    return membership


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
