from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.scopes import scopes_allow


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A secret that a program sends as `Authorization: Bearer <token>`.

    Only its SHA-256 is stored: the token is shown once, when it is made. It is found by
    its prefix (shown in lists, so people can tell their tokens apart) and its hash is then
    compared in constant time. The secret part has 256 bits of randomness, so a fast hash
    is enough: nobody can guess it, and no slow hash would slow down a stolen table's use.
    """

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    # Set for a member organization's own token: read-only, and limited to its data.
    organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("organization"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="api_tokens",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def allows(self, resource: str, access: str) -> bool:
        return scopes_allow(self.scopes, resource, access)


class ApiAuditEntry(models.Model):
    """One write made through the API: which token (and whose), what, when, and how it
    ended. Written for every non-read request that reached a token, refused ones too."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="audit_entries", verbose_name=_("token")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    resource = models.CharField(_("resource"), max_length=40, blank=True)
    object_id = models.CharField(_("object"), max_length=100, blank=True)
    change = models.CharField(_("what changed"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("API audit entry")
        verbose_name_plural = _("API audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"], name="api_audit_token_at")]

    def __str__(self):
        return f"{self.method} {self.path} → {self.status}"
