"""The animators' pages of organizations: the filtered list and its bulk actions, the 360°
page and its forms, follow-ups, and the contacts list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.exports import export_if_requested, export_response
from core.http import safe_next
from members import panels, permissions
from members.forms.organizations import (
    BULK_ASSIGN,
    BULK_EXPORT_CSV,
    BULK_EXPORT_XLSX,
    BULK_TAG,
    AnimatorForm,
    BulkActionForm,
    ContactFilterForm,
    InteractionForm,
    OrganizationFilterForm,
    OrganizationStaffForm,
    PerceptionForm,
    perception_choice,
)
from members.models import (
    Affiliation,
    Interaction,
    Membership,
    Organization,
    PerceptionAssessment,
    WorkingGroupMember,
)
from members.selectors import organizations as organization_selectors
from members.services import organizations as organization_services
from members.views.directory import slug_url_builder

ORGANIZATIONS_PER_PAGE = 50
INTERACTIONS_SHOWN = 100
CONTACTS_PER_PAGE = 50
FOLLOW_UPS_PER_PAGE = 50


@permissions.staff_required
def staff_organizations(request: HttpRequest) -> HttpResponse:
    """The filtered list (GET, or `?export=csv|xlsx` for all of it) and, on POST, the bulk
    actions on the rows ticked."""
    choices = organization_selectors.organization_filter_choices()
    if request.method == "POST":
        return _bulk_action(request, choices)
    filter_form = OrganizationFilterForm(request.GET, **choices)
    filters = filter_form.filters()
    organizations = organization_selectors.organization_staff_list(
        filters=organization_selectors.OrganizationFilters(**filters)
    )
    if export := export_if_requested(
        request,
        filename="organizations",
        table=lambda: organization_selectors.organization_export_rows(organizations=organizations),
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
    header, rows = organization_selectors.organization_export_rows(organizations=organizations)
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
        organizations = organization_selectors.organization_staff_list(
            filters=organization_selectors.OrganizationFilters()
        ).filter(pk__in=[organization.pk for organization in selected])
        return _export(organizations, "csv" if action == BULK_EXPORT_CSV else "xlsx")
    if action == BULK_TAG:
        tag_slug = form.cleaned_data["tag"]
        if tag_slug:
            tag = next(tag for tag in choices["tags"] if tag.slug == tag_slug)
        else:
            tag = organization_services.tag_find_or_create(name=form.cleaned_data["new_tag"])
        organization_services.organizations_tag(organizations=selected, tag=tag)
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
        organization_services.organizations_assign_animator(
            organizations=selected, animator=animator
        )
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


def _organization_for_staff(slug: str) -> Organization:
    return get_object_or_404(
        Organization.objects.select_related("animator").prefetch_related(
            "sectors", "competences", "labels", "tags"
        ),
        slug=slug,
    )


def _affiliations(organization: Organization) -> list[Affiliation]:
    return list(organization_selectors.organization_affiliations(organization=organization))


def _organization_page(
    request: HttpRequest,
    organization: Organization,
    *,
    affiliations: list[Affiliation] | None = None,
    animators: list | None = None,
    interaction_form: InteractionForm | None = None,
    perception_form: PerceptionForm | None = None,
    animator_form: AnimatorForm | None = None,
) -> HttpResponse:
    """The 360° page, with any form that came back with errors in place of a blank one."""
    if affiliations is None:
        affiliations = _affiliations(organization)
    if animators is None:
        animators = list(organization_selectors.staff_users())
    perceptions = list(
        PerceptionAssessment.objects.filter(organization=organization).select_related("assessed_by")
    )
    if perception_form is None:
        latest = perceptions[0] if perceptions else None
        perception_form = PerceptionForm(
            initial={
                "credible": perception_choice(latest.credible if latest else None),
                "interesting": perception_choice(latest.interesting if latest else None),
            }
        )
    interactions = list(
        Interaction.objects.filter(organization=organization)
        .select_related("author")
        .prefetch_related("contacts")[:INTERACTIONS_SHOWN]
    )
    memberships = list(
        Membership.objects.filter(organization=organization).select_related("category")
    )
    context = {
        "organization": organization,
        "affiliations": affiliations,
        "memberships": memberships,
        "certificate_membership": next(
            (membership for membership in memberships if membership.is_certifiable()), None
        ),
        "interactions": interactions,
        "interactions_truncated": len(interactions) == INTERACTIONS_SHOWN,
        "group_memberships": list(
            WorkingGroupMember.objects.filter(
                contact__affiliations__organization=organization,
                status=WorkingGroupMember.Status.ACCEPTED,
            )
            .select_related("group", "contact")
            .order_by("group__name_fr", "contact__last_name")
        ),
        "perceptions": perceptions,
        # Event attendance, survey answers...: the apps above members add their sections.
        "panels": panels.organization_page.build(organization=organization),
        "interaction_form": interaction_form or InteractionForm(affiliations=affiliations),
        "perception_form": perception_form,
        "animator_form": animator_form
        or AnimatorForm(
            animators=animators,
            initial={"animator": organization.animator_id and str(organization.animator_id)},
        ),
    }
    return render(request, "members/staff/organization_detail.html", context)


@permissions.staff_required
def staff_organization(request: HttpRequest, slug: str) -> HttpResponse:
    return _organization_page(request, _organization_for_staff(slug))


@permissions.staff_required
def staff_organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_for_staff(slug)
    form = OrganizationStaffForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        organization_services.organization_staff_update(
            organization=organization, data=form.cleaned_data, updated_by=request.user
        )
        messages.success(request, _("The organization is saved."))
        return redirect("members:staff_organization", slug=organization.slug)
    return render(
        request,
        "members/staff/organization_form.html",
        {"organization": organization, "form": form},
    )


@permissions.staff_required
@require_POST
def staff_organization_interaction_add(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_for_staff(slug)
    affiliations = _affiliations(organization)
    form = InteractionForm(request.POST, affiliations=affiliations)
    if not form.is_valid():
        return _organization_page(
            request, organization, affiliations=affiliations, interaction_form=form
        )
    organization_services.interaction_create(
        organization=organization, author=request.user, **form.cleaned_data
    )
    messages.success(request, _("Interaction recorded."))
    return redirect("members:staff_organization", slug=organization.slug)


@permissions.staff_required
@require_POST
def staff_organization_perception(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_for_staff(slug)
    form = PerceptionForm(request.POST)
    if not form.is_valid():
        return _organization_page(request, organization, perception_form=form)
    organization_services.perception_set(
        organization=organization, assessed_by=request.user, **form.cleaned_data
    )
    messages.success(
        request,
        _("Perception segment set to “%(segment)s”.")
        % {"segment": organization.get_segment_display()},
    )
    return redirect("members:staff_organization", slug=organization.slug)


@permissions.staff_required
@require_POST
def staff_organization_animator(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_for_staff(slug)
    animators = list(organization_selectors.staff_users())
    form = AnimatorForm(request.POST, animators=animators)
    if not form.is_valid():
        return _organization_page(request, organization, animators=animators, animator_form=form)
    organization_services.organizations_assign_animator(
        organizations=[organization], animator=form.cleaned_data["animator"]
    )
    messages.success(request, _("Animator in charge updated."))
    return redirect("members:staff_organization", slug=organization.slug)


@permissions.staff_required
def staff_follow_ups(request: HttpRequest) -> HttpResponse:
    """Every follow-up not done yet, by date: the overdue ones first, then what is coming."""
    mine = request.GET.get("mine") == "1"
    follow_ups = organization_selectors.follow_ups_open(user=request.user if mine else None)
    page = Paginator(follow_ups, FOLLOW_UPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/staff/follow_up_list.html",
        {"page": page, "mine": mine, "today": timezone.localdate()},
    )


@permissions.staff_required
@require_POST
def staff_interaction_done(request: HttpRequest, pk: int) -> HttpResponse:
    interaction = get_object_or_404(Interaction, pk=pk)
    organization_services.interaction_follow_up_done(interaction=interaction)
    messages.success(request, _("Follow-up marked as done."))
    return redirect(safe_next(request, resolve_url("portal:staff_dashboard")))


@permissions.staff_required
def staff_contacts(request: HttpRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET)
    contacts = organization_selectors.contact_staff_list(**form.filters())
    if export := export_if_requested(
        request,
        filename="contacts",
        table=lambda: organization_selectors.contact_export_rows(contacts=contacts),
    ):
        return export
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "members/staff/contact_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})
