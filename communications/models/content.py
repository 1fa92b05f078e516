from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage
from core.translation import in_language
from core.uploads import IMAGE_EXTENSIONS, UploadTypeValidator

# What the press room offers for download.
PRESS_ASSET_EXTENSIONS = ("pdf", "zip", "png", "jpg", "jpeg", "svg", "pptx", "odp")


class NewsArticle(models.Model):
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

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["is_published", "-published_at"])]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)


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
