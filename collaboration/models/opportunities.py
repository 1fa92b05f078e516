"""The opportunities board: internships, work-study places, jobs and trainings members post,
and funding opportunities staff post. Candidates apply through the poster's link or email;
the portal stores no CV."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Contact, Organization, Region


class OpportunityQuerySet(models.QuerySet):
    def on_board(self, today=None):
        """What the public board shows: published and not expired. An item leaves the board
        by itself the day after its expiry."""
        today = today or timezone.localdate()
        # Staff's funding opportunities have no organization; a member's item leaves the
        # board with its organization's membership.
        return self.filter(
            models.Q(organization__isnull=True)
            | models.Q(organization__lifecycle=Organization.Lifecycle.MEMBER),
            status=Opportunity.Status.PUBLISHED,
            expires_on__gte=today,
        )


class Opportunity(models.Model):
    class Kind(models.TextChoices):
        INTERNSHIP = "internship", _("Internship")
        WORK_STUDY = "work_study", _("Work-study")
        JOB = "job", _("Job")
        TRAINING = "training", _("Training")
        FUNDING = "funding", _("Funding opportunity")

    class Scope(models.TextChoices):
        NONE = "", _("—")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")
        EUROPEAN = "european", _("European")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Members post these; funding opportunities are staff's.
    MEMBER_KINDS = (Kind.INTERNSHIP, Kind.WORK_STUDY, Kind.JOB, Kind.TRAINING)

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("posted by"),
    )
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.NONE, blank=True
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True)
    apply_url = models.URLField(_("where to apply (link)"), blank=True)
    apply_email = models.EmailField(_("where to apply (email)"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    poster = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated on"), null=True, blank=True)
    moderation_note = models.CharField(_("note to the poster"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    # The first publication, kept when an edit sends the item back to moderation: what the
    # reports count, so a period's figures do not change afterwards.
    first_published_at = models.DateTimeField(
        _("first published on"), null=True, blank=True, editable=False
    )
    # Lower-cased, accent-free text of the item's own searchable fields (the services keep it;
    # the organization's name is searched where it lives, so a rename is found at once).
    search_document = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("posted on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["expires_on", "published_at"],
                condition=models.Q(status="published"),
                name="opportunity_board",
            ),
            models.Index(fields=["status", "created_at"], name="opportunity_moderation"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(apply_url="", apply_email=""),
                name="opportunity_says_where_to_apply",
            )
        ]

    def __str__(self):
        return self.title

    def is_on_board(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_on >= today
            and (
                self.organization_id is None
                or self.organization.lifecycle == Organization.Lifecycle.MEMBER
            )
        )
