"""Events and their registrations, with a token that has the `events` scope."""

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from api import permissions
from api.auth import TokenAuth
from api.pagination import KeysetPagination
from events.models import Event, Registration

router = Router(tags=["Events and registrations"], auth=TokenAuth("events"))


class EventOut(Schema):
    slug: str
    title_fr: str
    title_en: str
    kind: str
    audience: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    capacity: int | None
    is_published: bool
    cancelled: bool = Field(description="Whether the event was cancelled.")

    @staticmethod
    def resolve_cancelled(event: Event) -> bool:
        return event.cancelled_at is not None


class RegistrationOut(Schema):
    id: int
    event: str = Field(description="The event's slug.")
    status: str
    first_name: str
    last_name: str
    email: str
    organization: str | None = Field(description="The organization's slug, if any.")
    organization_name: str
    created_at: datetime.datetime
    confirmed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None

    @staticmethod
    def resolve_event(registration: Registration) -> str:
        return registration.event.slug

    @staticmethod
    def resolve_organization(registration: Registration) -> str | None:
        return registration.organization.slug if registration.organization_id else None


class RegistrationFilters(Schema):
    event: str = Field(
        "", description="Only this event's registrations (its slug).", max_length=220
    )
    status: Registration.Status | None = Field(
        None, description="Only registrations in this state."
    )


@router.get("/events/", response=list[EventOut])
@paginate(KeysetPagination, ordering=("starts_at", "pk"))
def event_list(request: HttpRequest):
    """Events by start date."""
    return permissions.events_for(request.auth)


@router.get("/events/{slug}", response=EventOut)
def event_detail(request: HttpRequest, slug: str):
    event = permissions.events_for(request.auth).filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


@router.get("/registrations/", response=list[RegistrationOut])
@paginate(KeysetPagination, ordering=("pk",))
def registration_list(request: HttpRequest, filters: Query[RegistrationFilters]):
    """Registrations, oldest first."""
    registrations = permissions.registrations_for(request.auth).select_related(
        "event", "organization"
    )
    if filters.event:
        registrations = registrations.filter(event__slug=filters.event)
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    return registrations
