"""Where the portal announces facts (endpoints), what it owes each of them (messages) and
every try to hand one over (attempts)."""

import base64
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.sealing import SealedTextField, Unsealable

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def secret_generate() -> str:
    """A signing secret as Standard Webhooks writes it: `whsec_` and base64 of random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id_generate() -> str:
    return f"msg_{uuid.uuid4().hex}"


class WebhookEndpoint(models.Model):
    url = models.URLField(_("address"), max_length=500)
    purpose = models.CharField(_("description"), max_length=200, blank=True)
    # Names from core.domain_events.EVENT_TYPES; a list, few endpoints: read in Python.
    event_types = models.JSONField(_("events"), default=list)
    # Every delivery signs with it, so it is kept sealed rather than hashed (core.sealing);
    # only its end is ever shown again.
    secret = SealedTextField(default=secret_generate)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    # Messages given up one after the other; any delivered message sets it back to 0.
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    @property
    def secret_masked(self) -> str:
        try:
            return f"{SECRET_PREFIX}…{self.secret[-4:]}"
        except Unsealable:
            return f"{SECRET_PREFIX}… ({_('cannot be opened')})"


class WebhookMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Being delivered")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="messages")
    # The `webhook-id` header: the same on every try, so that receivers drop duplicates.
    message_id = models.CharField(max_length=40, unique=True, default=message_id_generate)
    event_type = models.CharField(max_length=60)
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # Automatic tries made so far (a resend by staff does not count).
    tries = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_msg_endpoint_idx"),
            models.Index(fields=["state", "next_attempt_at"], name="webhook_msg_due_idx"),
        ]

    def __str__(self) -> str:
        return self.message_id


class WebhookAttempt(models.Model):
    message = models.ForeignKey(WebhookMessage, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # Generic words (core.fetch), never what the receiver answered.
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    manual = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
