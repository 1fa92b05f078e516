"""The newsletter's subscriptions: the sign-up page, the signed links of its emails
(confirm, unsubscribe, preferences), the member space's choice and the staff address book."""

from collections.abc import Iterator

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from communications import permissions
from communications.forms import subscriptions as forms
from communications.models import Subscriber
from communications.selectors import subscriptions as selectors
from communications.services import subscriptions as services
from core.exports import export_if_requested
from core.http import client_ip

SUBSCRIBERS_PER_PAGE = 50


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "communications/public/newsletter_link_invalid.html", status=400)


# Public pages


def newsletter(request: HttpRequest) -> HttpResponse:
    initial = {"language": translation.get_language()}
    if request.method != "POST":
        # Coming from the footer's sign-up (a GET form on every page): the address typed
        # there, and the footer kept as the subscriber's source.
        initial["email"] = request.GET.get("email", "")[:254]
        if request.GET.get("origin") == Subscriber.Source.FOOTER:
            initial["origin"] = Subscriber.Source.FOOTER
    form = forms.SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not services.subscription_request_allowed(client_ip=client_ip(request)):
            form.add_error(None, services.SIGNUP_LIMIT_MESSAGE)
            return render(
                request, "communications/public/subscription_form.html", {"form": form}, status=429
            )
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
    return render(request, "communications/public/subscription_form.html", {"form": form})


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
            request,
            "communications/public/subscription_confirm_subscribe.html",
            {"email": subscriber.email},
        )
    return render(
        request,
        "communications/public/subscription_confirmed.html",
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
        return render(
            request, "communications/public/subscription_unsubscribed.html", {"email": email}
        )
    return render(
        request, "communications/public/subscription_confirm_unsubscribe.html", {"email": email}
    )


@never_cache
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = services.email_from_preferences_token(token)
    except services.InvalidLink:
        return _invalid_link(request)
    subscriber = selectors.subscriber_for_email(email)
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
        "communications/public/subscription_preferences.html",
        {
            "email": email,
            "subscriber": subscriber,
            "form": form,
            "unsubscribe_url": services.unsubscribe_url(
                email=email, language=translation.get_language()
            ),
        },
    )


# Member space


@permissions.member_required
def space_newsletter(request: HttpRequest) -> HttpResponse:
    contact = selectors.space_contact(user=request.user)
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
        "communications/space/subscription_detail.html",
        {"contact": contact, "consent": selectors.contact_newsletter_consent(contact=contact)},
    )


# Staff


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
    subscribers = selectors.subscribers_staff_list(status=filters["status"], query=filters["query"])
    if export := export_if_requested(
        request,
        filename="newsletter-subscribers",
        table=lambda: _subscribers_table(subscribers),
    ):
        return export
    page = Paginator(subscribers, SUBSCRIBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/staff/subscriber_list.html",
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
