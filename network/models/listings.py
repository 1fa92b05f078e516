import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization


class NetworkListing(models.Model):
    """An organization's place in the network's open directory feed: the identifier partner
    clusters know it by, and whether it agreed to be in the feed.

    The identifier is made once and kept while the organization exists, whatever its
    consent: a partner that saw it leave and come back sees the same organization. Being in
    the public directory is a separate choice (Organization.directory_consent_at): the feed
    needs both."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="network_listing"
    )
    uid = models.UUIDField(_("identifier in the network"), default=uuid.uuid4, unique=True)
    feed_consent = models.BooleanField(_("in the network directory feed"), default=False)
    consent_changed_at = models.DateTimeField(_("consent changed on"), null=True, blank=True)
    consent_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent changed by"),
    )

    class Meta:
        verbose_name = _("network listing")
        verbose_name_plural = _("network listings")
        indexes = [
            models.Index(
                fields=["organization"],
                condition=models.Q(feed_consent=True),
                name="network_listing_consented",
            )
        ]

    def __str__(self):
        return str(self.organization)


class NetworkConsentRecord(models.Model):
    """One yes or no of an organization to the network directory feed, by whom and when.
    Never edited: the listing holds the answer in force, these the history."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="network_consents"
    )
    granted = models.BooleanField(_("granted"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    text_version = models.CharField(_("text version"), max_length=40)

    class Meta:
        verbose_name = _("network consent record")
        verbose_name_plural = _("network consent records")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.organization} — {self.granted}"
