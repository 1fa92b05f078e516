"""Testimonials and success stories: what members and partners say of the cluster, and the
projects, partnerships and awards it helped bring about, shown to the companies it courts.

A testimonial is published only on a recorded consent (who recorded it, when, how, which
text the person agreed to). Consents are kept as a history: a withdrawal closes the current
one and takes the testimonial down; publishing again needs a new consent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaboration.models import Project
from core.translation import in_language
from core.uploads import IMAGE_EXTENSIONS, UploadTypeValidator
from members.models import Contact, Organization

# What an erased person's testimonial keeps in place of their name.
ANONYMOUS_NAME = "—"


class TestimonialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class Testimonial(models.Model):
    __test__ = False  # not a test class, whatever its name says to pytest

    quote_fr = models.TextField(_("quote (French)"))
    quote_en = models.TextField(_("quote (English)"), blank=True)
    person_name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        verbose_name=_("organization of the register"),
    )
    # A partner or an outsider not in the register.
    company_name = models.CharField(_("company (not in the register)"), max_length=200, blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to="testimonials/",
        blank=True,
        validators=[UploadTypeValidator(IMAGE_EXTENSIONS, names_matter=False)],
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        verbose_name=_("contact of the register"),
    )
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language of the emails"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TestimonialQuerySet.as_manager()

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["-published_at"],
                condition=models.Q(published_at__isnull=False),
                name="testimonial_published",
            )
        ]

    def __str__(self):
        return f"{self.person_name} ({self.company})"

    @property
    def quote(self) -> str:
        return in_language(self.quote_fr, self.quote_en)

    @property
    def company(self) -> str:
        return self.organization.name if self.organization_id else self.company_name

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class TestimonialConsent(models.Model):
    """One consent to publish, and its withdrawal when it comes."""

    __test__ = False  # not a test class, whatever its name says to pytest

    class Method(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signed form")
        EMAIL = "email", pgettext_lazy("consent given by", "Email")
        IN_PERSON = "in_person", _("In person")

    class WithdrawalMethod(models.TextChoices):
        EMAIL = "email", pgettext_lazy("consent withdrawn by", "Email")
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        PERSONAL_LINK = "personal_link", _("Link in the email")
        MEMBER_SPACE = "member_space", _("Member space")
        ERASED = "erased", _("Erasure of the person's data")
        # Not the person's doing: staff changed the words, which the person has not agreed to.
        QUOTE_CHANGED = "quote_changed", _("The quote changed")

    testimonial = models.ForeignKey(Testimonial, on_delete=models.CASCADE, related_name="consents")
    method = models.CharField(_("how"), max_length=12, choices=Method.choices)
    given_on = models.DateField(_("given on"))
    text_version = models.CharField(_("text agreed to"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawal_method = models.CharField(
        _("withdrawn by"), max_length=14, choices=WithdrawalMethod.choices, blank=True
    )
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent to publish a testimonial")
        verbose_name_plural = _("consents to publish testimonials")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            # One consent in force at a time: a new one is recorded once the last is withdrawn.
            models.UniqueConstraint(
                fields=["testimonial"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="testimonial_one_consent_in_force",
            )
        ]

    def __str__(self):
        return f"{self.testimonial_id}: {self.get_method_display()} {self.given_on}"


class SuccessStoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class SuccessStory(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", pgettext_lazy("success story", "Project")
        PARTNERSHIP = "partnership", _("Partnership")
        AWARD = "award", _("Award")

    kind = models.CharField(
        pgettext_lazy("success story", "kind"), max_length=12, choices=Kind.choices
    )
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    # Markdown, sanitised when rendered.
    body_fr = models.TextField(_("text (French)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    organizations = models.ManyToManyField(
        Organization,
        related_name="success_stories",
        verbose_name=_("organizations involved"),
        blank=True,
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collaborative project"),
    )
    image = models.ImageField(
        _("image"),
        upload_to="stories/",
        blank=True,
        validators=[UploadTypeValidator(IMAGE_EXTENSIONS, names_matter=False)],
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SuccessStoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "-published_at"])]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def body(self) -> str:
        return in_language(self.body_fr, self.body_en)
