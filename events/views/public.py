"""The public calendar: the list of upcoming events, the month view and the event page.

Everyone sees public events; member contacts also see members-only and partner clusters'
events, a working group's members their group's events, staff everything
(`permissions.event_visibility`). An event one may not see answers 404, or the login page
for an anonymous visitor, who may see it after signing in.
"""

import calendar
import datetime
from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from events import permissions, selectors
from events.forms.public import EventFilterForm
from events.forms.registrations import GuestRegistrationForm
from events.ical import PARIS
from events.models import Event, EventDocument
from events.services.registrations import registration_closed_reason
from members.models import Contact

EVENTS_PER_PAGE = 20


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    events = selectors.events_for_viewer(user=request.user).filter(ends_at__gte=timezone.now())
    if form.is_valid():
        if form.cleaned_data["kind"]:
            events = events.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["audience"]:
            events = events.filter(audience=form.cleaned_data["audience"])
        if form.cleaned_data["month"]:
            year, month = (int(part) for part in form.cleaned_data["month"].split("-"))
            start, following = selectors.month_bounds(year, month)
            events = events.filter(starts_at__lt=following, ends_at__gte=start)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    registrations = selectors.registrations_by_event(
        user=request.user, event_ids=[event.pk for event in page.object_list]
    )
    for event in page.object_list:
        event.my_registration = registrations.get(event.pk)
    today = timezone.localtime(timezone.now(), PARIS).date()
    template = "events/public/event_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page": page, "this_month": today},
    )


def event_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    events = list(selectors.events_in_month(user=request.user, year=year, month=month))
    first = datetime.date(year, month, 1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    by_day: dict[datetime.date, list[Event]] = {}
    for event in events:
        # Only the days the grid shows: an event lasting years costs at most six weeks.
        day = max(timezone.localtime(event.starts_at, PARIS).date(), weeks[0][0])
        last = min(timezone.localtime(event.ends_at, PARIS).date(), weeks[-1][-1])
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += datetime.timedelta(days=1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=32)
    return render(
        request,
        "events/public/event_month.html",
        {
            "month": first,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "events": events,
            "weekdays": weeks[0],
            "previous": previous,
            "following": following,
            "today": timezone.localtime(timezone.now(), PARIS).date(),
        },
    )


def event_for_viewer(request: HttpRequest, slug: str) -> Event:
    """The event if the user may see it (staff also unpublished ones), else 404."""
    events = selectors.events_for_viewer(
        user=request.user, include_unpublished=permissions.is_animator(request.user)
    )
    event = events.filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        event = event_for_viewer(request, slug)
    except Http404:
        # Members-only events: a visitor who may see it after signing in is asked to.
        if not request.user.is_authenticated and Event.objects.filter(slug=slug).exists():
            return redirect_to_login(request.get_full_path())
        raise
    registration = selectors.registrations_by_event(user=request.user, event_ids=[event.pk]).get(
        event.pk
    )
    can_see_private = permissions.can_see_event_private(request.user, registration)
    has_contact = (
        request.user.is_authenticated and Contact.objects.filter(user=request.user).exists()
    )
    closed_reason = registration_closed_reason(event=event)
    guest_form = None
    if not has_contact and event.audience == Event.Audience.PUBLIC and not closed_reason:
        guest_form = GuestRegistrationForm()
    return render(
        request,
        "events/public/event_detail.html",
        {
            "event": event,
            "agenda_items": list(event.agenda_items.all()),
            "documents": list(event.documents.all()) if can_see_private else [],
            "registration": registration,
            "can_see_private": can_see_private,
            "has_contact": has_contact,
            "closed_reason": closed_reason,
            "guest_form": guest_form,
            "waitlist_length": selectors.waitlist_length_if_full(event=event),
            "can_check_in": permissions.can_check_in(request.user),
        },
    )


@login_required
def event_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    event = event_for_viewer(request, slug)
    registration = selectors.registrations_by_event(user=request.user, event_ids=[event.pk]).get(
        event.pk
    )
    if not permissions.can_see_event_private(request.user, registration):
        raise PermissionDenied
    document = get_object_or_404(EventDocument, event=event, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=PurePath(document.file.name).name)
