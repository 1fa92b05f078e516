"""Celery tasks of the webhooks: they load by key and call a service."""

from datetime import datetime

from celery import shared_task

from webhooks.services import delivery, notifications


@shared_task(acks_late=True)
def webhook_message_deliver(message_pk: int) -> None:
    delivery.message_deliver(message_pk=message_pk)


@shared_task(acks_late=True)
def webhook_message_resend(message_pk: int) -> None:
    delivery.message_deliver(message_pk=message_pk, manual=True)


@shared_task
def webhook_messages_due_sweep() -> int:
    return delivery.messages_due_sweep()


@shared_task
def webhook_messages_purge() -> int:
    """Daily: the delivery log past WEBHOOKS_LOG_DAYS goes."""
    return delivery.messages_purge()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def webhook_endpoint_disabled_notify(endpoint_pk: int, disabled_at: str) -> int:
    return notifications.endpoint_disabled_notify(
        endpoint_pk=endpoint_pk, disabled_at=datetime.fromisoformat(disabled_at)
    )
