"""Newsletters: the public archive and web versions, the tracking of opens and clicks, and
the staff editor that previews, tests, schedules and sends them."""

import base64
from collections.abc import Iterator

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace, csp_update
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from communications import permissions
from communications.forms import newsletters as forms
from communications.models import Newsletter
from communications.selectors import audiences
from communications.selectors import newsletters as selectors
from communications.services import newsletters as services
from communications.services.subscriptions import InvalidLink
from core.exports import export_if_requested
from core.forms import StatusFilterForm
from core.outbox import task_enqueue
from core.pagecache import public_page

NEWSLETTERS_PER_PAGE = 20
# A 1×1 transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
_LANGUAGES = dict(settings.LANGUAGES)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "communications/public/newsletter_link_invalid.html", status=400)


# Public pages: the archive, the web version, tracking


@public_page("newsletters")
def archive(request: HttpRequest) -> HttpResponse:
    # Two queries: the count for the paginator, the page.
    page = Paginator(selectors.newsletters_sent(), NEWSLETTERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "communications/public/newsletter_list.html", {"page": page})


# An issue's automatic blocks show news, events and open calls for projects.
@public_page("newsletters", "news", "events", "calls")
def web_version(request: HttpRequest, slug: str) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, slug=slug, status=Newsletter.Status.SENT)
    context = services.newsletter_context(
        newsletter=newsletter, blocks=selectors.newsletter_blocks(newsletter=newsletter)
    )
    return render(request, "communications/public/newsletter_detail.html", context)


@never_cache
def track_open(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.delivery_open_record(token=token)
    except InvalidLink:
        raise Http404 from None
    return HttpResponse(PIXEL, content_type="image/gif")


@never_cache
def track_click(request: HttpRequest, token: str) -> HttpResponse:
    try:
        url = services.delivery_click_record(token=token, url=request.GET.get("u", ""))
    except InvalidLink:
        return _invalid_link(request)
    return HttpResponseRedirect(url)


# Staff


@permissions.staff_required
def staff_newsletters(request: HttpRequest) -> HttpResponse:
    filter_form = StatusFilterForm(request.GET, choices=Newsletter.Status.choices)
    newsletters = selectors.newsletters_staff_list(status=filter_form.filters()["status"])
    if export := export_if_requested(
        request, filename="newsletters", table=lambda: _newsletters_table(newsletters)
    ):
        return export
    # Two queries: the count for the paginator, the page with its sent counts.
    page = Paginator(newsletters, NEWSLETTERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/staff/newsletter_list.html",
        {"page": page, "filter_form": filter_form},
    )


def _newsletters_table(newsletters) -> tuple[list[str], Iterator[list]]:
    header = [
        _("Subject"),
        _("Status"),
        pgettext("date", "Sent"),
        _("Recipients"),
        _("Messages sent"),
        pgettext("messages", "Failed"),
    ]
    rows = (
        [
            newsletter.subject,
            newsletter.get_status_display(),
            newsletter.sent_at.isoformat() if newsletter.sent_at else "",
            newsletter.recipient_count,
            newsletter.sent_count,
            newsletter.failed_count,
        ]
        for newsletter in newsletters
    )
    return header, rows


@permissions.staff_required
def staff_newsletter_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, pk=pk) if pk else Newsletter()
    if newsletter.status in (Newsletter.Status.SENDING, Newsletter.Status.SENT):
        messages.error(request, _("A newsletter that was sent cannot be changed."))
        return redirect("communications:staff_newsletter", pk=newsletter.pk)
    form = forms.NewsletterForm(request.POST or None, instance=newsletter)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = services.newsletter_save(
                newsletter=newsletter, data=form.cleaned_data, user=request.user
            )
        except services.NewsletterLocked:
            messages.error(request, _("A newsletter that was sent cannot be changed."))
        else:
            messages.success(request, _("The newsletter is saved."))
        return redirect("communications:staff_newsletter", pk=newsletter.pk)
    return render(
        request,
        "communications/staff/newsletter_form.html",
        {"form": form, "newsletter": newsletter},
    )


@permissions.staff_required
def staff_newsletter(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, pk=pk)
    progress = selectors.newsletter_progress(newsletter=newsletter)
    context = {"newsletter": newsletter, "progress": progress}
    if request.htmx:
        return render(request, "communications/staff/newsletter_detail.html#progress", context)
    if newsletter.status in (Newsletter.Status.DRAFT, Newsletter.Status.SCHEDULED):
        context["recipient_count"] = audiences.audience_count(audience=newsletter.audience)
    else:
        context["recipient_count"] = newsletter.recipient_count
    context["languages"] = settings.LANGUAGES
    context["test_form"] = forms.TestSendForm(initial={"language": translation.get_language()})
    context["schedule_form"] = forms.ScheduleForm(
        initial={
            "scheduled_at": newsletter.scheduled_at and timezone.localtime(newsletter.scheduled_at)
        }
    )
    return render(request, "communications/staff/newsletter_detail.html", context)


# The email is shown exactly as sent, inline styles included (emails cannot use style
# sheets), inside a frame of the staff page: only this response relaxes the policy.
@permissions.staff_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
@csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["https:", "http:"]})
def staff_newsletter_preview(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if language not in _LANGUAGES:
        raise Http404
    return HttpResponse(services.newsletter_email_html(newsletter=newsletter, language=language))


@require_POST
@permissions.staff_required
def staff_newsletter_test_send(request: HttpRequest, pk: int) -> HttpResponse:
    from communications.tasks import newsletter_test_send

    newsletter = get_object_or_404(Newsletter, pk=pk)
    form = forms.TestSendForm(request.POST)
    if not request.user.email:
        messages.error(request, _("Your account has no email address to send the test to."))
    elif form.is_valid():
        pk, email, language = newsletter.pk, request.user.email, form.cleaned_data["language"]
        task_enqueue(newsletter_test_send, pk, email, language)
        messages.success(
            request,
            _("A test copy is on its way to %(email)s.") % {"email": request.user.email},
        )
    return redirect("communications:staff_newsletter", pk=newsletter.pk)


@require_POST
@permissions.staff_required
def staff_newsletter_send(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if newsletter.status not in (Newsletter.Status.DRAFT, Newsletter.Status.SCHEDULED):
        messages.error(request, _("This newsletter was already sent."))
        return redirect("communications:staff_newsletter", pk=newsletter.pk)
    if request.POST.get("action") == "unschedule":
        services.newsletter_unschedule(newsletter=newsletter)
        messages.success(request, _("The newsletter is back to draft."))
        return redirect("communications:staff_newsletter", pk=newsletter.pk)
    form = forms.ScheduleForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("scheduled_at", []):
            messages.error(request, error)
        return redirect("communications:staff_newsletter", pk=newsletter.pk)
    recipient_count = audiences.audience_count(audience=newsletter.audience)
    if not recipient_count:
        messages.error(request, _("Nobody is in this audience: there is no one to send it to."))
        return redirect("communications:staff_newsletter", pk=newsletter.pk)
    # One click must not mail hundreds of people: the first POST only asks "Send to N
    # recipients?", and the answer carries the N it confirmed. Should the audience change
    # in between, the question is asked again with the new count.
    confirmed_count = request.POST.get("confirmed_count", "")
    if confirmed_count != str(recipient_count):
        return render(
            request,
            "communications/staff/newsletter_confirm_send.html",
            {
                "newsletter": newsletter,
                "recipient_count": recipient_count,
                "scheduled_at": form.cleaned_data["scheduled_at"],
                "scheduled_at_value": request.POST.get("scheduled_at", ""),
                "count_changed": bool(confirmed_count),
            },
        )
    if form.cleaned_data["scheduled_at"]:
        services.newsletter_schedule(newsletter=newsletter, at=form.cleaned_data["scheduled_at"])
        messages.success(request, _("The newsletter will be sent at the chosen time."))
    else:
        try:
            newsletter = services.newsletter_queue(newsletter=newsletter)
        except services.NewsletterEmpty:
            messages.error(request, _("Nobody is in this audience: there is no one to send it to."))
        else:
            messages.success(
                request,
                ngettext(
                    "Sending to %(count)s recipient.",
                    "Sending to %(count)s recipients.",
                    newsletter.recipient_count,
                )
                % {"count": newsletter.recipient_count},
            )
    return redirect("communications:staff_newsletter", pk=newsletter.pk)
