import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import PartnerFeed


def new_token() -> str:
    return secrets.token_urlsafe(24)


class PersonalCalendar(models.Model):
    """The secret token behind a user's personal iCalendar feed of their registrations.
    Regenerating it revokes the old address.

    Not a personal link (core.links), and stored as it is: the feed's address is a
    long-lived credential that calendar applications poll for years, and the person comes
    back to its page to copy it into another one. Hashed, it could be shown only once.
    Regenerating it is how a leaked address is revoked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_calendar"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self):
        return str(self.user)


class PartnerCalendar(PartnerFeed):
    """A partner cluster's public iCalendar feed, imported by a beat task."""

    website = models.URLField(_("website"), blank=True)
    feed_url = models.URLField(_("iCalendar feed address"), unique=True)
    last_event_count = models.PositiveIntegerField(_("events in the feed"), default=0)

    count_field = "last_event_count"

    class Meta(PartnerFeed.Meta):
        verbose_name = _("partner cluster calendar")
        verbose_name_plural = _("partner cluster calendars")
