from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PartnerFeed
from core.translation import in_language
from members.models import Competence, Region, Sector


class PartnerDirectory(PartnerFeed):
    """A partner cluster's directory feed (the format of README, "Network directory feed"),
    imported by a beat task."""

    feed_url = models.URLField(_("directory feed address"), unique=True)
    last_organization_count = models.PositiveIntegerField(_("organizations in the feed"), default=0)

    count_field = "last_organization_count"

    class Meta(PartnerFeed.Meta):
        verbose_name = _("partner cluster directory")
        verbose_name_plural = _("partner cluster directories")


class PartnerTerm(models.Model):
    """A competence or sector of a partner's taxonomy and the one of ours it stands for.

    A code identical to one of our slugs is mapped when first seen; staff map the others,
    or say there is no equivalent. Searches join through this row, so a new mapping counts
    at once."""

    class Kind(models.TextChoices):
        COMPETENCE = "competence", _("Competence")
        SECTOR = "sector", _("Sector")

    partner = models.ForeignKey(PartnerDirectory, on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=140)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    competence = models.ForeignKey(
        Competence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("our competence"),
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("our sector"),
    )
    no_equivalent = models.BooleanField(_("no equivalent"), default=False)

    class Meta:
        verbose_name = _("partner taxonomy term")
        verbose_name_plural = _("partner taxonomy terms")
        ordering = ["kind", "name_fr", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "kind", "code"], name="partner_term_code")
        ]

    def __str__(self):
        return f"{self.partner}: {self.code}"

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)

    @property
    def ours(self):
        return self.competence if self.kind == self.Kind.COMPETENCE else self.sector


class PartnerOrganization(models.Model):
    """An organization of a partner cluster's directory, as its last import described it."""

    partner = models.ForeignKey(
        PartnerDirectory, on_delete=models.CASCADE, related_name="organizations"
    )
    source_id = models.UUIDField(_("identifier at the source"))
    name = models.CharField(_("name"), max_length=255)
    profile_url = models.URLField(_("profile at the source"), max_length=500)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    offer_fr = models.TextField(_("offer (French)"), blank=True)
    offer_en = models.TextField(_("offer (English)"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    logo_url = models.URLField(_("logo"), max_length=500, blank=True)
    terms = models.ManyToManyField(
        PartnerTerm, blank=True, related_name="organizations", verbose_name=_("taxonomy terms")
    )
    # Lower-cased, accent-free text of the searchable fields (core.search), made on import.
    search_document = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("updated at the source"))
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("partner cluster organization")
        verbose_name_plural = _("partner cluster organizations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "source_id"], name="partner_organization_source_id"
            )
        ]
        indexes = [models.Index(fields=["name", "id"], name="partner_organization_name")]

    def __str__(self):
        return self.name

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)

    @property
    def offer(self) -> str:
        return in_language(self.offer_fr, self.offer_en)
