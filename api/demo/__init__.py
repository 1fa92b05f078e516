"""Demo tokens of the open API for `manage.py seed_demo`: the accounting's token (reads
memberships and dues), an old website token revoked after a leak, the demo member admin's
organization's own token, and a few audit entries of writes made through the API."""

import datetime

from django.utils import timezone

from api.models import ApiAuditEntry, ApiToken
from api.scopes import READ, WRITE, scope
from api.services import tokens as services
from core.models import User
from members.models import Affiliation


def api_seed(*, staff_user, member_email: str) -> dict[str, int]:
    now = timezone.now()
    accounting = services.token_create(
        name="Comptabilité",
        scopes=[scope("memberships", READ), scope("organizations", READ)],
        expires_at=now + datetime.timedelta(days=90),
        created_by=staff_user,
    ).token
    ApiToken.objects.filter(pk=accounting.pk).update(last_used_at=now - datetime.timedelta(hours=3))
    website = services.token_create(
        name="Site web (ancien prestataire)",
        scopes=[scope("events", WRITE), scope("subscribers", WRITE)],
        expires_at=now + datetime.timedelta(days=200),
        created_by=staff_user,
    ).token
    services.token_revoke(token=website, by=staff_user)
    member = User.objects.filter(email=member_email).first()
    affiliation = (
        Affiliation.objects.filter(contact__user=member, access=Affiliation.Access.ADMIN)
        .select_related("organization")
        .first()
        if member
        else None
    )
    tokens = 2
    if affiliation is not None:
        services.organization_token_create(
            organization=affiliation.organization,
            name="Notre CRM",
            expires_at=now + datetime.timedelta(days=60),
            created_by=member,
        )
        tokens += 1
    entries = [
        ApiAuditEntry(
            token=website,
            actor=staff_user,
            method="POST",
            path="/api/v1/subscribers/",
            resource="subscribers",
            object_id=str(1000 + day),
            change="Inscription à la lettre depuis le site",
            status=201,
        )
        for day in range(4)
    ]
    entries.append(
        ApiAuditEntry(
            token=website,
            actor=staff_user,
            method="DELETE",
            path="/api/v1/events/soiree-des-adherents",
            resource="events",
            status=405,
        )
    )
    created = ApiAuditEntry.objects.bulk_create(entries)
    # Spread over the last days, as a site's sign-ups would be.
    for days_ago, entry in enumerate(created, start=1):
        ApiAuditEntry.objects.filter(pk=entry.pk).update(at=now - datetime.timedelta(days=days_ago))
    return {"api_tokens": tokens, "api_audit_entries": len(created)}


def flush() -> None:
    ApiToken.objects.all().delete()
