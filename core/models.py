from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email


class SentEmail(models.Model):
    """One email the portal owes someone for one event in its life (an application received,
    a reminder the day before, a seat freed...). `key` names that event; the unique constraint
    and the claim in `core.email.email_send_once` make a second copy impossible, even when a
    task is retried."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.EmailField(_("to"))
    template = models.CharField(_("template"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")
        indexes = [
            models.Index(
                fields=["key"], name="sentemail_key_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self):
        return f"{self.key} → {self.to}"


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
