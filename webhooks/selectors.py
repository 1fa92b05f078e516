"""Reads of the webhooks: the endpoints' list, an endpoint's delivery log, and the event
types some endpoint listens to (cached: every published fact asks)."""

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage

SUBSCRIBED_CACHE_KEY = "webhooks:subscribed-event-types"
# Changes clear it at once; the timeout bounds how long a process that kept its own copy
# while Redis was unreachable can miss a new endpoint.
SUBSCRIBED_CACHE_SECONDS = 60


def subscribed_event_types() -> frozenset[str]:
    cached = cache.get(SUBSCRIBED_CACHE_KEY)
    if cached is None:
        cached = sorted(
            {
                event_type
                for event_types in WebhookEndpoint.objects.filter(enabled=True).values_list(
                    "event_types", flat=True
                )
                for event_type in event_types
            }
        )
        cache.set(SUBSCRIBED_CACHE_KEY, cached, SUBSCRIBED_CACHE_SECONDS)
    return frozenset(cached)


def subscribed_event_types_forget() -> None:
    cache.delete(SUBSCRIBED_CACHE_KEY)


def endpoints_list(endpoints: QuerySet[WebhookEndpoint] | None = None) -> QuerySet[WebhookEndpoint]:
    """Every endpoint (of `endpoints`, when given) with its last message's time and its
    messages delivered, given up and waiting, counted in the same query."""
    if endpoints is None:
        endpoints = WebhookEndpoint.objects.all()
    return endpoints.annotate(
        last_message_at=Max("messages__created_at"),
        delivered_count=Count("messages", filter=Q(messages__state=WebhookMessage.State.DELIVERED)),
        failed_count=Count("messages", filter=Q(messages__state=WebhookMessage.State.FAILED)),
        pending_count=Count("messages", filter=Q(messages__state=WebhookMessage.State.PENDING)),
    ).order_by("url", "pk")


def endpoint_messages(
    *,
    endpoint: WebhookEndpoint,
    state: str = "",
    event_type: str = "",
    messages: QuerySet[WebhookMessage] | None = None,
) -> QuerySet[WebhookMessage]:
    """An endpoint's delivery log (among `messages`, when given), newest first, each message
    with its attempts (one more query for a whole page)."""
    if messages is None:
        messages = WebhookMessage.objects.all()
    messages = messages.filter(endpoint=endpoint)
    if state:
        messages = messages.filter(state=state)
    if event_type:
        messages = messages.filter(event_type=event_type)
    return messages.prefetch_related(
        Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("at", "pk"))
    ).order_by("-created_at", "-pk")


def message_attempts(*, message: WebhookMessage) -> QuerySet[WebhookAttempt]:
    return message.attempts.order_by("at", "pk")
