"""The annual innovation awards ("Trophées de l'innovation"): an edition staff open with its
categories and weighted criteria, the applications member organizations send (or staff
nominate them for), the jury (members or outsiders, reached by a personal link), their
conflicts of interest and scores, and the winners staff announce."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.storage import PrivateStorage
from core.translation import in_language
from core.uploads import DOCUMENT_EXTENSIONS, UploadTypeValidator
from events.models import Event
from members.models import Contact, Organization

# Attachments are office documents, PDFs and images, each at most this size.
ATTACHMENT_EXTENSIONS = DOCUMENT_EXTENSIONS
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_PER_APPLICATION = 5


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Edition(models.Model):
    """One year's awards: its rules, its dates and its ceremony."""

    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    rules_fr = models.TextField(_("rules (French)"), blank=True)
    rules_en = models.TextField(_("rules (English)"), blank=True)
    guidance_fr = models.TextField(_("how to apply (French)"), blank=True)
    guidance_en = models.TextField(_("how to apply (English)"), blank=True)
    applications_open_at = models.DateTimeField(_("applications open"))
    deadline = models.DateTimeField(_("application deadline"))
    scoring_closes_at = models.DateTimeField(_("jury scoring closes"))
    ceremony = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ceremony"),
    )
    is_published = models.BooleanField(_("published"), default=False)
    announced_at = models.DateTimeField(_("winners announced"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("awards edition")
        verbose_name_plural = _("awards editions")
        ordering = ["-applications_open_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("applications_open_at")),
                name="award_edition_deadline_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(scoring_closes_at__gte=models.F("deadline")),
                name="award_edition_scoring_after_deadline",
            ),
        ]

    def __str__(self):
        return self.title_fr

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def rules(self) -> str:
        return in_language(self.rules_fr, self.rules_en)

    @property
    def guidance(self) -> str:
        return in_language(self.guidance_fr, self.guidance_en)

    def is_open(self, now=None) -> bool:
        """Applications are taken from the opening until the deadline, once published, and
        no longer once the winners are announced (nobody applies to or leaves a decided
        contest)."""
        now = now or timezone.now()
        return (
            self.is_published
            and self.announced_at is None
            and self.applications_open_at <= now <= self.deadline
        )

    def is_scoring(self, now=None) -> bool:
        now = now or timezone.now()
        return now <= self.scoring_closes_at

    @property
    def is_announced(self) -> bool:
        return self.announced_at is not None


class AwardCategory(models.Model):
    """A category of an edition (Startup, Industry, Responsible digital...), with staff's
    deliberation note once the jury has scored."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    deliberation = models.TextField(_("deliberation note"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("awards", "category")
        verbose_name_plural = pgettext_lazy("awards", "categories")
        ordering = ["edition", "position", "pk"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class AwardCriterion(models.Model):
    """A criterion of the edition's scoring grid, scored from 0 to `max_score`, weighted."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    label_fr = models.CharField(_("label (French)"), max_length=150)
    label_en = models.CharField(_("label (English)"), max_length=150, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="award_criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_score__gte=1), name="award_criterion_max_positive"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return in_language(self.label_fr, self.label_en)


class AwardApplication(models.Model):
    """An organization's application to one category of an edition: by its contact in the
    member space, or nominated by staff."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("award application", "Submitted")
        WITHDRAWN = "withdrawn", pgettext_lazy("award application", "Withdrawn")

    class Result(models.TextChoices):
        NONE = "", _("Not decided")
        WINNER = "winner", _("Winner")
        MENTION = "mention", _("Special mention")
        NOT_SELECTED = "not_selected", _("Not selected")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="applications")
    category = models.ForeignKey(
        AwardCategory, on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="award_applications"
    )
    submitted_by = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    presentation = models.TextField(_("the application"))
    public_summary = models.CharField(
        _("public summary"),
        max_length=400,
        help_text=_("A few lines shown publicly only if the organization wins."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    result = models.CharField(
        _("result"), max_length=12, choices=Result.choices, default=Result.NONE, blank=True
    )
    created_at = models.DateTimeField(_("submitted on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("award application")
        verbose_name_plural = _("award applications")
        ordering = ["category__position", "organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "category", "organization"],
                name="award_application_one_per_category",
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.category}"

    @property
    def is_awarded(self) -> bool:
        return self.result in (self.Result.WINNER, self.Result.MENTION)


class AwardAttachment(models.Model):
    """A document of an application, kept private: staff, the applicant organization and
    the jurors allowed to see the application download it."""

    application = models.ForeignKey(
        AwardApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"),
        upload_to="community/awards/%Y/",
        storage=PrivateStorage(),
        validators=[UploadTypeValidator(ATTACHMENT_EXTENSIONS)],
    )
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("application attachment")
        verbose_name_plural = _("application attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class Juror(models.Model):
    """A member of an edition's jury: a contact of the register, or an outsider known by
    name, address and organization. Reaches the jury's pages by a personal link."""

    LINK_PURPOSE = "award-jury"
    ERASED_NAME = "Juré effacé"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="jurors")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="award_juries"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    # Set when the juror declared, beside the conflicts they ticked, that they have no other.
    conflicts_declared_at = models.DateTimeField(
        _("conflicts of interest declared"), null=True, blank=True
    )
    conflicting_organizations = models.ManyToManyField(
        Organization,
        through="JurorConflict",
        related_name="+",
        verbose_name=_("conflicts of interest"),
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    links = GenericRelation("core.PersonalLink")

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "contact"],
                condition=models.Q(contact__isnull=False),
                name="award_juror_once_per_edition",
            )
        ]

    def __str__(self):
        return self.name


class JurorConflict(models.Model):
    """An organization a juror declared a conflict of interest with: its applications are
    out of the juror's sight."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["juror", "organization"], name="award_conflict_once")
        ]

    def __str__(self):
        return f"{self.juror} — {self.organization}"


class JuryScore(models.Model):
    """A juror's score of an application on one criterion of the edition."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(
        AwardApplication, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    scored_at = models.DateTimeField(_("scored on"), default=timezone.now)

    class Meta:
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application", "criterion"], name="award_score_once"
            )
        ]

    def __str__(self):
        return f"{self.application} — {self.criterion}: {self.value}"
