"""The communication plan: objectives → actions → targets → stage → indicators → budget,
as the cluster's communication strategy lays it out."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.translation import in_language


class Objective(models.Model):
    class Scope(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    class Horizon(models.TextChoices):
        SHORT = "short", _("Short term")
        MEDIUM = "medium", _("Medium term")
        LONG = "long", _("Long term")

    title_fr = models.CharField(_("objective (French)"), max_length=255)
    title_en = models.CharField(_("objective (English)"), max_length=255, blank=True)
    scope = models.CharField(_("internal or external"), max_length=8, choices=Scope.choices)
    horizon = models.CharField(_("horizon"), max_length=8, choices=Horizon.choices)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("communication objective")
        verbose_name_plural = _("communication objectives")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)


class Target(models.Model):
    """Who an action speaks to: the internal and external targets of the strategy."""

    class Scope(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    scope = models.CharField(_("internal or external"), max_length=8, choices=Scope.choices)

    class Meta:
        verbose_name = _("communication target")
        verbose_name_plural = _("communication targets")
        ordering = ["scope", "name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class Action(models.Model):
    class Channel(models.TextChoices):
        NEWSLETTER = "newsletter", _("Newsletter")
        WEBSITE = "website", _("Website")
        SOCIAL = "social", _("Social networks")
        PRESS = "press", _("Press relations")
        EVENT = "event", _("Event")
        EMAIL = "email", _("Email")
        PRINT = "print", _("Print")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", pgettext_lazy("action status", "Done")
        CANCELLED = "cancelled", pgettext_lazy("action status", "Cancelled")

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=255)
    targets = models.ManyToManyField(Target, related_name="actions", verbose_name=_("targets"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.PLANNED
    )
    budget_planned = models.DecimalField(
        _("planned budget (€)"), max_digits=10, decimal_places=2, default=0
    )
    budget_spent = models.DecimalField(
        _("budget spent (€)"), max_digits=10, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("communication action")
        verbose_name_plural = _("communication actions")
        ordering = ["objective", "due_on", "id"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """A figure followed over time. `metric` names what the portal measures itself; the
    others are entered by staff as dated measurements."""

    class Metric(models.TextChoices):
        MANUAL = "manual", _("Entered by staff")
        MEMBER_COUNT = "member_count", _("Member organizations")
        NEW_MEMBERS = "new_members", _("New members this year")
        SUBSCRIBERS = "subscribers", _("Newsletter subscribers")
        NEWSLETTERS_SENT = "newsletters_sent", _("Newsletters sent this year")
        OPEN_RATE = "open_rate", _("Newsletter open rate (%)")
        PRESS_RELEASES = "press_releases", _("Press releases published this year")
        MEDIA_ARTICLES = "media_articles", _("Media articles this year")
        EVENTS_HELD = "events_held", _("Events held this year")
        ATTENDANCE = "attendance", _("Event attendance this year")
        SATISFACTION = "satisfaction", _("Member satisfaction")

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="indicators", null=True, blank=True
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="indicators", null=True, blank=True
    )
    name_fr = models.CharField(_("indicator (French)"), max_length=200)
    name_en = models.CharField(_("indicator (English)"), max_length=200, blank=True)
    metric = models.CharField(
        _("measured by"), max_length=20, choices=Metric.choices, default=Metric.MANUAL
    )
    target_value = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective", "id"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"), default=timezone.localdate)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)
    # Automatic measurements come from the beat task that snapshots the portal's metrics.
    is_automatic = models.BooleanField(_("measured by the portal"), default=False)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "-measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="one_measurement_per_day"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"
