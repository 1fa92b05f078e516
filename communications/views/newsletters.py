import base64
from collections.abc import Iterator

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace, csp_update
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from communications import forms_newsletters as forms
from communications import permissions
from communications.models import Delivery, Newsletter, Subscriber
from communications.services import audiences
from communications.services import newsletter_sending as sending
from communications.services import newsletters as services
from core.exports import export_if_requested
from core.forms import StatusFilterForm
from core.http import client_ip
from core.outbox import task_enqueue
from core.search import search_filter

NEWSLETTERS_PER_PAGE = 20
SUBSCRIBERS_PER_PAGE = 50
# A 1×1 transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
_LANGUAGES = dict(settings.LANGUAGES)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "communications/newsletter_link_invalid.html", status=400)


# Public pages


def newsletter(request: HttpRequest) -> HttpResponse:
    form = forms.SubscribeForm(
        request.POST or None, initial={"language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        if not services.subscription_request_allowed(client_ip=client_ip(request)):
            form.add_error(None, services.SIGNUP_LIMIT_MESSAGE)
            return render(request, "communications/newsletter.html", {"form": form}, status=429)
        services.subscription_request(
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            language=form.cleaned_data["language"],
            source=form.cleaned_data["origin"],
            consent_text_version=services.CONSENT_TEXT_VERSION,
        )
        # The same answer whatever the address's state: the form tells nobody who subscribes.
        messages.success(
            request,
            _("Almost done: open the link we just emailed you to confirm your subscription."),
        )
        return redirect("communications:newsletter")
    return render(request, "communications/newsletter.html", {"form": form})


# A GET only shows a button: mail scanners and link previews open every link of an email,
# and must not subscribe anyone. The POST (with its CSRF token) confirms.
@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            subscriber = services.subscription_confirm(token=token)
        else:
            subscriber = services.subscription_confirmation_subscriber(token=token)
    except services.InvalidLink:
        return _invalid_link(request)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return render(
            request, "communications/newsletter_confirm.html", {"email": subscriber.email}
        )
    return render(
        request,
        "communications/newsletter_confirmed.html",
        {
            "preferences_url": services.preferences_url(
                email=subscriber.email, language=translation.get_language()
            )
        },
    )


# RFC 8058: mail clients POST here without cookies or a CSRF token (one-click unsubscribe).
# Nothing but the signed address decides what happens, so the exemption opens nothing.
@csrf_exempt
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = services.email_from_unsubscribe_token(token)
    except services.InvalidLink:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscription_cancel(email=email)
        return render(request, "communications/newsletter_unsubscribed.html", {"email": email})
    return render(request, "communications/newsletter_unsubscribe.html", {"email": email})


@never_cache
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = services.email_from_preferences_token(token)
    except services.InvalidLink:
        return _invalid_link(request)
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    form = forms.PreferencesForm(
        request.POST or None,
        initial={"language": subscriber.language if subscriber else translation.get_language()},
    )
    if request.method == "POST":
        if request.POST.get("action") == "subscribe":
            if not services.subscription_request_allowed(client_ip=client_ip(request)):
                messages.error(request, services.SIGNUP_LIMIT_MESSAGE)
                return redirect(request.path)
            services.subscription_request(
                email=email,
                language=translation.get_language(),
                source=Subscriber.Source.SIGNUP_PAGE,
                consent_text_version=services.CONSENT_TEXT_VERSION,
            )
            messages.success(request, _("Open the link we just emailed you to come back."))
            return redirect(request.path)
        if form.is_valid() and subscriber is not None:
            services.subscription_language_set(email=email, language=form.cleaned_data["language"])
            messages.success(request, _("Your preferences are saved."))
            return redirect(request.path)
    return render(
        request,
        "communications/newsletter_preferences.html",
        {
            "email": email,
            "subscriber": subscriber,
            "form": form,
            "unsubscribe_url": services.unsubscribe_url(
                email=email, language=translation.get_language()
            ),
        },
    )


def archive(request: HttpRequest) -> HttpResponse:
    # Two queries: the count for the paginator, the page.
    sent = Newsletter.objects.filter(status=Newsletter.Status.SENT).order_by("-sent_at", "-pk")
    page = Paginator(
        sent.only("subject_fr", "subject_en", "slug", "sent_at"), NEWSLETTERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "communications/newsletter_archive.html", {"page": page})


def web_version(request: HttpRequest, slug: str) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, slug=slug, status=Newsletter.Status.SENT)
    context = sending.newsletter_context(
        newsletter=newsletter, blocks=sending.newsletter_blocks(newsletter=newsletter)
    )
    return render(request, "communications/newsletter_web.html", context)


@never_cache
def track_open(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sending.delivery_open_record(token=token)
    except services.InvalidLink:
        raise Http404 from None
    return HttpResponse(PIXEL, content_type="image/gif")


@never_cache
def track_click(request: HttpRequest, token: str) -> HttpResponse:
    try:
        url = sending.delivery_click_record(token=token, url=request.GET.get("u", ""))
    except services.InvalidLink:
        return _invalid_link(request)
    return HttpResponseRedirect(url)


# Member space


@permissions.member_required
def space_newsletter(request: HttpRequest) -> HttpResponse:
    from members.models import Contact

    contact = Contact.objects.filter(user=request.user).first()
    if contact is None or not contact.email:
        raise Http404
    if request.method == "POST":
        form = forms.SpaceNewsletterForm(request.POST)
        if form.is_valid():
            services.subscription_member_set(
                contact=contact, subscribed=form.cleaned_data["subscribed"]
            )
            messages.success(request, _("Your choice is recorded."))
        return redirect("communications:space_newsletter")
    return render(
        request,
        "communications/newsletter_space.html",
        {"contact": contact, "consent": services.contact_newsletter_consent(contact=contact)},
    )


# Staff


@permissions.staff_required
def staff_newsletters(request: HttpRequest) -> HttpResponse:
    filter_form = StatusFilterForm(request.GET, choices=Newsletter.Status.choices)
    status = filter_form.filters()["status"]
    newsletters = Newsletter.objects.order_by("-created_at", "-pk")
    if status:
        newsletters = newsletters.filter(status=status)
    newsletters = newsletters.annotate(
        sent_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )
    if export := export_if_requested(
        request, filename="newsletters", table=lambda: _newsletters_table(newsletters)
    ):
        return export
    # Two queries: the count for the paginator, the page with its sent counts.
    page = Paginator(newsletters, NEWSLETTERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/newsletter_staff_list.html",
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
            newsletter = sending.newsletter_save(
                newsletter=newsletter, data=form.cleaned_data, user=request.user
            )
        except sending.NewsletterLocked:
            messages.error(request, _("A newsletter that was sent cannot be changed."))
        else:
            messages.success(request, _("The newsletter is saved."))
        return redirect("communications:staff_newsletter", pk=newsletter.pk)
    return render(
        request,
        "communications/newsletter_staff_form.html",
        {"form": form, "newsletter": newsletter},
    )


@permissions.staff_required
def staff_newsletter(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, pk=pk)
    progress = sending.newsletter_progress(newsletter=newsletter)
    context = {"newsletter": newsletter, "progress": progress}
    if request.htmx:
        return render(request, "communications/newsletter_staff_detail.html#progress", context)
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
    return render(request, "communications/newsletter_staff_detail.html", context)


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
    return HttpResponse(sending.newsletter_email_html(newsletter=newsletter, language=language))


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
        sending.newsletter_unschedule(newsletter=newsletter)
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
            "communications/newsletter_staff_send_confirm.html",
            {
                "newsletter": newsletter,
                "recipient_count": recipient_count,
                "scheduled_at": form.cleaned_data["scheduled_at"],
                "scheduled_at_value": request.POST.get("scheduled_at", ""),
                "count_changed": bool(confirmed_count),
            },
        )
    if form.cleaned_data["scheduled_at"]:
        sending.newsletter_schedule(newsletter=newsletter, at=form.cleaned_data["scheduled_at"])
        messages.success(request, _("The newsletter will be sent at the chosen time."))
    else:
        try:
            newsletter = sending.newsletter_queue(newsletter=newsletter)
        except sending.NewsletterEmpty:
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


@permissions.staff_required
def staff_subscribers(request: HttpRequest) -> HttpResponse:
    bounce_form = forms.BounceForm(request.POST or None)
    if request.method == "POST" and bounce_form.is_valid():
        services.subscriber_bounce(
            email=bounce_form.cleaned_data["email"], reason=bounce_form.cleaned_data["reason"]
        )
        messages.success(request, _("The address will not be written to again."))
        return redirect("communications:staff_newsletter_subscribers")
    filter_form = forms.SubscriberFilterForm(request.GET)
    filters = filter_form.filters()
    subscribers = Subscriber.objects.order_by("email")
    if filters["status"]:
        subscribers = subscribers.filter(status=filters["status"])
    if query := filters["query"]:
        subscribers = subscribers.filter(
            search_filter(query, ["email", "first_name", "last_name", "organization_name"])
        )
    if export := export_if_requested(
        request,
        filename="newsletter-subscribers",
        table=lambda: _subscribers_table(subscribers),
    ):
        return export
    page = Paginator(subscribers, SUBSCRIBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/newsletter_staff_subscribers.html",
        {
            "page": page,
            "filter_form": filter_form,
            "bounce_form": bounce_form,
        },
    )


def _subscribers_table(subscribers) -> tuple[list[str], Iterator[list]]:
    header = [
        _("Email"),
        _("First name"),
        _("Last name"),
        _("Organization"),
        _("Language"),
        _("Status"),
        _("Source"),
        pgettext("date", "Created"),
        pgettext("date", "Confirmed"),
    ]
    rows = (
        [
            subscriber.email,
            subscriber.first_name,
            subscriber.last_name,
            subscriber.organization_name,
            subscriber.language,
            subscriber.get_status_display(),
            subscriber.get_source_display(),
            subscriber.created_at.date().isoformat(),
            subscriber.confirmed_at.date().isoformat() if subscriber.confirmed_at else "",
        ]
        for subscriber in subscribers.iterator()
    )
    return header, rows
