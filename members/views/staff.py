"""The animators' pages of the register."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exports import export_if_requested, export_response
from core.http import safe_next
from members import permissions
from members.forms_crm import (
    BULK_ASSIGN,
    BULK_EXPORT_CSV,
    BULK_EXPORT_XLSX,
    BULK_TAG,
    BulkActionForm,
    OrganizationFilterForm,
)
from members.models import Competence, Membership, Organization, Sector, Tag
from members.services import crm
from members.views.directory import slug_url_builder
from members.views.invitations import invite

ORGANIZATIONS_PER_PAGE = 50


def _filter_choices() -> dict:
    """The choice lists of the filter and bulk forms, fetched once per page (4 queries)."""
    return {
        "sectors": list(Sector.objects.all()),
        "competences": list(Competence.objects.all()),
        "tags": list(Tag.objects.all()),
        "animators": list(crm.staff_users()),
    }


@permissions.staff_required
def staff_organizations(request: HttpRequest) -> HttpResponse:
    """The filtered list (GET, or `?export=csv|xlsx` for all of it) and, on POST, the bulk
    actions on the rows ticked."""
    choices = _filter_choices()
    if request.method == "POST":
        return _bulk_action(request, choices)
    filter_form = OrganizationFilterForm(request.GET, **choices)
    filters = filter_form.filters()
    organizations = crm.organization_staff_list(filters=crm.OrganizationFilters(**filters))
    if export := export_if_requested(
        request,
        filename="organizations",
        table=lambda: crm.organization_export_rows(organizations=organizations),
    ):
        return export
    # The rows leave sectors and tags to the 360° page and the exports: no need to fetch them.
    page = Paginator(organizations.prefetch_related(None), ORGANIZATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    _rows_prepare(page.object_list)
    bulk_form = BulkActionForm(
        tags=choices["tags"], animators=choices["animators"], auto_id="id_bulk_%s"
    )
    context = {
        "page": page,
        "filter_form": filter_form,
        "bulk_form": bulk_form,
        # "Select all on this page" works without JavaScript: the page comes back ticked.
        "select_all": request.GET.get("select") == "page",
        # The filters panel stays open while one of them narrows the list.
        "active_filters": sum(1 for name, value in filters.items() if name != "query" and value),
    }
    template = "members/staff/organization_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _rows_prepare(organizations) -> None:
    """Give each row what its cells show as plain strings, looked up once per page: the
    choices' labels (get_FOO_display() translates every label of the field on each call)
    and URLs (one reverse() per page)."""
    lifecycles = _labels(Organization.Lifecycle.choices)
    statuses = _labels(Membership.Status.choices)
    detail_url = slug_url_builder("members:staff_organization")
    select = _("Select %(name)s")
    for organization in organizations:
        organization.lifecycle_label = lifecycles.get(
            organization.lifecycle, organization.lifecycle
        )
        organization.current_membership_label = statuses.get(
            organization.current_membership_status, ""
        )
        organization.detail_url = detail_url(organization.slug)
        # As {% blocktranslate %} does: the translation is trusted, the name is escaped.
        organization.select_label = mark_safe(select % {"name": escape(organization.name)})


def _export(organizations, export_format: str) -> HttpResponse:
    header, rows = crm.organization_export_rows(organizations=organizations)
    return export_response(
        export_format=export_format, filename="organizations", header=header, rows=rows
    )


def _back_to_list(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request, resolve_url("members:staff_organizations")))


def _bulk_action(request: HttpRequest, choices: dict) -> HttpResponse:
    form = BulkActionForm(request.POST, tags=choices["tags"], animators=choices["animators"])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_list(request)
    selected = form.cleaned_data["organizations"]
    action = form.cleaned_data["action"]
    if action in (BULK_EXPORT_CSV, BULK_EXPORT_XLSX):
        organizations = crm.organization_staff_list(filters=crm.OrganizationFilters()).filter(
            pk__in=[organization.pk for organization in selected]
        )
        return _export(organizations, "csv" if action == BULK_EXPORT_CSV else "xlsx")
    if action == BULK_TAG:
        tag_slug = form.cleaned_data["tag"]
        if tag_slug:
            tag = next(tag for tag in choices["tags"] if tag.slug == tag_slug)
        else:
            tag = crm.tag_find_or_create(name=form.cleaned_data["new_tag"])
        crm.organizations_tag(organizations=selected, tag=tag)
        messages.success(
            request,
            ngettext(
                "Tag “%(tag)s” added to %(count)d organization.",
                "Tag “%(tag)s” added to %(count)d organizations.",
                len(selected),
            )
            % {"tag": tag.name, "count": len(selected)},
        )
    elif action == BULK_ASSIGN:
        animator = form.cleaned_data["animator_user"]
        crm.organizations_assign_animator(organizations=selected, animator=animator)
        messages.success(
            request,
            ngettext(
                "%(count)d organization assigned to %(animator)s.",
                "%(count)d organizations assigned to %(animator)s.",
                len(selected),
            )
            % {"count": len(selected), "animator": animator or _("nobody")},
        )
    return _back_to_list(request)


@permissions.staff_required
def staff_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    return invite(request, organization, "members/staff/invitation_form.html")
