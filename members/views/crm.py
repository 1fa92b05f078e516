"""The animators' CRM pages: an organization's 360° page and its forms, follow-ups, and
the contacts list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import export_if_requested
from core.http import safe_next
from members import panels, permissions
from members.forms_crm import (
    AnimatorForm,
    ContactFilterForm,
    InteractionForm,
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
from members.services import crm

INTERACTIONS_SHOWN = 100
CONTACTS_PER_PAGE = 50
FOLLOW_UPS_PER_PAGE = 50


def _organization_for_staff(slug: str) -> Organization:
    return get_object_or_404(
        Organization.objects.select_related("animator").prefetch_related(
            "sectors", "competences", "labels", "tags"
        ),
        slug=slug,
    )


def _affiliations(organization: Organization) -> list[Affiliation]:
    return list(
        Affiliation.objects.filter(organization=organization)
        .select_related("contact")
        .order_by("contact__last_name", "contact__first_name", "pk")
    )


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
        animators = list(crm.staff_users())
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
        crm.organization_staff_update(
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
    crm.interaction_create(organization=organization, author=request.user, **form.cleaned_data)
    messages.success(request, _("Interaction recorded."))
    return redirect("members:staff_organization", slug=organization.slug)


@permissions.staff_required
@require_POST
def staff_organization_perception(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_for_staff(slug)
    form = PerceptionForm(request.POST)
    if not form.is_valid():
        return _organization_page(request, organization, perception_form=form)
    crm.perception_set(organization=organization, assessed_by=request.user, **form.cleaned_data)
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
    animators = list(crm.staff_users())
    form = AnimatorForm(request.POST, animators=animators)
    if not form.is_valid():
        return _organization_page(request, organization, animators=animators, animator_form=form)
    crm.organizations_assign_animator(
        organizations=[organization], animator=form.cleaned_data["animator"]
    )
    messages.success(request, _("Animator in charge updated."))
    return redirect("members:staff_organization", slug=organization.slug)


@permissions.staff_required
def staff_follow_ups(request: HttpRequest) -> HttpResponse:
    """Every follow-up not done yet, by date: the overdue ones first, then what is coming."""
    mine = request.GET.get("mine") == "1"
    follow_ups = crm.follow_ups_open(user=request.user if mine else None)
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
    crm.interaction_follow_up_done(interaction=interaction)
    messages.success(request, _("Follow-up marked as done."))
    return redirect(safe_next(request, resolve_url("portal:staff_dashboard")))


@permissions.staff_required
def staff_contacts(request: HttpRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET)
    contacts = crm.contact_staff_list(**form.filters())
    if export := export_if_requested(
        request, filename="contacts", table=lambda: crm.contact_export_rows(contacts=contacts)
    ):
        return export
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "members/staff/contact_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})
