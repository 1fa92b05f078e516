"""The back-office pages of the webhooks (/staff/webhooks/)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import sealing
from core.domain_events import EVENT_TYPES
from webhooks import permissions, selectors
from webhooks.forms.endpoints import EndpointForm, MessageFilterForm
from webhooks.models import WebhookEndpoint, WebhookMessage
from webhooks.services import delivery, endpoints

MESSAGES_PER_PAGE = 25
# The secret travels from the POST that made it to the page that shows it, once, sealed
# like its copy in the endpoint's row (sessions are stored in the database too).
SECRET_SESSION_KEY = "webhooks:new-secret"


def _secret_keep(request: HttpRequest, endpoint: WebhookEndpoint, secret: str) -> None:
    request.session[SECRET_SESSION_KEY] = {"pk": endpoint.pk, "secret": sealing.seal(secret)}


def _secret_take(request: HttpRequest, endpoint: WebhookEndpoint) -> str:
    kept = request.session.get(SECRET_SESSION_KEY)
    if not kept or kept.get("pk") != endpoint.pk:
        return ""
    del request.session[SECRET_SESSION_KEY]
    try:
        return sealing.unseal(kept["secret"])
    except sealing.Unsealable:
        return ""


@permissions.staff_required
def endpoint_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "webhooks/staff/endpoint_list.html",
        {"endpoints": selectors.endpoints_list(), "event_types": EVENT_TYPES},
    )


@permissions.staff_required
def endpoint_create(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = endpoints.webhook_endpoint_create(
            url=form.cleaned_data["url"],
            purpose=form.cleaned_data["purpose"],
            event_types=form.cleaned_data["event_types"],
            created_by=request.user,
        )
        _secret_keep(request, endpoint, endpoint.secret)
        messages.success(request, _("The endpoint was created."))
        return redirect("webhooks:staff_endpoint", pk=endpoint.pk)
    return render(request, "webhooks/staff/endpoint_form.html", {"form": form, "endpoint": None})


@permissions.staff_required
def endpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    initial = {
        "url": endpoint.url,
        "purpose": endpoint.purpose,
        "event_types": endpoint.event_types,
    }
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        endpoints.webhook_endpoint_update(
            endpoint=endpoint,
            url=form.cleaned_data["url"],
            purpose=form.cleaned_data["purpose"],
            event_types=form.cleaned_data["event_types"],
        )
        messages.success(request, _("The endpoint was saved."))
        return redirect("webhooks:staff_endpoint", pk=endpoint.pk)
    return render(
        request, "webhooks/staff/endpoint_form.html", {"form": form, "endpoint": endpoint}
    )


@permissions.staff_required
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The endpoint and its delivery log, filtered by status and event."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    filter_form = MessageFilterForm(request.GET or None)
    log = selectors.endpoint_messages(endpoint=endpoint, **filter_form.filters())
    page = Paginator(log, MESSAGES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "endpoint": endpoint,
        "new_secret": _secret_take(request, endpoint),
        "filter_form": filter_form,
        "page": page,
        "event_types": EVENT_TYPES,
    }
    template = "webhooks/staff/endpoint_detail.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@permissions.staff_required
@require_POST
def endpoint_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    secret = endpoints.webhook_endpoint_secret_rotate(endpoint=endpoint)
    _secret_keep(request, endpoint, secret)
    messages.success(request, _("A new secret was made: the former one no longer signs."))
    return redirect("webhooks:staff_endpoint", pk=endpoint.pk)


@permissions.staff_required
@require_POST
def endpoint_ping(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    if not endpoint.enabled:
        messages.error(request, _("Enable the endpoint before sending it a test."))
    else:
        endpoints.webhook_endpoint_ping(endpoint=endpoint)
        messages.success(request, _("A test event is on its way: see it in the log below."))
    return redirect("webhooks:staff_endpoint", pk=endpoint.pk)


@permissions.staff_required
@require_POST
def endpoint_enable(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    endpoints.endpoint_enable(endpoint=endpoint)
    messages.success(request, _("The endpoint is enabled again."))
    return redirect("webhooks:staff_endpoint", pk=endpoint.pk)


@permissions.staff_required
@require_POST
def endpoint_disable(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    endpoints.endpoint_disable(
        endpoint=endpoint,
        reason=_("Disabled by %(name)s.") % {"name": request.user.get_full_name() or request.user},
    )
    messages.success(request, _("The endpoint is disabled: nothing more is sent to it."))
    return redirect("webhooks:staff_endpoint", pk=endpoint.pk)


@permissions.staff_required
@require_POST
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    endpoints.webhook_endpoint_delete(endpoint=endpoint)
    messages.success(request, _("The endpoint and its log were deleted."))
    return redirect("webhooks:staff_endpoints")


@permissions.staff_required
@require_POST
def message_resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(WebhookMessage, pk=pk)
    delivery.message_resend(message=message)
    messages.success(
        request,
        _("Message %(id)s is sent again, with the same id.") % {"id": message.message_id},
    )
    return redirect("webhooks:staff_endpoint", pk=message.endpoint_id)
