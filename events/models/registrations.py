import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models.calendar import Event

# The purposes of a registration's personal links (core.links). The registration link
# confirms a guest's request and cancels: only the person has it, in their emails. The
# check-in link is the QR code shown at the door: it opens the registration on the check-in
# page, for staff only, and cancels nothing.
REGISTRATION_LINK = "events.registration"
CHECKIN_LINK = "events.checkin"
# Both work until this long after the event's end.
LINKS_OUTLIVE_EVENT = datetime.timedelta(days=90)


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "id")


class Registration(models.Model):
    """One person's place at one event. There is one row per (event, email): cancelling and
    registering again reuses it, so the history and the emails it triggered stay together."""

    class Status(models.TextChoices):
        # A guest registered by email and has not clicked the confirmation link yet.
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Not recorded")
        PRESENT = "present", _("Present")
        NO_SHOW = "no_show", _("No-show")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    # Member contacts register as themselves; guests only leave a name and an address.
    contact = models.ForeignKey(
        "members.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("contact"),
    )
    # The organization the person came for (attendance history on its 360° page).
    organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organization"),
    )
    email = models.EmailField(_("email"))  # stored lower-case
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    # Its registration and check-in links (see REGISTRATION_LINK, CHECKIN_LINK).
    links = GenericRelation("core.PersonalLink")

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_registration_per_email")
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["contact", "status"]),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.event}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)
