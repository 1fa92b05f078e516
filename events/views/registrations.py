"""Registering: member contacts in one click, guests by email with a confirmation link,
cancelling (from the event page, the member space or the link in every email), staff
registering a contact or changing a registration's status, the guests' registrations and
an organization's attendance history for staff, and the member space's "My events"."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.animators import animator_preferences, animator_seen
from core.animators import new_since as animators_new_since
from core.http import client_ip, safe_next
from events import permissions, selectors
from events.forms.registrations import (
    ContactSearchForm,
    GuestRegistrationForm,
    RegisterSomeoneForm,
    RegistrationStatusForm,
)
from events.models import Event, Registration
from events.services import registrations as services
from events.views.events import event_for_staff, event_for_viewer
from members.models import Contact, Organization

CONTACTS_PER_PAGE = 20
ATTENDANCE_PER_PAGE = 50
GUESTS_PER_PAGE = 50


def _status_message(registration: Registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return _("You are registered. A confirmation email is on its way.")
    return _("The event is full: you are on the waitlist. We will email you if a seat frees up.")


@login_required
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_viewer(request, slug)
    contact = Contact.objects.filter(user=request.user).first()
    if contact is None:
        messages.error(request, _("Your account is not linked to a contact: ask the team."))
        return redirect("events:event_detail", slug=event.slug)
    try:
        registration = services.registration_create(event=event, contact=contact)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _status_message(registration))
    return redirect(safe_next(request, resolve_url("events:event_detail", slug=event.slug)))


@login_required
@require_POST
def event_unregister(request: HttpRequest, slug: str) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("event"),
        event__slug=slug,
        contact__user=request.user,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
    )
    services.registration_cancel(registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(
        safe_next(request, resolve_url("events:event_detail", slug=registration.event.slug))
    )


def event_guest_register(request: HttpRequest, slug: str) -> HttpResponse:
    """Guests of public events leave their name and address; the seat is theirs once they
    confirm with the link we email them."""
    event = get_object_or_404(
        Event.objects.published(),
        slug=slug,
        audience=Event.Audience.PUBLIC,
        partner_calendar__isnull=True,
    )
    form = GuestRegistrationForm(request.POST or None)
    closed_reason = services.registration_closed_reason(event=event)
    if request.method == "POST" and form.is_valid() and not closed_reason:
        try:
            # Each request emails the address typed in: the form must not become a way to
            # mail strangers in bulk.
            if not services.registration_guest_request_allowed(client_ip=client_ip(request)):
                raise services.RegistrationError(
                    _(
                        "Too many registrations were sent from your connection in the last "
                        "hour. Please try again later, or write to %(email)s."
                    )
                    % {"email": settings.CONTACT_EMAIL}
                )
            services.registration_guest_request(
                event=event, language=get_language(), **form.cleaned_data
            )
        except services.RegistrationError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request,
                "events/public/guest_registration_sent.html",
                {
                    "event": event,
                    "email": form.cleaned_data["email"],
                    "waitlist_length": selectors.waitlist_length_if_full(event=event),
                },
            )
    return render(
        request,
        "events/public/guest_registration_form.html",
        {
            "event": event,
            "form": form,
            "closed_reason": closed_reason,
            "waitlist_length": selectors.waitlist_length_if_full(event=event),
        },
    )


def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the guest's email. Confirming takes a POST, so that mail scanners that
    follow links do not confirm for them."""
    registration = selectors.registration_for_link(token=token)
    if registration is None:
        raise Http404
    if request.method == "POST" and registration.status == Registration.Status.PENDING:
        try:
            registration = services.registration_confirm(registration=registration)
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _status_message(registration))
    return render(
        request,
        "events/public/registration_confirm.html",
        # The same link cancels: the page offers it once the registration holds.
        {"registration": registration, "token": token},
    )


def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The cancellation link in every registration email: works without signing in."""
    registration = selectors.registration_for_link(token=token)
    if registration is None:
        raise Http404
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        services.registration_cancel(registration=registration)
        registration.refresh_from_db()
        messages.success(request, _("Your registration is cancelled."))
    return render(
        request, "events/public/registration_confirm_cancel.html", {"registration": registration}
    )


@permissions.staff_required
def register_someone(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff find a contact by name or email (live search with htmx, a plain GET form
    without JavaScript) and register them with one button per result."""
    event = get_object_or_404(Event, slug=slug)
    form = RegisterSomeoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"]
        try:
            registration = services.registration_create(
                event=event, contact=contact, registered_by=request.user
            )
        except services.RegistrationError as error:
            messages.error(request, f"{contact.full_name}: {error}")
        else:
            if registration.status == Registration.Status.CONFIRMED:
                message = _("%(name)s is registered.")
            else:
                message = _("%(name)s is on the waitlist.")
            messages.success(request, message % {"name": registration.full_name})
            return redirect(safe_next(request, request.get_full_path()))
    elif request.method == "POST":
        messages.error(request, form.errors["contact"][0])
    search = ContactSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    contacts = selectors.contacts_to_register(event=event, query=query)
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "events/staff/registration_form.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {
            "event": event,
            "search": search,
            "query": query,
            "page": page,
            "next": safe_next(request, ""),
        },
    )


@permissions.member_required
def space_events(request: HttpRequest) -> HttpResponse:
    upcoming = list(selectors.upcoming_registrations_of_user(user=request.user))
    past = list(selectors.past_registrations_of_user(user=request.user)[:50])
    return render(request, "events/space/event_list.html", {"upcoming": upcoming, "past": past})


# Staff


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
    first, a plain form that posts here again with `confirmed`. Both come back to the
    dashboard's page and filters they were sent from (`next`)."""
    event = event_for_staff(pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    form = RegistrationStatusForm(request.POST)
    dashboard = safe_next(request, resolve_url("events:staff_event", pk=event.pk))
    back = redirect(f"{dashboard}#attendees")
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
        return back
    status = form.cleaned_data["status"]
    confirmed = form.cleaned_data["confirmed"]
    context = {
        "event": event,
        "registration": registration,
        "status": status,
        "dashboard": dashboard,
    }
    if _needs_confirmation(registration, status) and not confirmed:
        return render(request, "events/staff/registration_confirm_status.html", context)
    try:
        promoted = services.registration_status_set(
            registration=registration,
            status=status,
            over_capacity=form.cleaned_data["over_capacity"],
        )
    except services.NoSeatLeft:
        return render(
            request,
            "events/staff/registration_confirm_status.html",
            {**context, "no_seat_left": True},
        )
    except services.RegistrationError as error:
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
