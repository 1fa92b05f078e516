from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage
from core.translation import in_language
from core.uploads import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, UploadTypeValidator

COVER_EXTENSIONS = (*IMAGE_EXTENSIONS, "gif")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_year(self, year: int):
        return self.filter(starts_at__year=year)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")


class Event(models.Model):
    """A date in the cluster's calendar: the cluster's own events, a working group's, and
    partner clusters' events imported from their iCalendar feeds (`partner_calendar`)."""

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

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        GROUP = "group", _("One working group")

    class Organizer(models.TextChoices):
        CLUSTER = "cluster", _("The cluster")
        GROUP = "group", _("A working group")
        PARTNER_CLUSTER = "partner_cluster", _("A partner cluster")

    # Major events go on the annual calendar (page and printable PDF).
    MAJOR_KINDS = (Kind.GENERAL_ASSEMBLY, Kind.AWARDS_CEREMONY, Kind.REGIONAL_MEETING)

    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # Stored in UTC (USE_TZ); shown in Europe/Paris.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Shown to registrants (and staff) only.
    online_url = models.URLField(_("online meeting link"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    # The group whose members may register (audience "group") or that organizes the event.
    working_group = models.ForeignKey(
        "members.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("working group"),
    )
    organizer = models.CharField(
        _("organizer"), max_length=16, choices=Organizer.choices, default=Organizer.CLUSTER
    )
    # Null: no limit.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    # Served from /media/ under its own name: the name and the content must agree.
    cover = models.ImageField(
        _("cover image"),
        upload_to="events/covers/",
        blank=True,
        validators=[UploadTypeValidator(COVER_EXTENSIONS)],
    )
    is_published = models.BooleanField(_("published"), default=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Imported events: the partner cluster's feed, and the UID the event has in it.
    partner_calendar = models.ForeignKey(
        "events.PartnerCalendar",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("partner cluster calendar"),
    )
    external_uid = models.CharField(_("UID in the partner's feed"), max_length=255, blank=True)
    external_url = models.URLField(_("link on the partner's site"), blank=True)
    # RFC 5545 SEQUENCE: bumped whenever the date, place or status changes.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["is_published", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["partner_calendar", "external_uid"],
                condition=Q(partner_calendar__isnull=False),
                name="one_event_per_partner_uid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def seats_left(self, taken: int | None = None) -> int | None:
        """Free seats (never below zero), None when there is no limit. `taken` is the number
        of confirmed registrations; without it, the `seats_taken` annotation of
        `selectors.events_for_viewer` (templates call this without arguments)."""
        if self.capacity is None:
            return None
        if taken is None:
            taken = self.seats_taken
        return max(self.capacity - taken, 0)


class AgendaItem(models.Model):
    """A point of the agenda, published in advance."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)


class EventDocument(models.Model):
    """A document for participants: registrants and staff only."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="events/documents/%Y/",
        storage=PrivateStorage(),
        validators=[UploadTypeValidator(DOCUMENT_EXTENSIONS)],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
