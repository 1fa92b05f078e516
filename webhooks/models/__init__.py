from webhooks.models.endpoints import WebhookAttempt, WebhookEndpoint, WebhookMessage

__all__ = ["WebhookAttempt", "WebhookEndpoint", "WebhookMessage"]
