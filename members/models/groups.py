from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.storage import PrivateStorage
from core.translation import in_language
from core.uploads import DOCUMENT_EXTENSIONS, UploadTypeValidator
from members.models.organizations import Contact, Organization


class PartnershipAgreement(models.Model):
    class Kind(models.TextChoices):
        FUNDING = "funding", _("Funding")
        RESEARCH = "research", _("Research")
        TRAINING = "training", _("Training")
        MEDIA = "media", _("Media")
        INTER_CLUSTER = "inter_cluster", _("Inter-cluster")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_public = models.BooleanField(_("shown on the partners page"), default=True)

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.title

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)


class PartnershipDocument(models.Model):
    agreement = models.ForeignKey(
        PartnershipAgreement, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    # Served by a view that checks who asks, never by the web server.
    file = models.FileField(
        _("file"),
        upload_to="private/agreements/",
        storage=PrivateStorage(),
        validators=[UploadTypeValidator(DOCUMENT_EXTENSIONS)],
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self):
        return self.title


class WorkingGroup(models.Model):
    """A thematic commission of the cluster."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)


class WorkingGroupMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", pgettext_lazy("working group", "Member")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACCEPTED = "accepted", pgettext_lazy("working group", "Member")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="working_groups")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "contact"], name="unique_group_member")
        ]

    def __str__(self):
        return f"{self.contact} — {self.group}"


class WorkingGroupDocument(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    # Served by a view that checks group membership, never by the web server.
    file = models.FileField(
        _("file"),
        upload_to="private/groups/",
        storage=PrivateStorage(),
        validators=[UploadTypeValidator(DOCUMENT_EXTENSIONS)],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("working group document")
        verbose_name_plural = _("working group documents")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
