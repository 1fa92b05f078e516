from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import in_language
from events.models.calendar import Event


class DebateRound(models.Model):
    """Members propose topics for the next bimonthly thematic debate and vote for one."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for proposals and votes")
        CLOSED = "closed", _("Closed")

    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    closes_on = models.DateField(_("votes close on"), null=True, blank=True)
    winning_topic = models.ForeignKey(
        "events.DebateTopic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen topic"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="debate_rounds",
        verbose_name=_("debate event"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("debate round")
        verbose_name_plural = _("debate rounds")
        ordering = ["-created_at"]

    def __str__(self):
        return in_language(self.title_fr, self.title_en)


class DebateTopic(models.Model):
    round = models.ForeignKey(DebateRound, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("why it matters"), blank=True)
    proposed_by = models.ForeignKey(
        "members.Contact",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("debate topic")
        verbose_name_plural = _("debate topics")
        ordering = ["created_at"]

    def __str__(self):
        return self.title


class DebateVote(models.Model):
    """One vote per contact per round; changing one's mind moves the vote."""

    round = models.ForeignKey(DebateRound, on_delete=models.CASCADE, related_name="votes")
    topic = models.ForeignKey(DebateTopic, on_delete=models.CASCADE, related_name="votes")
    contact = models.ForeignKey("members.Contact", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("debate vote")
        verbose_name_plural = _("debate votes")
        constraints = [
            models.UniqueConstraint(fields=["round", "contact"], name="one_vote_per_round"),
        ]

    def __str__(self):
        return f"{self.contact} → {self.topic}"
