"""Demo webhooks: the accountant's tool receives memberships and dues, with a delivery log
showing successes, a message delivered on its second try and one still failing; the former
CRM's endpoint was disabled after repeated failures. Nothing is sent: the log is written as
the worker would have written it."""

from datetime import timedelta

from django.utils import timezone

from webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage
from webhooks.services.endpoints import webhook_endpoint_create
from webhooks.services.messages import payload_build


def flush() -> None:
    WebhookEndpoint.objects.all().delete()


def _message(endpoint, *, event_type, data, created_at, state, attempts, tries=None):
    payload = payload_build(event_type=event_type, data=data)
    payload["timestamp"] = created_at.isoformat()
    message = WebhookMessage.objects.create(
        endpoint=endpoint,
        event_type=event_type,
        payload=payload,
        state=state,
        tries=len([a for a in attempts if not a[0] or a[0] >= 300]) if tries is None else tries,
        delivered_at=created_at + timedelta(seconds=attempts[-1][2])
        if state == "delivered"
        else None,
        next_attempt_at=(
            created_at + timedelta(minutes=35) if state == WebhookMessage.State.PENDING else None
        ),
    )
    WebhookMessage.objects.filter(pk=message.pk).update(created_at=created_at)
    for status, error, after in attempts:
        attempt = WebhookAttempt.objects.create(
            message=message, status_code=status, error=error, duration_ms=180 + after % 300
        )
        WebhookAttempt.objects.filter(pk=attempt.pk).update(
            at=created_at + timedelta(seconds=after)
        )
    return message


def webhooks_seed(*, staff_user, organizations, now=None) -> dict[str, int]:
    now = now or timezone.now()
    accounting = webhook_endpoint_create(
        url="https://compta.cabinet-rhone-expertise.fr/api/webhooks/cluster",
        purpose="Logiciel du cabinet comptable : adhésions et cotisations",
        event_types=["organization.became_member", "membership.renewed", "dues.paid"],
        created_by=staff_user,
    )
    crm = webhook_endpoint_create(
        url="https://crm.ancien-prestataire.fr/hooks/inscriptions",
        purpose="Ancien CRM : inscriptions aux événements (remplacé)",
        event_types=["registration.confirmed", "registration.cancelled"],
        created_by=staff_user,
    )
    members = [organization for organization in organizations][:6]
    messages = 0
    for index, organization in enumerate(members[:4]):
        created = now - timedelta(days=12 - 3 * index, hours=2)
        _message(
            accounting,
            event_type="dues.paid",
            data={
                "organization": {
                    "id": organization.pk,
                    "slug": organization.slug,
                    "name": organization.name,
                },
                "membership": {"paid_on": created.date().isoformat(), "payment_method": "transfer"},
            },
            created_at=created,
            state=WebhookMessage.State.DELIVERED,
            attempts=[(200, "", 0)],
        )
        messages += 1
    if len(members) > 4:
        # The accounting tool was being updated: a 503, then accepted 5 seconds later.
        organization = members[4]
        _message(
            accounting,
            event_type="organization.became_member",
            data={
                "organization": {
                    "id": organization.pk,
                    "slug": organization.slug,
                    "name": organization.name,
                }
            },
            created_at=now - timedelta(days=1, hours=5),
            state=WebhookMessage.State.DELIVERED,
            attempts=[(503, "HTTP 503, text/html, 1.2 Ko", 0), (200, "", 5)],
        )
        messages += 1
    if len(members) > 5:
        organization = members[5]
        _message(
            accounting,
            event_type="membership.renewed",
            data={
                "organization": {
                    "id": organization.pk,
                    "slug": organization.slug,
                    "name": organization.name,
                }
            },
            created_at=now - timedelta(minutes=40),
            state=WebhookMessage.State.PENDING,
            attempts=[
                (500, "HTTP 500, application/json, 87 octets", 0),
                (500, "HTTP 500, application/json, 87 octets", 5),
                (None, "Injoignable : le serveur n'a pas répondu à temps", 305),
            ],
        )
        messages += 1
    for days in (9, 8, 7, 6, 5):
        _message(
            crm,
            event_type="registration.confirmed",
            data={"registration": {"status": "confirmed"}},
            created_at=now - timedelta(days=days),
            state=WebhookMessage.State.FAILED,
            attempts=[(410, "HTTP 410, text/html, 312 octets", 0)],
            tries=7,
        )
        messages += 1
    WebhookEndpoint.objects.filter(pk=crm.pk).update(
        enabled=False,
        disabled_at=now - timedelta(days=5),
        disabled_reason="5 messages d'affilée n'ont pas pu être remis.",
        consecutive_failures=5,
        failing_since=now - timedelta(days=9),
    )
    return {"webhooks": 2, "webhook_messages": messages}
