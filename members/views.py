from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core import permissions
from members import services
from members.forms import InvitationAcceptForm, InvitationForm
from members.models import Affiliation, Invitation, Organization

ORGANIZATIONS_PER_PAGE = 50


def _get_organization_for_manager(request: HttpRequest, slug: str) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_manage_organization(request.user, organization):
        # 404 rather than 403: other members need not learn which slugs exist.
        raise Http404
    return organization


def _invite(request: HttpRequest, organization: Organization, template: str, done_url: str):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organization=organization, invited_by=request.user, **form.cleaned_data
            )
        except services.InvitationError:
            form.add_error("email", _("This person already has access to this organization."))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect(done_url)
    pending = Invitation.objects.pending().filter(organization=organization)
    return render(
        request, template, {"organization": organization, "form": form, "pending": pending}
    )


@permissions.member_required
def space_dashboard(request: HttpRequest) -> HttpResponse:
    affiliations = list(permissions.affiliations_of(request.user).order_by("organization__name"))
    # One query for every colleague of every organization shown, not one per organization.
    colleagues = (
        Affiliation.objects.filter(organization__in=[a.organization_id for a in affiliations])
        .select_related("contact")
        .order_by("contact__last_name", "contact__first_name")
    )
    by_organization: dict[int, list] = {}
    for colleague in colleagues:
        by_organization.setdefault(colleague.organization_id, []).append(colleague)
    cards = [
        {"affiliation": a, "organization": a.organization, "people": by_organization[a.organization_id]}
        for a in affiliations
    ]
    return render(request, "members/space_dashboard.html", {"cards": cards})


@permissions.member_required
def space_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _get_organization_for_manager(request, slug)
    return _invite(request, organization, "members/space_invite.html", request.path)


@permissions.staff_required
def staff_organizations(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    organizations = (
        Organization.objects.search(query).annotate_contact_count().order_by("name", "pk")
    )
    page = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    template = "members/staff_organizations.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "query": query})


@permissions.staff_required
def staff_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    return _invite(request, organization, "members/staff_invite.html", request.path)


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_find(token=token)
    if invitation is None:
        return render(request, "members/invitation_invalid.html", status=410)
    if services.invitation_has_login(invitation=invitation):
        return _invitation_accept_existing_login(request, invitation)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.invitation_accept(
            invitation=invitation, password=form.cleaned_data["password1"]
        )
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome! Your password is set."))
        return redirect("members:space_dashboard")
    return render(
        request, "members/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _invitation_accept_existing_login(request: HttpRequest, invitation: Invitation):
    """The address already has a login: its owner signs in, then accepts; no new password."""
    is_owner = (
        request.user.is_authenticated and request.user.email.lower() == invitation.email
    )
    if request.method == "POST" and is_owner:
        services.invitation_accept(invitation=invitation, password=None)
        messages.success(
            request,
            _("You now have access to %(organization)s.")
            % {"organization": invitation.organization.name},
        )
        return redirect("members:space_dashboard")
    return render(
        request,
        "members/invitation_accept.html",
        {"invitation": invitation, "form": None, "is_owner": is_owner},
    )
