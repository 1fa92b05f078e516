from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A login. Email is the identifier; `is_staff` marks the cluster's animators."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
    )

    # Raised when a second factor is added: every other session of the login ends (see
    # _get_session_auth_hash), so one opened with the password alone gains no staff power.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    def _get_session_auth_hash(self, secret=None):
        # Django's hash of the password, with the generation mixed in once it is raised
        # (generation 0 keeps the plain hash, so no session ends when this is deployed).
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = self.password
        if self.session_generation:
            value = f"{value}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email


class SentEmail(models.Model):
    """One email the portal owes someone for one event in its life (an application received,
    a reminder the day before, a seat freed...). `key` names that event; the unique constraint
    and the claim in `core.email.email_send_once` make a second copy impossible, even when a
    task is retried.

    An email the server did not take (FAILED) is owed still: the sweeper runs again the task
    that sends it (`task_name`, `task_args`) at `next_attempt_at`, backing off, until the
    server takes it or `give_up_at` passes (GIVEN_UP). Staff may retry or cancel it. The
    task's arguments (primary keys, an address...) are cleared once nothing is owed."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", pgettext_lazy("message status", "Sent")
        FAILED = "failed", _("Failed, to be retried")
        GIVEN_UP = "given_up", _("Given up")
        CANCELLED = "cancelled", pgettext_lazy("message status", "Cancelled")

    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.EmailField(pgettext_lazy("email", "to"))
    template = models.CharField(_("template"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The Celery task that sends it, to run again while the email is owed.
    task_name = models.CharField(_("task"), max_length=200, blank=True)
    task_args = models.JSONField(_("task arguments"), default=list, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    give_up_at = models.DateTimeField(_("retried until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")
        indexes = [
            models.Index(
                fields=["key"], name="sentemail_key_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["status", "next_attempt_at"], name="sentemail_retry_due"),
        ]

    def __str__(self):
        return f"{self.key} → {self.to}"


class OutboxTask(models.Model):
    """Work a change owes, recorded in the change's own transaction (a transactional outbox).

    Redis is a queue, never the only home of anything: the row is written with the change,
    handed to Celery once the transaction commits, and handed again by the sweeper
    (`core.outbox.outbox_sweep`, every minute) for as long as the hand-over fails. A row is
    deleted once Celery has the task, so the table holds only work still waiting. The tasks
    behind it are idempotent (emails go through `email_send_once`), so a second hand-over
    after an unlucky crash costs nothing.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("hand-over attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        indexes = [models.Index(fields=["created_at"], name="outbox_oldest_first")]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"


class AnimatorPreferences(models.Model):
    """An animator's own settings of the dashboard: which arrivals they want an email about,
    and when they last looked at each list (what counts as new for them)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="animator_preferences")
    email_new_applications = models.BooleanField(
        _("email me each new membership application"), default=False
    )
    email_guest_registrations = models.BooleanField(
        _("email me each new guest registration"), default=False
    )
    applications_seen_at = models.DateTimeField(null=True, blank=True)
    guest_registrations_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("animator preferences")
        verbose_name_plural = _("animator preferences")

    def __str__(self):
        return str(self.user)


class PersonalLink(models.Model):
    """The stored half of a personal link: the hash of its token, what it is for, the
    object it opens and until when. The token itself is only ever in the link (see
    core.links, which issues and resolves them)."""

    purpose = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="personallink_target"),
            models.Index(fields=["expires_at"], name="personallink_expiry"),
        ]

    def __str__(self):
        return f"{self.purpose} → {self.content_type_id}:{self.object_id}"


class PartnerFeed(models.Model):
    """A partner cluster's feed that a beat task imports, and what its last fetch gave:
    partner calendars (events) and partner directories (network) alike. `count_field`
    names the concrete model's count of what the last feed held
    (core.partner_feeds.partner_feed_record)."""

    class FetchStatus(models.TextChoices):
        NEVER = "never", _("Not fetched yet")
        OK = "ok", _("OK")
        ERROR = "error", _("Error")

    name = models.CharField(_("partner cluster"), max_length=200)
    is_active = models.BooleanField(_("imported"), default=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_status = models.CharField(
        _("last result"), max_length=8, choices=FetchStatus.choices, default=FetchStatus.NEVER
    )
    last_error = models.TextField(_("last error"), blank=True)

    count_field = ""

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name
