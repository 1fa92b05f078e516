from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models.organizations import Contact, Organization, Segment


class Interaction(models.Model):
    """An entry of the animators' log about an organization."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("Email")
        NOTE = "note", _("Note")
        INTRODUCTION = "intro", pgettext_lazy("interaction kind", "Introduction")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="interactions", verbose_name=_("contacts involved")
    )
    summary = models.TextField(_("summary"))
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-happened_on", "-pk"]
        indexes = [
            models.Index(
                fields=["follow_up_on"],
                condition=models.Q(follow_up_done=False, follow_up_on__isnull=False),
                name="interaction_follow_up_due",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.organization} ({self.happened_on})"

    def is_overdue(self, today=None) -> bool:
        """A follow-up whose day has passed without being done."""
        today = today or timezone.localdate()
        return (
            not self.follow_up_done and self.follow_up_on is not None and self.follow_up_on < today
        )


class PerceptionAssessment(models.Model):
    """Staff's reading of how an organization sees the cluster; the history is kept."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="perceptions"
    )
    credible = models.BooleanField(_("finds the cluster credible"), null=True)
    interesting = models.BooleanField(_("finds the cluster interesting"), null=True)
    segment = models.CharField(_("segment"), max_length=12, choices=Segment.choices)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now)

    class Meta:
        verbose_name = _("perception assessment")
        verbose_name_plural = _("perception assessments")
        ordering = ["-assessed_at"]

    def __str__(self):
        return f"{self.organization}: {self.get_segment_display()}"
