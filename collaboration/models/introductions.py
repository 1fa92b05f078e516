"""Needs and offers members post, the introductions between two member organizations they
lead to, and the weekly digest of new posts a person may ask for."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Competence, Contact, Organization, Sector


class PostQuerySet(models.QuerySet):
    def current(self, today=None):
        """Open and not expired: what members see."""
        today = today or timezone.localdate()
        return self.filter(is_closed=False, expires_on__gte=today)


class Post(models.Model):
    """A need ("looking for a partner in cybersecurity for an industrial client") or an offer
    (know-how, equipment or premises to share, a pooled purchase) of a member organization,
    seen by the other members only."""

    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        OFFER = "offer", _("Offer")

    class Category(models.TextChoices):
        PARTNER = "partner", _("Partner or skills")
        KNOW_HOW = "know_how", _("Know-how")
        EQUIPMENT = "equipment", _("Equipment")
        PREMISES = "premises", _("Premises")
        POOLED_PURCHASE = "pooled_purchase", _("Pooled purchase")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="collaboration_posts"
    )
    author = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("need or offer"), max_length=6, choices=Kind.choices)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.PARTNER
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="+", verbose_name=_("competences")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("sectors")
    )
    expires_on = models.DateField(_("expires on"))
    is_closed = models.BooleanField(_("closed"), default=False)
    created_at = models.DateTimeField(_("posted on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_on", "created_at"], name="post_current")]

    def __str__(self):
        return self.title


class Introduction(models.Model):
    """An introduction between two member organizations ("mise en relation"): asked by one,
    accepted or declined by the other, or made by staff. Contact details are shown to each
    side only once it is accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    requester = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="introductions_requested"
    )
    requested_by = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="introductions_received"
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introductions",
        verbose_name=_("need or offer"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The animator who made the introduction, when staff made it.
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("target")),
                name="introduction_between_two_organizations",
            ),
            # One pending or accepted introduction per pair of organizations, whichever
            # asked the other.
            models.UniqueConstraint(
                Least("requester", "target"),
                Greatest("requester", "target"),
                condition=models.Q(status__in=["pending", "accepted"]),
                name="introduction_one_open_per_pair",
            ),
        ]

    def __str__(self):
        return f"{self.requester} → {self.target}"


class DigestSubscription(models.Model):
    """A person's opt-in to the weekly email of new needs and offers matching their
    organization; deleting the row is the opt-out."""

    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, related_name="collaboration_digest"
    )
    subscribed_at = models.DateTimeField(_("subscribed on"), default=timezone.now)

    class Meta:
        verbose_name = _("weekly digest subscription")
        verbose_name_plural = _("weekly digest subscriptions")

    def __str__(self):
        return str(self.contact)


class DigestSending(models.Model):
    """One weekly digest sent to one person: at most one per week, whatever retries happen."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField(_("week of"))
    posts = models.PositiveSmallIntegerField(_("needs and offers listed"), default=0)
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [
            models.UniqueConstraint(fields=["contact", "week_start"], name="digest_once_a_week")
        ]

    def __str__(self):
        return f"{self.contact} — {self.week_start}"
