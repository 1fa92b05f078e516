"""The member space: what a member contact sees of their organizations."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core import permissions
from members.models import Affiliation, Organization
from members.services.space import space_home
from members.views.invitations import invite


def get_organization_for_manager(request: HttpRequest, slug: str) -> Organization:
    """The organization, if the user may manage it; 404 otherwise (even for staff-only)."""
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_manage_organization(request.user, organization):
        # 404 rather than 403: other members need not learn which slugs exist.
        raise Http404
    return organization


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
        {
            "affiliation": affiliation,
            "organization": affiliation.organization,
            "people": by_organization[affiliation.organization_id],
        }
        for affiliation in affiliations
    ]
    home = space_home(user=request.user, affiliations=affiliations)
    return render(request, "members/space_dashboard.html", {"cards": cards, **home})


@permissions.member_required
def space_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    return invite(request, organization, "members/space_invite.html")
