"""Events: the public calendar (the list of upcoming events, the month view, the event
page) and the animators' event pages (the list and its exports, the event form with its
agenda, cancel / move / duplicate, the per-event dashboard with attendee exports, badges
and the sign-in sheet).

Everyone sees public events; member contacts also see members-only and partner clusters'
events, a working group's members their group's events, staff everything
(`permissions.event_visibility`). An event one may not see answers 404, or the login page
for an anonymous visitor, who may see it after signing in.
"""

import calendar
import copy
import datetime
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import export_if_requested, export_response
from core.pagecache import public_page
from core.pdf import pdf_render
from events import panels, permissions, selectors
from events.forms.events import (
    AgendaFormSet,
    EventDocumentForm,
    EventFilterForm,
    EventForm,
    EventMoveForm,
    StaffEventFilterForm,
    agenda_items,
)
from events.forms.registrations import AttendeeFilterForm, RegistrationStatusForm
from events.ical import PARIS
from events.linked_data import event_linked_data
from events.models import Event, EventDocument, Registration
from events.services import events as event_services
from events.services.registrations import registration_closed_reason
from members.models import Contact

PUBLIC_EVENTS_PER_PAGE = 20
STAFF_EVENTS_PER_PAGE = 50
# Each attendee row carries its status forms: a few hundred of them made a page of 700 KB
# that took longer to render than everything else on it.
ATTENDEES_PER_PAGE = 50


# The public calendar


@public_page("events", "events:seats")
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
    page = Paginator(events, PUBLIC_EVENTS_PER_PAGE).get_page(request.GET.get("page"))
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


@public_page("events")
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


@public_page("events", lambda slug: [f"event:{slug}"])
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
    now = timezone.now()
    closed_reason = registration_closed_reason(event=event, now=now)
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
            "guests_welcome": (
                not has_contact and event.audience == Event.Audience.PUBLIC and not closed_reason
            ),
            "waitlist_length": selectors.waitlist_length_if_full(event=event),
            "can_check_in": permissions.can_check_in(request.user),
            "linked_data": event_linked_data(event=event, closed_reason=closed_reason, now=now),
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


# The animators' event pages


def event_for_staff(pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("working_group", "partner_calendar"), pk=pk
    )


@permissions.staff_required
def staff_events(request: HttpRequest) -> HttpResponse:
    """The filtered list (GET), or all of it as `?export=csv|xlsx`."""
    filter_form = StaffEventFilterForm(request.GET)
    events = selectors.event_staff_list(filters=selectors.EventFilters(**filter_form.filters()))
    if export := export_if_requested(
        request, filename="events", table=lambda: selectors.event_export_rows(events=events)
    ):
        return export
    page = Paginator(events, STAFF_EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "events/staff/event_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": filter_form})


def _agenda_initial(event: Event) -> list[dict]:
    return [
        {
            "starts_at": item.starts_at,
            "title_fr": item.title_fr,
            "title_en": item.title_en,
            "speaker": item.speaker,
        }
        for item in event.agenda_items.all()
    ]


@permissions.staff_required
def staff_event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, request.FILES or None)
    agenda = AgendaFormSet(request.POST or None, prefix="agenda")
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        event = event_services.event_create(
            values=form.event_values(), agenda=agenda_items(agenda), created_by=request.user
        )
        messages.success(request, _("Event created."))
        return redirect("events:staff_event", pk=event.pk)
    return render(
        request, "events/staff/event_form.html", {"form": form, "agenda": agenda, "event": None}
    )


@permissions.staff_required
def staff_event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_staff(pk)
    # The form writes what was typed onto its instance; the heading keeps the saved title.
    shown = copy.copy(event)
    form = EventForm(request.POST or None, request.FILES or None, instance=event)
    agenda = AgendaFormSet(
        request.POST or None,
        prefix="agenda",
        initial=None if request.method == "POST" else _agenda_initial(event),
    )
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        event = event_services.event_update(
            event=event,
            values=form.event_values(),
            agenda=agenda_items(agenda),
        )
        if event.sequence != shown.sequence:
            messages.success(
                request, _("Event saved. Registrants are being told about the change.")
            )
        else:
            messages.success(request, _("Event saved."))
        return redirect("events:staff_event", pk=event.pk)
    return render(
        request,
        "events/staff/event_form.html",
        {"form": form, "agenda": agenda, "event": shown},
    )


@permissions.staff_required
def staff_event_move(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_staff(pk)
    if event.is_cancelled:
        messages.error(request, _("A cancelled event cannot be moved."))
        return redirect("events:staff_event", pk=event.pk)
    initial = {"starts_at": event.starts_at, "ends_at": event.ends_at}
    form = EventMoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event_services.event_move(
                event=event,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except event_services.EventError as error:
            # Cancelled by someone else meanwhile.
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Event moved. Registrants are being told about the change.")
            )
        return redirect("events:staff_event", pk=event.pk)
    return render(request, "events/staff/event_move_form.html", {"form": form, "event": event})


@permissions.staff_required
def staff_event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST cancels and notifies every registrant."""
    event = event_for_staff(pk)
    if request.method == "POST":
        event_services.event_cancel(event=event)
        messages.success(request, _("Event cancelled. Registrants are being told."))
        return redirect("events:staff_event", pk=event.pk)
    registrants = selectors.event_attendees(event=event).count()
    return render(
        request,
        "events/staff/event_confirm_cancel.html",
        {"event": event, "registrants": registrants},
    )


@permissions.staff_required
@require_POST
def staff_event_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_staff(pk)
    copy = event_services.event_duplicate(event=event, created_by=request.user)
    messages.success(request, _("A copy was made, unpublished. Set its dates, then publish it."))
    return redirect("events:staff_event_edit", pk=copy.pk)


@permissions.staff_required
def staff_event(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's dashboard: figures, attendees (filtered, a page at a time; htmx asks for
    the list alone), documents and the follow-up."""
    event = event_for_staff(pk)
    document_form = EventDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and document_form.is_valid():
        event_services.event_document_add(
            event=event,
            title=document_form.cleaned_data["title"],
            file=document_form.cleaned_data["file"],
            uploaded_by=request.user,
        )
        messages.success(request, _("Document added for the participants."))
        return redirect("events:staff_event", pk=event.pk)
    attendee_filter = AttendeeFilterForm(request.GET)
    filters = attendee_filter.filters()
    attendees = selectors.event_attendees_filtered(event=event, **filters)
    attendee_list = {
        "event": event,
        "page": Paginator(attendees, ATTENDEES_PER_PAGE).get_page(request.GET.get("page")),
        "filtered": any(filters.values()),
        "status_choices": _status_choices(),
    }
    if request.htmx:
        return render(request, "events/staff/event_detail.html#attendees", attendee_list)
    return render(
        request,
        "events/staff/event_detail.html",
        {
            **attendee_list,
            "figures": selectors.event_figures(event=event),
            "attendee_filter": attendee_filter,
            "agenda": list(event.agenda_items.all()),
            "documents": list(event.documents.all()),
            "document_form": document_form,
            "is_over": event.ends_at < timezone.now(),
            # The satisfaction survey...: the apps above events add their sections.
            "panels": panels.event_dashboard.build(event=event),
        },
    )


def _status_choices() -> list[tuple[str, str]]:
    # Worded once per page, not once per attendee row.
    return [
        (value, str(label)) for value, label in RegistrationStatusForm.base_fields["status"].choices
    ]


@permissions.staff_required
def staff_event_attendees_export(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_staff(pk)
    header, rows = selectors.attendee_export_rows(
        registrations=selectors.event_attendees(event=event)
    )
    return export_response(
        export_format=request.GET.get("format", "csv"),
        filename=f"attendees-{event.slug}"[:80],
        header=header,
        rows=rows,
    )


def _pdf(request: HttpRequest, event: Event, template: str, filename: str) -> HttpResponse:
    confirmed = selectors.event_attendees(event=event).filter(status=Registration.Status.CONFIRMED)
    people = [
        {
            "name": registration.full_name,
            "organization": selectors.registration_organization_name(registration),
        }
        for registration in confirmed
    ]
    content = pdf_render(
        template=template,
        context={"event": event, "people": people, "cluster_name": settings.CLUSTER_NAME},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}-{event.slug}.pdf"'
    return response


@permissions.staff_required
def staff_event_badges(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, event_for_staff(pk), "events/pdf/badges.html", "badges")


@permissions.staff_required
def staff_event_signin_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, event_for_staff(pk), "events/pdf/signin_sheet.html", "sign-in-sheet")
