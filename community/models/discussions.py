"""The working groups' discussions between their meetings: threads, their messages (with one
document each at most), who read how far, who wants which emails, and what members report
to the moderators."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.storage import PrivateStorage
from core.uploads import DOCUMENT_EXTENSIONS, UploadTypeValidator
from members.models import Contact, WorkingGroup

# The documents a message may carry, and how heavy: what the groups' documents accept.
ATTACHMENT_EXTENSIONS = DOCUMENT_EXTENSIONS
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class Thread(models.Model):
    """A conversation of one working group, opened by one of its members."""

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="threads",
        verbose_name=_("working group"),
    )
    title = models.CharField(_("title"), max_length=200)
    # None once the author's personal data is erased (shown as a former member).
    author = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started on"), default=timezone.now)
    # Kept by message_post under the thread's lock: the list sorts and counts without
    # reading the messages.
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    last_message_id = models.PositiveBigIntegerField(default=0)
    message_count = models.PositiveIntegerField(_("messages"), default=0)
    is_locked = models.BooleanField(_("locked"), default=False)
    locked_at = models.DateTimeField(_("locked on"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["group", "-last_message_at"], name="thread_group_latest"),
        ]

    def __str__(self):
        return self.title


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"))
    # Served by a view that checks who may read the thread, never by the web server.
    attachment = models.FileField(
        _("attached document"),
        upload_to="private/discussions/",
        storage=PrivateStorage(),
        validators=[UploadTypeValidator(ATTACHMENT_EXTENSIONS)],
        blank=True,
    )
    created_at = models.DateTimeField(_("posted on"), default=timezone.now)
    # A hidden message stays for the record; members see that it was hidden, moderators
    # see it with the reason.
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(_("hidden on"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("discussion message")
        verbose_name_plural = _("discussion messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "id"], name="message_thread_order")]

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    @property
    def attachment_name(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""


class ThreadRead(models.Model):
    """How far a person read a thread: the last message they were shown."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_message_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(_("read on"), default=timezone.now)

    class Meta:
        verbose_name = _("thread read marker")
        verbose_name_plural = _("thread read markers")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_read_once_per_user")
        ]

    def __str__(self):
        return f"{self.user} — {self.thread}"


class NotificationPreference(models.Model):
    """Which emails a person wants about one group's discussions. Without a row, the
    default applies (DEFAULT_FREQUENCY)."""

    class Frequency(models.TextChoices):
        EACH = "each", _("An email for each message")
        DAILY = "daily", _("A daily digest")
        NONE = "none", pgettext_lazy("notifications", "No email")

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="discussion_preferences"
    )
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("emails"), max_length=5, choices=Frequency.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("discussion email preference")
        verbose_name_plural = _("discussion email preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "group"], name="discussion_preference_per_group"
            )
        ]

    def __str__(self):
        return f"{self.contact} — {self.group}: {self.frequency}"


# A daily digest by default: members of a busy group are kept informed without an email
# per message, and those who want each message ask for it in one click.
DEFAULT_FREQUENCY = NotificationPreference.Frequency.DAILY


class MessageReport(models.Model):
    """A member's report of a message to the moderators (staff and the group's leads)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("report", "To review")
        RESOLVED = "resolved", pgettext_lazy("report", "Handled")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported on"), default=timezone.now)
    resolved_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reported message")
        verbose_name_plural = _("reported messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.message} ({self.status})"
