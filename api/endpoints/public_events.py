"""The cluster's public calendar: its own published events open to everyone, as the public
events pages show them, with the seats left and whether registration is open. No token.
Members-only, working groups' and partner clusters' events are not here."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from pydantic import field_validator

from api.pagination import KeysetPagination
from api.schemas import Translated, translated
from core.pagecache import public_page
from events.models import Event
from events.selectors import events_for_viewer, month_bounds
from events.services.registrations import registration_closed_reason

router = Router(tags=["Public events"])

MONTH_YEARS = (2000, 2100)


class PublicEvent(Schema):
    slug: str
    title: Translated
    description: Translated
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    address: str
    page_url: str
    cancelled: bool
    capacity: int | None = Field(description="Null: no limit.")
    seats_left: int | None = Field(description="Null when there is no limit.")
    registration_open: bool = Field(
        description="Whether someone may register now (open dates, not started, not cancelled)."
    )


class PublicEventFilterQuery(Schema):
    kind: Event.Kind | None = Field(None, description="Only events of this kind.")
    month: str = Field(
        "",
        description="Only events taking place during this month, as YYYY-MM.",
        pattern=r"^$|^\d{4}-(0[1-9]|1[0-2])$",
    )

    @field_validator("month")
    @classmethod
    def _month_in_range(cls, value: str) -> str:
        # The years the calendar's month pages cover (events.views.event_month).
        if value and not MONTH_YEARS[0] <= int(value[:4]) <= MONTH_YEARS[1]:
            raise ValueError(f"the year must be between {MONTH_YEARS[0]} and {MONTH_YEARS[1]}")
        return value


def public_event(event: Event) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        page = reverse("events:event_detail", kwargs={"slug": event.slug})
    taken = getattr(event, "seats_taken", 0)
    return {
        "slug": event.slug,
        "title": translated(event.title_fr, event.title_en),
        "description": translated(event.description_fr, event.description_en),
        "kind": event.kind,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue": event.venue,
        "address": event.address,
        "page_url": f"{settings.SITE_URL}{page}",
        "cancelled": event.cancelled_at is not None,
        "capacity": event.capacity,
        "seats_left": event.seats_left(taken=taken) if event.capacity is not None else None,
        "registration_open": not registration_closed_reason(event=event),
    }


def _public_events():
    # An anonymous visitor's events: published, open to everyone, the cluster's own.
    return events_for_viewer(user=AnonymousUser())


@router.get("/public/events/", response=list[PublicEvent], auth=None)
@decorate_view(public_page("events", "events:seats"))
@paginate(KeysetPagination, ordering=("starts_at", "pk"), present=public_event)
def public_event_list(request: HttpRequest, filters: Query[PublicEventFilterQuery]):
    """The events to come (and under way), by start; filters as on the public calendar."""
    events = _public_events().filter(ends_at__gte=timezone.now())
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.month:
        year, month = (int(part) for part in filters.month.split("-"))
        start, following = month_bounds(year, month)
        events = events.filter(starts_at__lt=following, ends_at__gte=start)
    return events


@router.get("/public/events/{slug}", response=PublicEvent, auth=None)
@decorate_view(public_page("events", lambda slug: [f"event:{slug}"]))
def public_event_detail(request: HttpRequest, slug: str):
    """One public event, past ones included."""
    event = _public_events().filter(slug=slug).first()
    if event is None:
        raise Http404
    return public_event(event)
