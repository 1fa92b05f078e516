"""The outbox of webhooks: a fact published in a domain transaction becomes one message per
endpoint that listens to it, written in that same transaction, handed to Celery once it
commits (core.outbox)."""

from django.utils import timezone

from core.outbox import task_enqueue
from webhooks import payloads
from webhooks.models import WebhookEndpoint, WebhookMessage
from webhooks.selectors import subscribed_event_types


def payload_build(*, event_type: str, data: dict) -> dict:
    return {"type": event_type, "timestamp": timezone.now().isoformat(), "data": data}


def message_create(*, endpoint: WebhookEndpoint, event_type: str, data: dict) -> WebhookMessage:
    from webhooks import tasks

    message = WebhookMessage.objects.create(
        endpoint=endpoint,
        event_type=event_type,
        payload=payload_build(event_type=event_type, data=data),
        next_attempt_at=timezone.now(),
    )
    task_enqueue(tasks.webhook_message_deliver, message.pk)
    return message


def messages_create_for(*, event_type: str, instance) -> list[WebhookMessage]:
    """The subscriber registered with core.domain_events; runs in the fact's transaction.

    Most facts have no listener: the set of event types some endpoint wants is cached, so
    they cost no query at all."""
    if event_type not in subscribed_event_types():
        return []
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(enabled=True)
        if event_type in endpoint.event_types
    ]
    if not endpoints:
        return []
    data = payloads.event_data(event_type, instance)
    return [
        message_create(endpoint=endpoint, event_type=event_type, data=data)
        for endpoint in endpoints
    ]
