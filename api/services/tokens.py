"""Making, checking and revoking API tokens."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from api.models import ApiAuditEntry, ApiToken
from api.scopes import ALL_SCOPES, ORGANIZATION_RESOURCES, READ, scope

TOKEN_PREFIX = "cpt"  # cluster portal token: lets secret scanners recognise a leaked one
# last_used_at is written at most this often per token: a busy script does not turn every
# read into a write.
LAST_USED_GRANULARITY = timedelta(minutes=1)


class TokenRefused(Exception):
    """The token is missing, unknown, expired or revoked; the message says which."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def _issue(**values) -> IssuedToken:
    for _attempt in range(5):
        prefix, secret = _new_secret()
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken.objects.create(prefix=prefix, secret_hash=_digest(secret), **values)
    return IssuedToken(token=token, secret=secret)


def token_max_expiry():
    return timezone.now() + timedelta(days=settings.API_TOKEN_MAX_DAYS)


@transaction.atomic
def token_create(*, name: str, scopes, expires_at, created_by) -> IssuedToken:
    """A staff token with the given scopes (see api.scopes)."""
    unknown = set(scopes) - set(ALL_SCOPES)
    if unknown:
        raise ValueError(f"Unknown scopes: {sorted(unknown)}")
    return _issue(
        name=name, scopes=sorted(set(scopes)), expires_at=expires_at, created_by=created_by
    )


@transaction.atomic
def organization_token_create(*, organization, name: str, expires_at, created_by) -> IssuedToken:
    """A member organization's own token: it reads the organization's own data and nothing
    else (see api.permissions), and never writes."""
    scopes = [scope(resource, READ) for resource in ORGANIZATION_RESOURCES]
    return _issue(
        name=name,
        scopes=scopes,
        expires_at=expires_at,
        created_by=created_by,
        organization=organization,
    )


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_authenticate(secret: str) -> ApiToken:
    """The token `secret` stands for, or TokenRefused saying why not."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise TokenRefused(gettext("This is not an API token of this portal."))
    token = (
        ApiToken.objects.select_related("organization", "created_by")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(secret)):
        raise TokenRefused(gettext("Unknown API token."))
    if token.revoked_at is not None:
        raise TokenRefused(gettext("This API token was revoked."))
    if token.is_expired:
        raise TokenRefused(gettext("This API token has expired."))
    # A token made by someone who has since left the staff, or lost their access to the
    # organization, stops working with them.
    if token.created_by is not None and not token.created_by.is_active:
        raise TokenRefused(gettext("The person who made this API token no longer has access."))
    return token


def token_touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_audit_purge(*, now=None) -> tuple[int, int]:
    """Delete the audit entries older than API_AUDIT_RETENTION_DAYS, and the tokens expired
    or revoked before then (whatever audit entries they had are past the retention too).
    Returns how many entries and tokens went."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.API_AUDIT_RETENTION_DAYS)
    entries, _detail = ApiAuditEntry.objects.filter(at__lt=cutoff).delete()
    dead = ApiToken.objects.filter(
        models.Q(expires_at__lt=cutoff) | models.Q(revoked_at__lt=cutoff)
    )
    tokens = dead.count()
    # The audit rows of those tokens were all written before they died, so before the cutoff:
    # deleted above. Deleting the tokens cascades nothing more.
    dead.delete()
    return entries, tokens
