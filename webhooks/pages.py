"""What the webhooks show on stored public pages (core.pagecache): nothing, they are staff's."""

from core.pagecache import changes_private
from webhooks import models

for model, reason in (
    (models.WebhookEndpoint, "endpoints are staff's back-office configuration"),
    (models.WebhookMessage, "the delivery log is staff's"),
    (models.WebhookAttempt, "the delivery log is staff's"),
):
    changes_private(model, reason)
