"""Who may do what in the network app. The generic rules come from core, the register's
from members; they are re-exported so the views import this module alone."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from core.permissions import is_animator, staff_required  # noqa: F401 (re-exported)
from members.models import Affiliation
from members.permissions import (  # noqa: F401 (re-exported)
    affiliations_of,
    can_manage_organization,
    can_view_organization_space,
    is_member_contact,
)


def can_search_network(user) -> bool:
    """The whole network's directory is a benefit of membership: member contacts and staff.
    The public directory stays our cluster's own."""
    return is_animator(user) or is_member_contact(user)


def can_change_network_consent(user, organization) -> bool:
    """Only the organization's own admins speak for it; staff see the answer and history."""
    return (
        affiliations_of(user)
        .filter(organization=organization, access=Affiliation.Access.ADMIN)
        .exists()
    )


def network_search_required(view):
    """Anonymous visitors go to login; signed-in people who are neither staff nor member
    contacts get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_search_network(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
