"""The animators' event pages: the list and its exports, the event form with its agenda,
cancel / move / duplicate, the per-event dashboard with attendee exports, badges and the
sign-in sheet, an organization's attendance history, and the partner clusters' feeds."""

import copy

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.animators import animator_preferences, animator_seen
from core.animators import new_since as animators_new_since
from core.exports import export_if_requested, export_response
from core.pdf import pdf_render
from events import panels, permissions, selectors
from events.forms.staff import (
    AgendaFormSet,
    EventDocumentForm,
    EventFilterForm,
    EventForm,
    EventMoveForm,
    PartnerCalendarForm,
    RegistrationStatusForm,
    agenda_items,
)
from events.models import Event, PartnerCalendar, Registration
from events.services import events as event_services
from events.services import feeds
from events.services import registrations as registration_services
from members.models import Organization

EVENTS_PER_PAGE = 50
ATTENDANCE_PER_PAGE = 50
GUESTS_PER_PAGE = 50


def _event_for_staff(pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("working_group", "partner_calendar"), pk=pk
    )


@permissions.staff_required
def staff_guest_registrations(request: HttpRequest) -> HttpResponse:
    """Guests' registrations, newest first, those new since the animator last looked
    marked; looking here makes them seen."""
    preferences = animator_preferences(user=request.user)
    new_since = animators_new_since(preferences=preferences, what="guest_registrations")
    registrations = selectors.guest_registrations_recent()
    page = Paginator(registrations, GUESTS_PER_PAGE).get_page(request.GET.get("page"))
    animator_seen(user=request.user, what="guest_registrations")
    return render(
        request,
        "events/staff/guest_registration_list.html",
        {"page": page, "new_since": new_since},
    )


@permissions.staff_required
def staff_events(request: HttpRequest) -> HttpResponse:
    """The filtered list (GET), or all of it as `?export=csv|xlsx`."""
    filter_form = EventFilterForm(request.GET)
    events = selectors.event_staff_list(filters=selectors.EventFilters(**filter_form.filters()))
    if export := export_if_requested(
        request, filename="events", table=lambda: selectors.event_export_rows(events=events)
    ):
        return export
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
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
    event = _event_for_staff(pk)
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
    event = _event_for_staff(pk)
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
    event = _event_for_staff(pk)
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
    event = _event_for_staff(pk)
    copy = event_services.event_duplicate(event=event, created_by=request.user)
    messages.success(request, _("A copy was made, unpublished. Set its dates, then publish it."))
    return redirect("events:staff_event_edit", pk=copy.pk)


# Changes that take a seat from someone, or give one beyond the capacity, are asked first.
def _needs_confirmation(registration: Registration, status: str) -> bool:
    return status == Registration.Status.CANCELLED or (
        status == Registration.Status.WAITLISTED
        and registration.status == Registration.Status.CONFIRMED
    )


@permissions.staff_required
@require_POST
def staff_registration_status(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """Cancel, promote from the waitlist or change the status of one attendee. A change
    that takes a seat away (or gives one beyond the capacity) shows a confirmation page
    first, a plain form that posts here again with `confirmed`."""
    event = _event_for_staff(pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    form = RegistrationStatusForm(request.POST)
    back = redirect(f"{resolve_url('events:staff_event', pk=event.pk)}#attendees")
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
        return back
    status = form.cleaned_data["status"]
    confirmed = form.cleaned_data["confirmed"]
    context = {"event": event, "registration": registration, "status": status}
    if _needs_confirmation(registration, status) and not confirmed:
        return render(request, "events/staff/registration_confirm_status.html", context)
    try:
        promoted = registration_services.registration_status_set(
            registration=registration,
            status=status,
            over_capacity=form.cleaned_data["over_capacity"],
        )
    except registration_services.NoSeatLeft:
        return render(
            request,
            "events/staff/registration_confirm_status.html",
            {**context, "no_seat_left": True},
        )
    except registration_services.RegistrationError as error:
        messages.error(request, f"{registration.full_name}: {error}")
        return back
    registration.refresh_from_db()
    message = _("%(name)s: %(status)s.") % {
        "name": registration.full_name,
        "status": registration.get_status_display(),
    }
    if promoted:
        message += " " + _("Given the freed seat: %(names)s.") % {
            "names": ", ".join(person.full_name for person in promoted)
        }
    messages.success(request, message)
    return back


@permissions.staff_required
def staff_event(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's dashboard: figures, attendees, documents and the follow-up."""
    event = _event_for_staff(pk)
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
    attendees = selectors.event_attendees(event=event)
    return render(
        request,
        "events/staff/event_detail.html",
        {
            "event": event,
            "figures": selectors.event_figures(event=event),
            "attendees": attendees,
            "status_choices": RegistrationStatusForm.base_fields["status"].choices,
            "agenda": list(event.agenda_items.all()),
            "documents": list(event.documents.all()),
            "document_form": document_form,
            "is_over": event.ends_at < timezone.now(),
            # The satisfaction survey...: the apps above events add their sections.
            "panels": panels.event_dashboard.build(event=event),
        },
    )


@permissions.staff_required
def staff_event_attendees_export(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for_staff(pk)
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
    return _pdf(request, _event_for_staff(pk), "events/pdf/badges.html", "badges")


@permissions.staff_required
def staff_event_signin_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, _event_for_staff(pk), "events/pdf/signin_sheet.html", "sign-in-sheet")


@permissions.staff_required
def staff_organization_attendance(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    registrations = selectors.attendance_of_organization(organization=organization)
    page = Paginator(registrations, ATTENDANCE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/staff/organization_attendance.html",
        {
            "organization": organization,
            "page": page,
            "figures": selectors.organization_attendance_figures(organization=organization),
        },
    )


# Partner clusters' calendars


@permissions.staff_required
def staff_partners(request: HttpRequest) -> HttpResponse:
    partners = selectors.partner_calendars()
    return render(request, "events/staff/partner_list.html", {"partners": partners})


@permissions.staff_required
def staff_partner_create(request: HttpRequest) -> HttpResponse:
    form = PartnerCalendarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feeds.partner_calendar_create(values=form.cleaned_data)
        messages.success(request, _("Partner calendar added; its events are being imported."))
        return redirect("events:staff_partners")
    return render(request, "events/staff/partner_form.html", {"form": form, "partner": None})


@permissions.staff_required
def staff_partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(PartnerCalendar, pk=pk)
    form = PartnerCalendarForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        feeds.partner_calendar_update(partner=partner, values=form.cleaned_data)
        messages.success(request, _("Partner calendar saved."))
        return redirect("events:staff_partners")
    return render(request, "events/staff/partner_form.html", {"form": form, "partner": partner})


@permissions.staff_required
def staff_partner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(selectors.partner_calendars(), pk=pk)
    if request.method == "POST":
        feeds.partner_calendar_delete(partner=partner)
        messages.success(request, _("Partner calendar and its events removed."))
        return redirect("events:staff_partners")
    return render(request, "events/staff/partner_confirm_delete.html", {"partner": partner})


@permissions.staff_required
@require_POST
def staff_partner_import(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(PartnerCalendar, pk=pk)
    feeds.partner_calendar_import_queue(partner=partner)
    messages.success(request, _("Import started; reload this page in a moment."))
    return redirect("events:staff_partners")
