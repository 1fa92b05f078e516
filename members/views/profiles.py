"""Self-service pages of the member space: the organization's profile and people (for its
admins and staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import permissions
from members.forms.profiles import AffiliationAccessForm, OrganizationProfileForm
from members.models import Affiliation, Organization
from members.selectors.organizations import organization_affiliations
from members.services import profiles


def get_organization_for_manager(request: HttpRequest, slug: str) -> Organization:
    """The organization, if the user may manage it; 404 otherwise (even for staff-only)."""
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_manage_organization(request.user, organization):
        # 404 rather than 403: other members need not learn which slugs exist.
        raise Http404
    return organization


@permissions.member_required
def space_profile_home(request: HttpRequest) -> HttpResponse:
    """The "Profile" link of the menu: straight to the profile when the person runs one
    organization, to the dashboard (which links each profile) otherwise."""
    administered = list(
        permissions.affiliations_of(request.user)
        .filter(access=Affiliation.Access.ADMIN)
        .values_list("organization__slug", flat=True)[:2]
    )
    if len(administered) == 1:
        return redirect("members:space_profile", slug=administered[0])
    return redirect("portal:space_dashboard")


@login_required
def space_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    form = OrganizationProfileForm(
        request.POST or None, request.FILES or None, organization=organization
    )
    if request.method == "POST" and form.is_valid():
        profiles.organization_profile_update(
            organization=organization,
            data=form.cleaned_data,
            logo=form.cleaned_data["logo"],
            updated_by=request.user,
        )
        messages.success(request, _("The profile is saved."))
        return redirect("members:space_profile", slug=organization.slug)
    return render(
        request, "members/space/profile_form.html", {"organization": organization, "form": form}
    )


def _contacts_page(request: HttpRequest, organization: Organization) -> HttpResponse:
    affiliations = organization_affiliations(organization=organization)
    return render(
        request,
        "members/space/contact_list.html",
        {
            "organization": organization,
            "affiliations": affiliations,
            "access_choices": Affiliation.Access.choices,
        },
    )


@login_required
def space_contacts(request: HttpRequest, slug: str) -> HttpResponse:
    return _contacts_page(request, get_organization_for_manager(request, slug))


def _affiliation_of(organization: Organization, pk: int) -> Affiliation:
    return get_object_or_404(
        Affiliation.objects.select_related("contact", "organization"),
        organization=organization,
        pk=pk,
    )


@login_required
@require_POST
def space_contact_access(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    affiliation = _affiliation_of(organization, pk)
    form = AffiliationAccessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a portal role."))
    else:
        try:
            profiles.affiliation_access_set(
                affiliation=affiliation,
                access=form.cleaned_data["access"],
                changed_by=request.user,
            )
        except profiles.LastAdminError:
            messages.error(
                request,
                _("%(name)s is the organization's only admin: make someone else admin first.")
                % {"name": affiliation.contact.full_name},
            )
        else:
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {
                    "name": affiliation.contact.full_name,
                    "role": affiliation.get_access_display(),
                },
            )
    return redirect("members:space_contacts", slug=organization.slug)


@login_required
def space_contact_detach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    affiliation = _affiliation_of(organization, pk)
    if request.method == "POST":
        try:
            profiles.affiliation_detach(affiliation=affiliation, detached_by=request.user)
        except profiles.LastAdminError:
            messages.error(
                request,
                _("%(name)s is the organization's only admin and cannot be detached.")
                % {"name": affiliation.contact.full_name},
            )
            return redirect("members:space_contacts", slug=organization.slug)
        messages.success(
            request,
            _("%(name)s no longer belongs to %(organization)s.")
            % {"name": affiliation.contact.full_name, "organization": organization.name},
        )
        if affiliation.contact.user_id == request.user.pk and not permissions.is_animator(
            request.user
        ):
            # Detaching oneself ends one's access to this organization's pages.
            still_member = permissions.is_member_contact(request.user)
            return redirect("portal:space_dashboard" if still_member else "portal:home")
        return redirect("members:space_contacts", slug=organization.slug)
    return render(
        request,
        "members/space/contact_confirm_detach.html",
        {
            "organization": organization,
            "affiliation": affiliation,
            "is_self": affiliation.contact.user_id == request.user.pk,
        },
    )
