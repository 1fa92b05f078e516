from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import in_language


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_year(self, year: int):
        return self.filter(starts_at__year=year)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")


class Event(models.Model):
    """A date in the cluster's calendar. The events issue extends it with registration."""

    class Kind(models.TextChoices):
        MONTHLY_MEETING = "monthly_meeting", _("Monthly meeting")
        GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
        THEMATIC_DEBATE = "thematic_debate", _("Thematic debate")
        COMPANY_VISIT = "company_visit", _("Company visit")
        REGIONAL_MEETING = "regional_meeting", _("Regional meeting")
        TRAINING = "training", _("Training")
        AWARDS_CEREMONY = "awards_ceremony", _("Awards ceremony")
        NETWORKING = "networking", _("Networking lunch or dinner")
        WEBINAR = "webinar", _("Webinar")
        PARTNER_CLUSTER = "partner_cluster", _("Partner cluster event")

    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["is_published", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)
