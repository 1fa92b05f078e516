from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import in_language
from members.models.organizations import Contact, HeadcountBand, Organization


class MembershipCategory(models.Model):
    """A kind of membership (company, start-up, institution…) with its fee grid."""

    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("open to applications"), default=True)

    class Meta:
        verbose_name = _("membership category")
        verbose_name_plural = _("membership categories")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class FeeBand(models.Model):
    """The yearly dues of a category for one headcount band."""

    category = models.ForeignKey(
        MembershipCategory, on_delete=models.CASCADE, related_name="fee_bands"
    )
    headcount_band = models.CharField(_("headcount"), max_length=10, choices=HeadcountBand.choices)
    amount = models.DecimalField(_("yearly dues (€)"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "headcount_band"], name="unique_fee_band_per_category"
            )
        ]

    def __str__(self):
        return f"{self.category} — {self.get_headcount_band_display()}: {self.amount} €"


class MembershipQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(
            status=Membership.Status.ACTIVE, period_start__lte=on, period_end__gte=on
        )

    def unpaid(self):
        return self.filter(
            status__in=[Membership.Status.APPROVED, Membership.Status.ACTIVE], paid_on__isnull=True
        )


class Membership(models.Model):
    """An organization's membership for one period (a calendar year unless configured)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REJECTED = "rejected", _("Rejected")
        RESIGNED = "resigned", _("Resigned")

    class PaymentMethod(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer")
        CHEQUE = "cheque", _("Cheque")
        CARD = "card", _("Card")
        DIRECT_DEBIT = "direct_debit", _("Direct debit")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    category = models.ForeignKey(
        MembershipCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("category"),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    dues_amount = models.DecimalField(
        _("dues (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    invoiced_on = models.DateField(_("invoiced on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-period_start"]
        indexes = [models.Index(fields=["status", "period_end"])]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice_number"],
                condition=~models.Q(invoice_number=""),
                name="unique_invoice_number",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="membership_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.period_start:%Y}"

    def is_paid(self) -> bool:
        return self.paid_on is not None

    def months_covered(self) -> int:
        """Months of the period, the first and last counted whole (a first period may be
        shorter or longer than a year)."""
        start, end = self.period_start, self.period_end
        return (end.year - start.year) * 12 + end.month - start.month + 1

    def is_certifiable(self, on: date | None = None) -> bool:
        """Whether a membership certificate may attest it on `on`: it covers that day and
        is active, or approved with its dues paid."""
        on = on or timezone.localdate()
        in_force = self.status == self.Status.ACTIVE or (
            self.status == self.Status.APPROVED and self.is_paid()
        )
        return in_force and self.period_start <= on <= self.period_end

    @property
    def certificate_number(self) -> str:
        """Stable for the membership: its period's year and its number, "2026-00042"."""
        return f"{self.period_start:%Y}-{self.pk:05d}"


class DuesReminder(models.Model):
    """A dues reminder that was sent; the unique constraint makes a second one impossible."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    # Days relative to the end of the period: -30 is a month before, 15 is two weeks after.
    offset_days = models.SmallIntegerField(_("days from the end of the period"))
    sent_to = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("dues reminder")
        verbose_name_plural = _("dues reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "offset_days"], name="one_reminder_per_offset"
            )
        ]

    def __str__(self):
        return f"{self.membership} ({self.offset_days:+d} d)"


class MembershipApplication(models.Model):
    """An application sent from /join/, reviewed by staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="applications"
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("main contact"),
    )
    category = models.ForeignKey(
        MembershipCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("requested category"),
    )
    motivation = models.TextField(_("motivation"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decision_message = models.TextField(_("message to the applicant"), blank=True)
    membership = models.OneToOneField(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="application"
    )

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.organization} ({self.get_status_display()})"
