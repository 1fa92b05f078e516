from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.storage import PrivateStorage
from core.translation import in_language
from core.uploads import IMAGE_EXTENSIONS, UploadTypeValidator
from members.models import Contact, Organization

# What the press room offers for download.
PRESS_ASSET_EXTENSIONS = ("pdf", "zip", "png", "jpg", "jpeg", "svg", "pptx", "odp")


class NewsArticleQuerySet(models.QuerySet):
    def public(self, now=None):
        """What visitors read: published, and not dated in the future."""
        return self.filter(is_published=True, published_at__lte=now or timezone.now())

    def featured(self, today=None):
        """Public articles staff put on the home page, until their end date (included)."""
        today = today or timezone.localdate()
        return (
            self.public()
            .filter(is_featured=True)
            .filter(models.Q(featured_until__isnull=True) | models.Q(featured_until__gte=today))
        )


# Member news is a NewsArticle with an organization rather than a model of its own: once
# published it is news like any other, so /news/, its page, the home page's featured items
# and the newsletter read one table, in one order, with one pagination. The member-only
# columns (kind, link, moderation) stay empty on staff's articles.
class NewsArticle(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("New product or service")
        HIRE = "hire", pgettext_lazy("member news kind", "Hiring")
        SUCCESS = "success", _("Success")
        OTHER = "other", pgettext_lazy("member news kind", "Other")

    class Moderation(models.TextChoices):
        NONE = "", _("Staff article")
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    # Markdown, sanitised when rendered.
    body_fr = models.TextField(_("text (French)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to="news/",
        blank=True,
        validators=[UploadTypeValidator(IMAGE_EXTENSIONS, names_matter=False)],
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("publication date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Member news: the company it is about, who sent it, and its moderation.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news_articles",
        verbose_name=_("company"),
    )
    kind = models.CharField(
        pgettext_lazy("member news", "kind"), max_length=10, choices=Kind.choices, blank=True
    )
    link = models.URLField(_("link"), blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default="", blank=True
    )
    submitted_by = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated on"), null=True, blank=True)
    moderation_note = models.CharField(_("note to the company"), max_length=500, blank=True)
    # Counts the saves of a submission: a moderator's decision names the one they read.
    revision = models.PositiveIntegerField(default=0, editable=False)
    # On the home page while set, until the end date if there is one.
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    featured_until = models.DateField(_("featured until"), null=True, blank=True)

    objects = NewsArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at"]
        indexes = [
            models.Index(fields=["is_published", "-published_at"]),
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(moderation="pending"),
                name="news_moderation_queue",
            ),
            models.Index(
                fields=["organization", "-published_at"],
                condition=models.Q(organization__isnull=False),
                name="news_of_organization",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def is_member_news(self) -> bool:
        return self.organization_id is not None

    def is_on_home(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.is_featured
            and self.is_published
            and self.published_at <= timezone.now()
            and (self.featured_until is None or self.featured_until >= today)
        )


class PressRelease(models.Model):
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    body_fr = models.TextField(_("text (French)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    pdf = models.FileField(
        _("PDF version"),
        upload_to="press/releases/",
        blank=True,
        validators=[UploadTypeValidator(["pdf"])],
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("publication date"), default=timezone.localdate)

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)


class PressAsset(models.Model):
    """A public download of the press room: the press kit, the brochure, logos. A gated asset
    asks for a name, email and organization first."""

    class Kind(models.TextChoices):
        PRESS_KIT = "press_kit", _("Press kit")
        BROCHURE = "brochure", _("Brochure")
        LOGO = "logo", _("Logos and visuals")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    # Private storage: a gated file must not be reachable by guessing its /media/ address;
    # every download goes through the press room's view.
    file = models.FileField(
        _("file"),
        upload_to="press/assets/",
        storage=PrivateStorage(),
        validators=[UploadTypeValidator(PRESS_ASSET_EXTENSIONS)],
    )
    is_gated = models.BooleanField(_("ask for contact details first"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("press room download")
        verbose_name_plural = _("press room downloads")
        ordering = ["kind", "title_fr"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)


class MediaCoverage(models.Model):
    """An article, broadcast or post about the cluster, logged by staff."""

    published_on = models.DateField(_("date"))
    outlet = models.CharField(_("outlet"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    # Readers, listeners or viewers, as the outlet states it.
    audience = models.PositiveIntegerField(_("audience"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("logged"), default=timezone.now)

    class Meta:
        verbose_name = _("media coverage")
        verbose_name_plural = _("media coverage")
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return f"{self.outlet}: {self.title}"
