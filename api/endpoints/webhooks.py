"""Webhook endpoints, their delivery log and the catalogue of event types, with a token that
has the `webhooks` scope (staff tokens only: an organization's token never reaches them).

Every change goes through the webhooks app's services, so an address is checked by the same
rule as in the back-office and each delivery, and the cached list of event types listened
to is cleared. The signing secret is in the creation's answer only."""

import datetime
from typing import Literal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from api import permissions
from api.auth import TokenAuth
from api.pagination import KeysetPagination
from api.problems import Problem
from api.schemas import InputSchema, Translated, audit, translated
from core.domain_events import EVENT_TYPES
from webhooks import selectors
from webhooks.models import WebhookEndpoint, WebhookMessage
from webhooks.payloads import PING
from webhooks.services import delivery, endpoints

router = Router(tags=["Webhooks"], auth=TokenAuth("webhooks"))

EventTypeName = Literal[tuple(EVENT_TYPES)]
LoggedEventType = Literal[(*EVENT_TYPES, PING)]


def _url_checked(value: str) -> str:
    """A web address deliveries may reach, or a validation error on the field."""
    value = value.strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
    except DjangoValidationError:
        raise PydanticCustomError("url_parsing", gettext("Enter a valid URL.")) from None
    try:
        endpoints.endpoint_url_check(value)
    except endpoints.EndpointUrlRefused as error:
        message = str(error).replace("{", "(").replace("}", ")")
        raise PydanticCustomError("url_refused", message) from None
    return value


class EndpointIn(InputSchema):
    url: str = Field(
        max_length=500,
        description="The receiver's address; its host must resolve to public addresses.",
    )
    purpose: str = Field("", max_length=200, description="Who receives it and what for.")
    event_types: list[EventTypeName] = Field(
        min_length=1, description="The event types sent to it (see /webhooks/event-types)."
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _url_checked(value)


class EndpointPatch(InputSchema):
    url: str | None = Field(None, max_length=500)
    purpose: str | None = Field(None, max_length=200)
    event_types: list[EventTypeName] | None = Field(None, min_length=1)
    enabled: bool | None = Field(
        None,
        description="false stops delivering (messages owed wait); true delivers again, "
        "the failure count from zero.",
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else _url_checked(value)


class MessageCounts(Schema):
    delivered: int
    failed: int = Field(description="Given up after every try.")
    pending: int = Field(description="Still being delivered.")


class EndpointOut(Schema):
    id: int
    url: str
    purpose: str
    event_types: list[str]
    enabled: bool
    disabled_at: datetime.datetime | None
    disabled_reason: str
    secret_hint: str = Field(
        description="The signing secret's last characters, to tell which one a receiver "
        "holds. The secret itself is in the creation's answer only."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime
    last_message_at: datetime.datetime | None
    messages: MessageCounts

    @staticmethod
    def resolve_secret_hint(endpoint: WebhookEndpoint) -> str:
        return endpoint.secret_masked

    @staticmethod
    def resolve_messages(endpoint: WebhookEndpoint) -> dict:
        return {
            "delivered": endpoint.delivered_count,
            "failed": endpoint.failed_count,
            "pending": endpoint.pending_count,
        }


class EndpointCreated(EndpointOut):
    secret: str = Field(
        description="The signing secret (Standard Webhooks, `whsec_…`): shown this once, "
        "keep it in the receiver."
    )


class AttemptOut(Schema):
    at: datetime.datetime
    status_code: int | None = Field(description="The receiver's HTTP status, if it answered.")
    error: str
    duration_ms: int
    manual: bool = Field(description="A resend asked for, not an automatic try.")


class MessageOut(Schema):
    id: str = Field(description="The `webhook-id` header, the same on every try.")
    event_type: str
    state: str
    tries: int = Field(description="Automatic tries made so far.")
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    attempts: list[AttemptOut]

    @staticmethod
    def resolve_id(message: WebhookMessage) -> str:
        return message.message_id

    @staticmethod
    def resolve_attempts(message: WebhookMessage) -> list:
        return list(message.attempts.all())


class MessageFilters(Schema):
    state: WebhookMessage.State | None = Field(None, description="Only messages in this state.")
    event_type: LoggedEventType | None = Field(None, description="Only this event type.")


class EventTypeOut(Schema):
    name: str
    description: Translated


def _endpoint(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    """The endpoint with its counts, if this token may see it."""
    endpoint = (
        selectors.endpoints_list(permissions.webhook_endpoints_for(request.auth))
        .filter(pk=endpoint_id)
        .first()
    )
    if endpoint is None:
        raise Http404
    return endpoint


def _site(url: str) -> str:
    """The scheme and host of a receiver's address: its path or credentials may be a secret
    of their own (a chat app's hook), and the audit log outlives the endpoint."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"


@router.get("/webhooks/event-types", response=list[EventTypeOut])
def event_type_list(request: HttpRequest):
    """The event types an endpoint can receive, with what each means."""
    described = []
    for name, description in EVENT_TYPES.items():
        with translation.override("fr"):
            french = str(description)
        with translation.override("en"):
            english = str(description)
        described.append({"name": name, "description": translated(french, english)})
    return described


@router.get("/webhooks/", response=list[EndpointOut])
@paginate(KeysetPagination, ordering=("pk",))
def endpoint_list(request: HttpRequest):
    """The endpoints, oldest first, each with its messages counted."""
    return selectors.endpoints_list(permissions.webhook_endpoints_for(request.auth))


@router.post("/webhooks/", response={201: EndpointCreated})
def endpoint_create(request: HttpRequest, payload: EndpointIn):
    """A new endpoint, enabled. Its signing secret is in this answer and never again."""
    if not permissions.webhook_endpoint_creatable(request.auth):
        raise Problem("forbidden", gettext("This token may not create webhook endpoints."))
    endpoint = endpoints.webhook_endpoint_create(
        url=payload.url,
        purpose=payload.purpose,
        event_types=list(payload.event_types),
        created_by=request.auth.created_by,
    )
    audit(request, endpoint, f"Endpoint created: {_site(endpoint.url)}")
    created = _endpoint(request, endpoint.pk)
    return Status(201, created)


@router.get("/webhooks/{endpoint_id}", response=EndpointOut)
def endpoint_detail(request: HttpRequest, endpoint_id: int):
    return _endpoint(request, endpoint_id)


@router.patch("/webhooks/{endpoint_id}", response=EndpointOut)
def endpoint_update(request: HttpRequest, endpoint_id: int, payload: EndpointPatch):
    """Change the address, the description, the event types sent, or enable/disable it;
    fields left out stay as they are."""
    endpoint = _endpoint(request, endpoint_id)
    given = payload.model_dump(exclude_unset=True, exclude_none=True)
    changed = []
    if given.keys() & {"url", "purpose", "event_types"}:
        endpoints.webhook_endpoint_update(
            endpoint=endpoint,
            url=given.get("url", endpoint.url),
            purpose=given.get("purpose", endpoint.purpose),
            event_types=list(given.get("event_types", endpoint.event_types)),
        )
        changed += sorted(given.keys() & {"url", "purpose", "event_types"})
    if "enabled" in given and given["enabled"] != endpoint.enabled:
        if given["enabled"]:
            endpoints.endpoint_enable(endpoint=endpoint)
        else:
            endpoints.endpoint_disable(
                endpoint=endpoint,
                reason=gettext("Disabled through the API (token %(name)s).")
                % {"name": request.auth.name},
            )
        changed.append("enabled" if given["enabled"] else "disabled")
    audit(request, endpoint, "Endpoint changed: " + (", ".join(changed) or "nothing"))
    return _endpoint(request, endpoint.pk)


@router.delete("/webhooks/{endpoint_id}", response={204: None})
def endpoint_delete(request: HttpRequest, endpoint_id: int):
    """The endpoint and its delivery log go; messages still owed are not sent."""
    endpoint = _endpoint(request, endpoint_id)
    audit(request, endpoint, f"Endpoint deleted: {_site(endpoint.url)}")
    endpoints.webhook_endpoint_delete(endpoint=endpoint)
    return Status(204, None)


@router.get("/webhooks/{endpoint_id}/messages/", response=list[MessageOut])
@paginate(KeysetPagination, ordering=("-created_at", "-pk"))
def message_list(request: HttpRequest, endpoint_id: int, filters: Query[MessageFilters]):
    """The endpoint's delivery log, newest first, each message with its attempts."""
    endpoint = _endpoint(request, endpoint_id)
    return selectors.endpoint_messages(
        endpoint=endpoint,
        state=filters.state or "",
        event_type=filters.event_type or "",
        messages=permissions.webhook_messages_for(request.auth),
    )


@router.post("/webhooks/{endpoint_id}/messages/{message_id}/resend", response={202: MessageOut})
def message_resend(request: HttpRequest, endpoint_id: int, message_id: str):
    """Send the message again, with the same id, whatever its state: a receiver that has it
    already drops the copy. The try is made in the background."""
    endpoint = _endpoint(request, endpoint_id)
    message = (
        selectors.endpoint_messages(
            endpoint=endpoint, messages=permissions.webhook_messages_for(request.auth)
        )
        .filter(message_id=message_id)
        .first()
    )
    if message is None:
        raise Http404
    delivery.message_resend(message=message)
    audit(request, message.message_id, f"Message sent again to {_site(endpoint.url)}")
    return Status(202, message)
