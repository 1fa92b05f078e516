"""The newsletter's subscribers, with a token that has the `subscribers` scope. Adding an
address is a request for the newsletter like the signup page's: double opt-in, the person
gets the confirmation email and is subscribed once they click it. Deleting one
unsubscribes it (the address stays known, suppressed from every later newsletter)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from api import permissions
from api.auth import TokenAuth
from api.pagination import KeysetPagination
from api.schemas import InputSchema, audit, choice, field_problem
from communications.models import Subscriber
from communications.services.subscriptions import (
    CONSENT_TEXT_VERSION,
    subscription_cancel,
    subscription_request,
)
from core.search import search_filter

router = Router(tags=["Newsletter subscribers"], auth=TokenAuth("subscribers"))

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


class SubscriberOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    organization_name: str
    language: str = Field(description="The language the newsletter is sent in.")
    status: choice(Subscriber.Status)
    confirmed: bool = Field(description="Subscribed: the address confirmed the double opt-in.")
    source: choice(Subscriber.Source) = Field(description="Where the address was left.")
    created_at: datetime.datetime
    confirmed_at: datetime.datetime | None
    unsubscribed_at: datetime.datetime | None

    @staticmethod
    def resolve_confirmed(subscriber: Subscriber) -> bool:
        return subscriber.status == Subscriber.Status.CONFIRMED


class SubscriberQuery(Schema):
    q: str = Field("", description="Email or name; accents and case ignored.", max_length=200)
    confirmed: bool | None = Field(None, description="Only subscribed, or only the others.")
    status: choice(Subscriber.Status) | None = None


@router.get("/subscribers/", response=list[SubscriberOut])
@paginate(KeysetPagination, ordering=("email", "pk"))
def subscriber_list(request: HttpRequest, filters: Query[SubscriberQuery]):
    """Addresses by email."""
    subscribers = permissions.subscribers_for(request.auth)
    if filters.q.strip():
        subscribers = subscribers.filter(
            search_filter(filters.q.strip(), ["email", "first_name", "last_name"])
        )
    if filters.confirmed is not None:
        condition = {"status": Subscriber.Status.CONFIRMED}
        subscribers = (
            subscribers.filter(**condition)
            if filters.confirmed
            else subscribers.exclude(**condition)
        )
    if filters.status:
        subscribers = subscribers.filter(status=filters.status)
    return subscribers


def _subscriber(request: HttpRequest, subscriber_id: int) -> Subscriber:
    subscriber = permissions.subscribers_for(request.auth).filter(pk=subscriber_id).first()
    if subscriber is None:
        raise Http404
    return subscriber


@router.get("/subscribers/{subscriber_id}", response=SubscriberOut)
def subscriber_detail(request: HttpRequest, subscriber_id: int):
    """One address."""
    return _subscriber(request, subscriber_id)


class SubscriberIn(InputSchema):
    email: str = Field(max_length=254)
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    organization_name: str = Field("", max_length=200)
    language: str = Field(settings.LANGUAGE_CODE, description="fr or en.")


@router.post("/subscribers/", response={201: SubscriberOut, 200: SubscriberOut})
def subscriber_add(request: HttpRequest, body: SubscriberIn):
    """Ask for the newsletter for an address: it gets the confirmation email (double
    opt-in) and shows as pending until it is confirmed. 201 for a new address; 200 for
    a known one (a confirmed address stays as it is and is sent nothing)."""
    try:
        validate_email(body.email.strip())
    except ValidationError as error:
        raise field_problem("email", error.messages[0]) from error
    if body.language not in LANGUAGES:
        raise field_problem(
            "language", gettext("Choose one of: %(choices)s.") % {"choices": ", ".join(LANGUAGES)}
        )
    known = (
        permissions.subscribers_for(request.auth).filter(email__iexact=body.email.strip()).exists()
    )
    subscriber = subscription_request(
        email=body.email,
        first_name=body.first_name,
        last_name=body.last_name,
        organization_name=body.organization_name,
        language=body.language,
        source=Subscriber.Source.STAFF,
        consent_text_version=CONSENT_TEXT_VERSION,
    )
    audit(request, subscriber, f"requested the newsletter ({subscriber.status})")
    return Status(200 if known else 201, subscriber)


@router.delete("/subscribers/{subscriber_id}", response={204: None})
def subscriber_remove(request: HttpRequest, subscriber_id: int):
    """Unsubscribe the address: it is sent no newsletter any more."""
    subscriber = _subscriber(request, subscriber_id)
    subscription_cancel(email=subscriber.email, source=Subscriber.Source.STAFF)
    audit(request, subscriber, "unsubscribed")
    return Status(204, None)
