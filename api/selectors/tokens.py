"""Reads of the API's tokens and audit log for the back-office and the member space."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from api.models import ApiAuditEntry, ApiToken

ACTIVE, EXPIRED, REVOKED = "active", "expired", "revoked"


def tokens_in_state(tokens: QuerySet[ApiToken], state: str) -> QuerySet[ApiToken]:
    """`tokens` narrowed to a state: active (usable now), expired (not revoked, past its
    date) or revoked; any other value leaves them all."""
    now = timezone.now()
    if state == ACTIVE:
        return tokens.filter(revoked_at__isnull=True, expires_at__gt=now)
    if state == EXPIRED:
        return tokens.filter(revoked_at__isnull=True, expires_at__lte=now)
    if state == REVOKED:
        return tokens.filter(revoked_at__isnull=False)
    return tokens


def token_list(tokens: QuerySet[ApiToken], *, state: str = "") -> QuerySet[ApiToken]:
    """The tokens of a list page, newest first, with what each row shows."""
    return tokens_in_state(tokens, state).select_related("organization", "created_by")


@dataclass(frozen=True)
class AuditFilters:
    token: ApiToken | None = None
    method: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_entries(filters: AuditFilters) -> QuerySet[ApiAuditEntry]:
    """The audit log, newest first, narrowed by token, method and days (both included)."""
    condition = Q()
    if filters.token is not None:
        condition &= Q(token=filters.token)
    if filters.method:
        condition &= Q(method=filters.method)
    if filters.since is not None:
        condition &= Q(at__date__gte=filters.since)
    if filters.until is not None:
        condition &= Q(at__date__lte=filters.until)
    return (
        ApiAuditEntry.objects.filter(condition)
        .select_related("token", "token__organization", "actor")
        .order_by("-at", "-pk")
    )
