from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.translation import in_language


class Subscriber(models.Model):
    """An address on the newsletter list, and the address book of everyone who asked for
    something (a gated download). One row per address: its status is the single truth on
    whether the cluster may write to it, for member contacts too."""

    class Status(models.TextChoices):
        # Signed up, has not clicked the confirmation link yet (double opt-in).
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        # Hard bounce: the address does not exist any more. Never written to again.
        BOUNCED = "bounced", _("Bounced")
        # Left an address for a download without asking for the newsletter.
        LEAD = "lead", _("Contact only, not subscribed")

    class Source(models.TextChoices):
        SIGNUP_PAGE = "signup_page", _("Newsletter page")
        FOOTER = "footer", _("Site footer")
        GATED_DOWNLOAD = "gated_download", _("Download form")
        MEMBER_SPACE = "member_space", _("Member space")
        STAFF = "staff", _("Added by staff")
        JOIN_FORM = "join_form", _("Membership application")

    email = models.EmailField(_("email"))  # stored lower-case
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    contact = models.ForeignKey(
        "members.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("contact"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    # Version of the consent wording the person accepted (see ConsentRecord for members).
    consent_text_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=255, blank=True)
    # The links of its confirmation emails (core.links).
    links = GenericRelation("core.PersonalLink")

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="one_subscriber_per_email"),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        # Lower-case whatever the path (admin, imports, services): suppression checks and
        # the one-row-per-address rule compare addresses as stored.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def may_receive(self) -> bool:
        return self.status not in (self.Status.UNSUBSCRIBED, self.Status.BOUNCED)


class Newsletter(models.Model):
    """One issue of the newsletter, in French and English, sent to an audience."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject_fr = models.CharField(_("subject (French)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    preheader_fr = models.CharField(_("preheader (French)"), max_length=200, blank=True)
    preheader_en = models.CharField(_("preheader (English)"), max_length=200, blank=True)
    # Markdown, rendered and sanitised when sent and on the web version.
    body_fr = models.TextField(_("body (French)"))
    body_en = models.TextField(_("body (English)"), blank=True)
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    # Blocks filled automatically at sending time.
    include_news = models.BooleanField(_("recent news"), default=True)
    # Member companies' news published since the previous newsletter, in a block of its own
    # so that staff's news never crowds it out.
    include_member_news = models.BooleanField(_("news from member companies"), default=True)
    include_events = models.BooleanField(_("upcoming events"), default=True)
    include_calls = models.BooleanField(_("open calls for projects"), default=True)
    include_new_members = models.BooleanField(_("new members"), default=True)
    # The audience, combined with OR, then deduplicated by address; see communications
    # services for how each part is read. Example: {"subscribers": true, "segments": ["acquired"]}
    audience = models.JSONField(_("audience"), default=dict)
    tracking_enabled = models.BooleanField(
        _("count opens and clicks"),
        default=False,
        help_text=_("Off by default: opening pixels and tracked links are personal data."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
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

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def subject(self) -> str:
        return in_language(self.subject_fr, self.subject_en)


class Delivery(models.Model):
    """One recipient of one newsletter. Written for the whole audience before the first
    message leaves, so a retried send knows exactly who is left."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", pgettext_lazy("message status", "Sent")
        FAILED = "failed", _("Failed")

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    contact = models.ForeignKey(
        "members.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("first click"), null=True, blank=True)
    click_count = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "email"], name="one_delivery_per_email"),
        ]
        indexes = [models.Index(fields=["newsletter", "status"])]

    def __str__(self):
        return f"{self.newsletter} → {self.email}"


class DownloadRequest(models.Model):
    """Someone who left their name, email and organization to download the brochure or the
    latest newsletter: a contact for the address book."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="download_requests"
    )
    asset = models.ForeignKey(
        "communications.PressAsset", on_delete=models.CASCADE, related_name="download_requests"
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        verbose_name = _("download request")
        verbose_name_plural = _("download requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subscriber} — {self.asset}"
