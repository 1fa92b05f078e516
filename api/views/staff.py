"""The back-office's pages of the open API: the tokens (list, make one, revoke one) and the
audit log of the writes made through the API."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api import permissions
from api.forms.tokens import AuditFilterForm, StaffTokenForm, TokenFilterForm
from api.selectors import tokens as selectors
from api.services import tokens as services
from core.exports import export_if_requested

PER_PAGE = 25


@permissions.staff_required
def staff_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenFilterForm(request.GET)
    tokens = selectors.token_list(
        permissions.staff_tokens_managed_by(request.user), state=form.filters()["state"]
    )
    # Two queries: the count, the page with organizations and makers.
    page = Paginator(tokens, PER_PAGE).get_page(request.GET.get("page"))
    template = "api/staff/token_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})


@permissions.staff_required
@never_cache
def staff_token_create(request: HttpRequest) -> HttpResponse:
    """The form; once the token is made, its secret on this answer only. Nothing keeps the
    secret (no message, no session, no log): leaving the page loses it for good."""
    form = StaffTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.token_create(
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(),
            created_by=request.user,
        )
        return render(
            request,
            "api/staff/token_created.html",
            {"token": issued.token, "secret": issued.secret},
        )
    return render(request, "api/staff/token_form.html", {"form": form})


@permissions.staff_required
@require_POST
def staff_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(permissions.staff_tokens_managed_by(request.user), pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens:staff_tokens")


def _audit_table(entries):
    header = [
        _("When"),
        _("Token"),
        _("Prefix"),
        _("Organization"),
        _("On behalf of"),
        _("Method"),
        _("Path"),
        _("Object"),
        _("What changed"),
        _("Answer"),
    ]
    rows = (
        [
            entry.at,
            entry.token.name,
            entry.token.prefix,
            entry.token.organization.name if entry.token.organization else "",
            entry.actor.email if entry.actor else "",
            entry.method,
            entry.path,
            entry.object_id,
            entry.change,
            entry.status,
        ]
        for entry in entries.iterator(chunk_size=500)
    )
    return header, rows


@permissions.staff_required
def staff_audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    values = form.filters()
    entries = selectors.audit_entries(
        selectors.AuditFilters(
            token=values["token"] or None,
            method=values["method"],
            since=values["since"] or None,
            until=values["until"] or None,
        )
    )
    if export := export_if_requested(
        request, filename="api-audit", table=lambda: _audit_table(entries)
    ):
        return export
    # Two queries: the count, the page with tokens, organizations and people. The filter's
    # list of tokens is a third.
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    template = "api/staff/audit_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})
