"""A survey as staff build it: its sections and questions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.translation import in_language


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", pgettext_lazy("survey status", "Closed")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("All member contacts")
        ADMINS = "admins", _("Member admins only")
        GROUP = "group", _("A working group")
        ATTENDEES = "attendees", _("Attendees of an event")
        PUBLIC = "public", _("Public link only")

    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_annual = models.BooleanField(
        _("annual satisfaction survey"),
        default=False,
        help_text=_("Its NPS is the satisfaction indicator of the communication plan."),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.MEMBERS
    )
    working_group = models.ForeignKey(
        "members.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("working group"),
    )

    class PublicCheck(models.TextChoices):
        BROWSER = "browser", _("One answer per browser (quick, easy to get around)")
        EMAIL = "email", _("One answer per confirmed email address")

    public_link_enabled = models.BooleanField(_("public link"), default=False)
    public_check = models.CharField(
        _("public link answers"),
        max_length=8,
        choices=PublicCheck.choices,
        default=PublicCheck.BROWSER,
        help_text=_(
            "Ask for an email address and count an answer once its owner confirms it, when "
            "one answer per person matters."
        ),
    )
    previous_edition = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_editions",
        verbose_name=_("previous edition"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("event"),
    )
    reminder_days = models.JSONField(_("reminders (days after sending)"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def intro(self) -> str:
        return in_language(self.intro_fr, self.intro_en)

    def is_accepting(self, now=None) -> bool:
        """Open, and within its dates."""
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating_1_5", _("Rating from 1 to 5")
        NPS = "nps", _("Recommendation (0 to 10, NPS)")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        YES_NO = "yes_no", _("Yes or no")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("section"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text_fr = models.CharField(_("question (French)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    # [{"value": "web", "label_fr": "Site web", "label_en": "Website"}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("only shown if the answer to"),
    )
    show_if_values = models.JSONField(_("is one of"), default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_fr, self.text_en)

    def choice_options(self) -> list[tuple[str, str]]:
        """(value, label in the active language) for the questions that offer choices."""
        if self.kind == self.Kind.RATING:
            return [(str(n), str(n)) for n in range(1, 6)]
        if self.kind == self.Kind.NPS:
            return [(str(n), str(n)) for n in range(0, 11)]
        if self.kind == self.Kind.YES_NO:
            return [("yes", str(_("Yes"))), ("no", str(_("No")))]
        return [
            (str(c["value"]), in_language(c.get("label_fr", ""), c.get("label_en", "")))
            for c in self.choices
        ]

    def label_of(self, value: str) -> str:
        return dict(self.choice_options()).get(str(value), str(value))
