"""Telling staff that an endpoint was disabled because it kept failing: its creator, or
every animator when its creator is no longer one; once per disabling."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.email import EmailNotSentError, email_send_once
from core.models import User
from core.permissions import is_animator
from webhooks.models import WebhookEndpoint


def _recipients(endpoint: WebhookEndpoint) -> list[User]:
    creator = endpoint.created_by
    if creator is not None and is_animator(creator):
        return [creator]
    return list(User.objects.filter(is_staff=True, is_active=True).order_by("pk"))


def endpoint_disabled_notify(*, endpoint_pk: int, disabled_at: datetime) -> int:
    """Returns how many emails this call sent. Nothing when the endpoint was enabled again
    or deleted meanwhile."""
    endpoint = (
        WebhookEndpoint.objects.select_related("created_by")
        .filter(pk=endpoint_pk, enabled=False, disabled_at=disabled_at)
        .first()
    )
    if endpoint is None:
        return 0
    sent, refused = 0, None
    for user in _recipients(endpoint):
        with translation.override(user.preferred_language):
            url = settings.SITE_URL + reverse("webhooks:staff_endpoint", kwargs={"pk": endpoint.pk})
        try:
            sent += email_send_once(
                key=f"webhook-disabled:{endpoint.pk}:{int(disabled_at.timestamp())}:{user.pk}",
                template="webhooks/emails/endpoint_disabled",
                to=user.email,
                language=user.preferred_language,
                context={"first_name": user.first_name, "endpoint": endpoint, "url": url},
            )
        except EmailNotSentError as error:
            refused = refused or error
    if refused is not None:
        raise refused
    return sent
