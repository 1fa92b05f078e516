"""Events and their registrations, with a token that has the `events` scope: the
calendar's filters, staff's create and edit of an event (the back-office form's checks,
and its notices to registrants when the date or place moves) and the cancellation of a
registration (a freed seat goes to the waitlist, as on the back-office)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from api import permissions
from api.auth import TokenAuth
from api.pagination import KeysetPagination
from api.problems import Problem
from api.schemas import InputSchema, audit, choice, form_problem, validation_problem
from events.forms.events import EventForm
from events.ical import PARIS
from events.models import Event, Registration
from events.services.events import EventError, event_create, event_update
from events.services.registrations import registration_cancel

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
    status: choice(Registration.Status) | None = Field(
        None, description="Only registrations in this state."
    )


class EventQuery(Schema):
    starts_from: datetime.date | None = Field(
        None, alias="from", description="Only events ending on or after this day (Paris)."
    )
    starts_to: datetime.date | None = Field(
        None, alias="to", description="Only events starting on or before this day (Paris)."
    )
    kind: choice(Event.Kind) | None = None
    audience: choice(Event.Audience) | None = None
    published: bool | None = Field(None, description="Only published events, or only drafts.")
    cancelled: bool | None = Field(None, description="Only cancelled events, or only the others.")


def _paris_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=PARIS)


@router.get("/events/", response=list[EventOut])
@paginate(KeysetPagination, ordering=("starts_at", "pk"))
def event_list(request: HttpRequest, filters: Query[EventQuery]):
    """Events by start date."""
    events = permissions.events_for(request.auth)
    if filters.starts_from:
        events = events.filter(ends_at__gte=_paris_midnight(filters.starts_from))
    if filters.starts_to and filters.starts_to < datetime.date.max:
        day_after = filters.starts_to + datetime.timedelta(days=1)
        events = events.filter(starts_at__lt=_paris_midnight(day_after))
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.audience:
        events = events.filter(audience=filters.audience)
    if filters.published is not None:
        events = events.filter(is_published=filters.published)
    if filters.cancelled is not None:
        events = events.filter(cancelled_at__isnull=not filters.cancelled)
    return events


@router.get("/events/{slug}", response=EventOut)
def event_detail(request: HttpRequest, slug: str):
    """One event, by its slug."""
    return _event(request, slug)


class EventPatch(InputSchema):
    """Only the fields sent change; null empties an optional field. Times carry their
    offset (ISO 8601); one without is taken as Paris time, as on the site."""

    title_fr: str = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    kind: choice(Event.Kind) = Field(None)
    starts_at: datetime.datetime = Field(None)
    ends_at: datetime.datetime = Field(None)
    venue: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    online_url: str | None = Field(None, max_length=200, description="Shown to registrants.")
    description_fr: str | None = Field(None, max_length=20000, description="Markdown.")
    description_en: str | None = Field(None, max_length=20000, description="Markdown.")
    audience: choice(Event.Audience) = Field(None)
    organizer: choice(Event.Organizer) = Field(None)
    capacity: int | None = Field(None, ge=1, le=100000, description="Seats; null: no limit.")
    registration_opens_at: datetime.datetime | None = None
    registration_closes_at: datetime.datetime | None = None
    is_published: bool = Field(None)


class EventCreate(EventPatch):
    title_fr: str = Field(min_length=1, max_length=200)
    kind: choice(Event.Kind)
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class _ApiEventForm(EventForm):
    """The back-office form without its file field (a cover is uploaded on the site)."""

    class Meta(EventForm.Meta):
        fields = [field for field in EventForm.Meta.fields if field != "cover"]


def _valid_event_values(event: Event, changes: dict) -> dict:
    data = {}
    for field in _ApiEventForm.Meta.fields:
        value = getattr(event, f"{field}_id" if field == "working_group" else field)
        data[field] = "" if value is None else value
    for field, value in changes.items():
        if isinstance(value, datetime.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=PARIS)
        data[field] = "" if value is None else value
    if not data.get("is_published"):
        data.pop("is_published", None)  # an unticked box is absent from a form's data
    form = _ApiEventForm(data, instance=event if event.pk else None)
    if not form.is_valid():
        raise form_problem(form)
    return form.event_values()


def _event(request: HttpRequest, slug: str) -> Event:
    event = permissions.events_for(request.auth).filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


@router.post("/events/", response={201: EventOut})
def event_add(request: HttpRequest, body: EventCreate):
    """Create an event; its slug is made from its French title. Unpublished unless
    `is_published` is true."""
    changes = body.model_dump(exclude_unset=True)
    changes.setdefault("is_published", False)
    values = _valid_event_values(Event(), changes)
    try:
        event = event_create(values=values, created_by=request.auth.created_by)
    except ValidationError as error:
        raise validation_problem(error) from error
    audit(request, event, f"created {event.title_fr}")
    return Status(201, event)


@router.patch("/events/{slug}", response=EventOut)
def event_change(request: HttpRequest, slug: str, body: EventPatch):
    """Change an event. Moving its date or place tells its registrants, as on the site."""
    event = _event(request, slug)
    changes = body.model_dump(exclude_unset=True)
    values = _valid_event_values(event, changes)
    try:
        event = event_update(event=event, values=values)
    except ValidationError as error:
        raise validation_problem(error) from error
    except EventError as error:
        raise Problem("conflict", str(error)) from error
    audit(request, event, "changed " + ", ".join(sorted(changes)))
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


@router.get("/registrations/{registration_id}", response=RegistrationOut)
def registration_detail(request: HttpRequest, registration_id: int):
    """One registration."""
    return _registration(request, registration_id)


def _registration(request: HttpRequest, registration_id: int) -> Registration:
    registration = (
        permissions.registrations_for(request.auth)
        .select_related("event", "organization")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@router.post("/registrations/{registration_id}/cancel", response=RegistrationOut)
def registration_cancel_view(request: HttpRequest, registration_id: int):
    """Cancel a registration; the seat it frees goes to the first person waiting, who is
    told by email. Cancelling a cancelled registration changes nothing."""
    registration = _registration(request, registration_id)
    promoted = registration_cancel(registration=registration)
    summary = "cancelled"
    if promoted:
        summary += "; promoted from the waitlist: " + ", ".join(str(r.pk) for r in promoted)
    audit(request, registration, summary)
    return _registration(request, registration_id)
