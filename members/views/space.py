"""The member space: what a member contact sees of their organizations."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from members import permissions
from members.models import Organization
from members.views.invitations import invite


def get_organization_for_manager(request: HttpRequest, slug: str) -> Organization:
    """The organization, if the user may manage it; 404 otherwise (even for staff-only)."""
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_manage_organization(request.user, organization):
        # 404 rather than 403: other members need not learn which slugs exist.
        raise Http404
    return organization


@permissions.member_required
def space_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    return invite(request, organization, "members/space/invitation_form.html")
