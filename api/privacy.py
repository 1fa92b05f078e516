"""Personal data held by the open API (see core.personal_data). Imported by
ApiConfig.ready().

A token and an audit entry point at the login that made the token or on whose behalf a
change was made. The person's export lists them; erasure keeps the rows (the audit log is
the cluster's record of what changed through the API) and detaches the person. A token
whose maker is gone stops working (api.permissions.token_holder_entitled)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from api.models import ApiAuditEntry, ApiToken
from core.personal_data import LegalBasis, Person, Retention, iso, register

_RETENTION = Retention(
    _("Deleted after %(audit)s; a token too, once expired or revoked for that long"),
    {"audit": "API_AUDIT_RETENTION_DAYS"},
)


def _tokens_export(person: Person) -> list[dict]:
    if person.user is None:
        return []
    return [
        {
            "name": token.name,
            "prefix": token.prefix,
            "scopes": token.scopes,
            "organization": token.organization.name if token.organization else None,
            "created_at": iso(token.created_at),
            "expires_at": iso(token.expires_at),
            "last_used_at": iso(token.last_used_at),
            "revoked_at": iso(token.revoked_at),
        }
        for token in ApiToken.objects.filter(created_by=person.user).select_related("organization")
    ]


def _tokens_erase(person: Person) -> None:
    if person.user is None:
        return
    ApiToken.objects.filter(created_by=person.user).update(created_by=None)
    ApiToken.objects.filter(revoked_by=person.user).update(revoked_by=None)


register(
    ApiToken,
    key="api_tokens",
    purpose=_("Tokens of the open API: who made each one answers for its use"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("The login that made or revoked the token"),
    retention=_RETENTION,
    export=_tokens_export,
    erase=_tokens_erase,
)


def _audit_export(person: Person) -> list[dict]:
    if person.user is None:
        return []
    return [
        {
            "at": iso(entry.at),
            "token": entry.token.name,
            "method": entry.method,
            "path": entry.path,
            "change": entry.change,
            "status": entry.status,
        }
        for entry in ApiAuditEntry.objects.filter(Q(actor=person.user)).select_related("token")
    ]


def _audit_erase(person: Person) -> None:
    if person.user is not None:
        ApiAuditEntry.objects.filter(actor=person.user).update(actor=None)


register(
    ApiAuditEntry,
    key="api_audit",
    purpose=_("Audit log of the changes made through the open API"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("The login on whose behalf a change was made"),
    retention=_RETENTION,
    export=_audit_export,
    erase=_audit_erase,
)
