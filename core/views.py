import sys
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from core import animators, email, permissions
from core.forms import AnimatorPreferencesForm
from core.models import SentEmail


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, run in the language of the page the visitor comes from.

    /i18n/setlang/ has no language prefix, so Django would activate the browser's language
    and then fail to resolve a `next` such as /fr/faq/ under /en/, keeping the old language.
    """
    next_path = urlsplit(request.POST.get("next", "")).path
    with translation.override(translation.get_language_from_path(next_path)):
        return i18n.set_language(request)


@permissions.staff_required
def staff_notifications(request: HttpRequest) -> HttpResponse:
    """The animator's choice of the arrivals they are emailed about."""
    preferences = animators.animator_preferences(user=request.user)
    # Not `request.POST or None`: unticking both boxes posts nothing, and must save.
    form = AnimatorPreferencesForm(
        request.POST if request.method == "POST" else None, instance=preferences
    )
    if request.method == "POST" and form.is_valid():
        animators.animator_preferences_set(
            user=request.user,
            email_new_applications=form.cleaned_data["email_new_applications"],
            email_guest_registrations=form.cleaned_data["email_guest_registrations"],
        )
        messages.success(request, _("Your choice is recorded."))
        return redirect("portal:staff_dashboard")
    return render(request, "core/staff_notifications.html", {"form": form})


FAILING_EMAILS_PER_PAGE = 50


@permissions.staff_required
def staff_emails(request: HttpRequest) -> HttpResponse:
    """The emails the mail server has not taken: still retried, or given up."""
    page = Paginator(email.emails_failing(), FAILING_EMAILS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "core/staff_emails.html", {"page": page})


@permissions.staff_required
@require_POST
def staff_email_retry(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SentEmail, pk=pk)
    if email.email_retry(email=record):
        messages.success(request, _("The email to %(to)s is being sent again.") % {"to": record.to})
    else:
        messages.error(request, _("This email can no longer be sent again."))
    return redirect("core:staff_emails")


@permissions.staff_required
@require_POST
def staff_email_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SentEmail, pk=pk)
    if email.email_cancel(email=record):
        messages.success(request, _("The email to %(to)s will not be sent.") % {"to": record.to})
    else:
        messages.error(request, _("This email was sent meanwhile, or is being sent."))
    return redirect("core:staff_emails")


# Back-office, member space, login pages and admin: nothing there for a search engine. The
# i18n prefix is spelled out because not every crawler understands wildcards in paths.
ROBOTS_PRIVATE_PATHS = ("staff/", "space/", "accounts/")


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/"]
    for language, _name in settings.LANGUAGES:
        lines += [f"Disallow: /{language}/{path}" for path in ROBOTS_PRIVATE_PATHS]
    # Absolute, as the protocol requires: the sitemap index of every public page.
    lines += ["", f"Sitemap: {settings.SITE_URL}/sitemap.xml"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 503 when the database is down, "degraded" when
    only Redis is."""
    checks = {"database": "ok", "redis": "disabled"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        checks["database"] = "unreachable"
    if settings.REDIS_URL:
        try:
            redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
            ).ping()
            checks["redis"] = "ok"
        except redis.RedisError:
            checks["redis"] = "unreachable"
    # Without Redis the portal still serves (the cache falls back to process memory), so it
    # stays in the load balancer, reported as degraded; without the database it cannot.
    if checks["database"] == "unreachable":
        status, code = "error", 503
    elif checks["redis"] == "unreachable":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


# Seconds a client is asked to wait when the database is unreachable: PostgreSQL restarts in
# about two, and the persistent connections reconnect on the next request.
DATABASE_RETRY_AFTER = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler. An unreachable database is an outage, not a bug: answer 503 with
    Retry-After, as /healthz does. Neither page touches the database or a context processor.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
