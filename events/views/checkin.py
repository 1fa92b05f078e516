"""Check-in at the door, for staff on a phone: find a registrant by name, email or
organization (live search with htmx, a plain form without JavaScript) and mark them present
or absent; the QR code in each confirmation email opens that registration directly."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import permissions, selectors
from events.forms.checkin import AttendanceForm, CheckinSearchForm
from events.models import Event, Registration
from events.services import checkin as services
from events.services.registrations import RegistrationError

ROWS_PER_PAGE = 50


@permissions.staff_required
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = CheckinSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    registrations = selectors.checkin_search(event=event, query=query)
    page = Paginator(registrations, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    template = "events/staff/checkin_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {
            "event": event,
            "form": form,
            "page": page,
            "query": query,
            "counts": selectors.checkin_counts(event=event),
        },
    )


@permissions.staff_required
def checkin_token(request: HttpRequest, token: str) -> HttpResponse:
    """Where the QR code of a confirmation email leads: that one registration. Its forms
    carry the token back, to come back here once the person is marked."""
    registration = selectors.registration_for_checkin_link(token=token)
    if registration is None:
        raise Http404
    return render(
        request,
        "events/staff/checkin_detail.html",
        {"event": registration.event, "registration": registration, "checkin_token": token},
    )


def _checkin_token_of(request: HttpRequest, registration: Registration) -> str:
    """The check-in link's token a form posted from its page, if it opens `registration`."""
    if request.POST.get("from") != "token":
        return ""
    token = request.POST.get("token", "")
    found = selectors.registration_for_checkin_link(token=token)
    return token if found is not None and found.pk == registration.pk else ""


@permissions.staff_required
@require_POST
def checkin_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("event"), event__slug=slug, pk=pk
    )
    form = AttendanceForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.registration_attendance_set(
                registration=registration,
                attendance=form.cleaned_data["attendance"],
                by=request.user,
            )
        except RegistrationError as refused:
            error = str(refused)
    else:
        error = _("Choose present or no-show.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(attendance)s.")
                % {
                    "name": registration.full_name,
                    "attendance": registration.get_attendance_display(),
                },
            )
    checkin_token = _checkin_token_of(request, registration)
    if request.htmx:
        context = {
            "error": error,
            "registration": registration,
            "event": registration.event,
            "query": request.POST.get("q", ""),
            "from_token": bool(checkin_token),
            "checkin_token": checkin_token,
            # The counts at the top of the page follow (out-of-band swap).
            "counts": selectors.checkin_counts(event=registration.event),
        }
        return render(request, "events/staff/_checkin_marked.html", context)
    if checkin_token:
        return redirect("events:checkin_token", token=checkin_token)
    url = reverse("events:checkin", kwargs={"slug": slug})
    query = request.POST.get("q", "")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
