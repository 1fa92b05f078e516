"""Staff's endpoints: created, edited, their secret rotated, disabled and enabled, tested
with a ping, deleted. Every change clears the cached list of event types listened to."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.fetch import FetchError, public_url_check
from webhooks import payloads
from webhooks.models import WebhookEndpoint, WebhookMessage
from webhooks.models.endpoints import secret_generate
from webhooks.selectors import subscribed_event_types_forget
from webhooks.services.messages import message_create


class EndpointUrlRefused(ValueError):
    """The address is not one deliveries may reach; the message is safe to show."""


def endpoint_url_check(url: str) -> None:
    """The rule each delivery follows (core.fetch), told when the address is given rather
    than at its first failure: a web address whose host resolves to public addresses only.
    Every way of saving an address (the back-office form, the API) asks it first."""
    try:
        public_url_check(url, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS)
    except FetchError as error:
        raise EndpointUrlRefused(str(error)) from None


def _listeners_changed() -> None:
    # At once, for the rest of this transaction; again at commit, for any process that read
    # the old list meanwhile.
    subscribed_event_types_forget()
    transaction.on_commit(subscribed_event_types_forget)


@transaction.atomic
def webhook_endpoint_create(
    *, url: str, purpose: str, event_types: list[str], created_by
) -> WebhookEndpoint:
    """A new endpoint, enabled, with a new secret (which the caller shows once)."""
    endpoint = WebhookEndpoint.objects.create(
        url=url,
        purpose=purpose.strip(),
        event_types=sorted(set(event_types)),
        secret=secret_generate(),
        created_by=created_by,
    )
    _listeners_changed()
    return endpoint


@transaction.atomic
def webhook_endpoint_update(
    *, endpoint: WebhookEndpoint, url: str, purpose: str, event_types: list[str]
) -> WebhookEndpoint:
    endpoint.url = url
    endpoint.purpose = purpose.strip()
    endpoint.event_types = sorted(set(event_types))
    endpoint.save(update_fields=["url", "purpose", "event_types", "updated_at"])
    _listeners_changed()
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """The endpoint and its delivery log go; messages still owed are not sent."""
    endpoint.delete()
    _listeners_changed()


@transaction.atomic
def webhook_endpoint_secret_rotate(*, endpoint: WebhookEndpoint) -> str:
    """A new secret, used from the next try on (the caller shows it once)."""
    endpoint.secret = secret_generate()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint.secret


@transaction.atomic
def endpoint_disable(*, endpoint: WebhookEndpoint, reason: str) -> WebhookEndpoint:
    """Stop delivering: no new message is written for it, those owed wait."""
    endpoint.enabled = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = reason[:300]
    endpoint.save(update_fields=["enabled", "disabled_at", "disabled_reason", "updated_at"])
    _listeners_changed()
    return endpoint


@transaction.atomic
def endpoint_enable(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Deliver again, the failure count from zero; the messages still owed are tried at
    the sweeper's next round."""
    endpoint.enabled = True
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.consecutive_failures = 0
    endpoint.failing_since = None
    endpoint.save()
    WebhookMessage.objects.filter(endpoint=endpoint, state=WebhookMessage.State.PENDING).update(
        next_attempt_at=timezone.now()
    )
    _listeners_changed()
    return endpoint


@transaction.atomic
def webhook_endpoint_ping(*, endpoint: WebhookEndpoint) -> WebhookMessage:
    """A `ping` message, delivered like any other, to check the receiver verifies it."""
    return message_create(
        endpoint=endpoint,
        event_type=payloads.PING,
        data={"endpoint": {"id": endpoint.pk, "url": endpoint.url}},
    )
