"""The persona matrix of the webhooks' back-office (tests/test_urls_personas.py): name →
(HTTP method, key of `url_kwargs`, expected status per persona). Staff only, every page."""

from tests.url_expectations import STAFF_ONLY

STAFF_POSTS = {**STAFF_ONLY, "staff": 302}

EXPECTED = {
    "webhooks:staff_endpoints": ("get", None, STAFF_ONLY),
    "webhooks:staff_endpoint_create": ("get", None, STAFF_ONLY),
    "webhooks:staff_endpoint": ("get", "webhook_endpoint", STAFF_ONLY),
    "webhooks:staff_endpoint_edit": ("get", "webhook_endpoint", STAFF_ONLY),
    "webhooks:staff_endpoint_rotate": ("post", "webhook_endpoint", STAFF_POSTS),
    "webhooks:staff_endpoint_ping": ("post", "webhook_endpoint", STAFF_POSTS),
    "webhooks:staff_endpoint_enable": ("post", "webhook_endpoint", STAFF_POSTS),
    "webhooks:staff_endpoint_disable": ("post", "webhook_endpoint", STAFF_POSTS),
    "webhooks:staff_endpoint_delete": ("post", "webhook_endpoint", STAFF_POSTS),
    "webhooks:staff_message_resend": ("post", "webhook_message", STAFF_POSTS),
}


def _endpoint(personas):
    from webhooks.models import WebhookEndpoint
    from webhooks.services.endpoints import webhook_endpoint_create

    endpoint = WebhookEndpoint.objects.filter(url="https://hooks.persona.example/in").first()
    if endpoint is None:
        endpoint = webhook_endpoint_create(
            url="https://hooks.persona.example/in",
            purpose="Persona",
            event_types=["dues.paid"],
            created_by=personas.staff,
        )
    return endpoint


def _message(personas):
    from webhooks.models import WebhookMessage

    endpoint = _endpoint(personas)
    return WebhookMessage.objects.filter(endpoint=endpoint).first() or (
        WebhookMessage.objects.create(
            endpoint=endpoint,
            event_type="dues.paid",
            payload={"type": "dues.paid", "timestamp": "2026-01-01T00:00:00+00:00", "data": {}},
            state=WebhookMessage.State.FAILED,
        )
    )


def url_kwargs(personas) -> dict:
    return {
        "webhook_endpoint": lambda: {"pk": _endpoint(personas).pk},
        "webhook_message": lambda: {"pk": _message(personas).pk},
    }
