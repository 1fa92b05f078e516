"""Calendars: the public and personal iCalendar feeds, the page where a user finds (and
renews) their personal feed address, the annual calendar of major events, and the partner
clusters' feeds staff add."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagecache import public_page
from events import permissions, selectors
from events.forms.feeds import PartnerCalendarForm
from events.models import PartnerCalendar, PersonalCalendar
from events.services import events as event_services
from events.services import feeds

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
# What browsers and proxies may keep; our own copy is dropped as soon as an event changes.
PUBLIC_FEED_SECONDS = 600
# The annual calendar covers recent and coming years only: older or farther ones are not
# calendars anyone keeps, and each one costs a PDF rendering.
YEARS_BACK = 5
YEARS_AHEAD = 2


def _years() -> range:
    current = timezone.localdate().year
    return range(current - YEARS_BACK, current + YEARS_AHEAD + 1)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_page("events")
def calendar_ics(request: HttpRequest) -> HttpResponse:
    response = _ics(feeds.public_calendar(language=get_language()), "calendar.ics")
    patch_cache_control(response, public=True, max_age=PUBLIC_FEED_SECONDS)
    return response


def personal_ics(request: HttpRequest, token: str) -> HttpResponse:
    # The token is the credential: calendar apps subscribe without logging in.
    calendar = get_object_or_404(PersonalCalendar.objects.select_related("user"), token=token)
    if not calendar.user.is_active:
        raise Http404
    content = feeds.personal_calendar_build(calendar=calendar, language=get_language())
    response = _ics(content, "my-events.ics")
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    calendar = feeds.personal_calendar_get(user=request.user)
    feed_url = request.build_absolute_uri(
        reverse("events:personal_ics", kwargs={"token": calendar.token})
    )
    return render(
        request,
        "events/space/personal_calendar.html",
        {
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            "calendar": calendar,
        },
    )


@login_required
@require_POST
def my_calendar_regenerate(request: HttpRequest) -> HttpResponse:
    feeds.personal_calendar_regenerate(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. Subscribe to it again; the old one no longer works."),
    )
    return redirect("events:my_calendar")


def _year(year: int) -> int:
    if year not in _years():
        raise Http404
    return year


@public_page("events")
def annual_calendar(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    months = selectors.annual_calendar(
        year=year, visible=permissions.event_visibility(request.user)
    )
    return render(
        request,
        "events/public/annual_calendar.html",
        {
            "year": year,
            "months": months,
            "is_empty": not any(events for _, events in months),
            "previous_year": year - 1 if year - 1 in _years() else None,
            "next_year": year + 1 if year + 1 in _years() else None,
        },
    )


@public_page("events")
def annual_calendar_pdf(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    content = event_services.annual_calendar_pdf(
        year=year, user=request.user, language=get_language()
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="calendar-{year}.pdf"'
    return response


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
