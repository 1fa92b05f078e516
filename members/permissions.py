"""Who may do what with organizations, member contacts and working groups.

The members app's rulebook: its views import this module alone. The generic rules come
from core.permissions and are re-exported here; a *member contact* is a user whose Contact
is affiliated to an organization, as its admin or as a plain contact.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from core.permissions import (  # noqa: F401 (re-exported: one rulebook per app)
    can_use_django_admin,
    is_animator,
    owes_second_factor,
    second_factor_setup_redirect,
    staff_required,
)
from members.models import Affiliation, WorkingGroupDocument, WorkingGroupMember


def affiliations_of(user):
    """The user's affiliations, with their organizations, as a queryset (empty for anonymous)."""
    if not user.is_authenticated or not user.is_active:
        return Affiliation.objects.none()
    return Affiliation.objects.filter(contact__user=user).select_related("organization")


def is_member_contact(user) -> bool:
    return affiliations_of(user).exists()


def can_view_organization_space(user, organization) -> bool:
    return is_animator(user) or affiliations_of(user).filter(organization=organization).exists()


def can_manage_organization(user, organization) -> bool:
    """Edit the organization and invite its people: staff, or the organization's admins."""
    if is_animator(user):
        return True
    return (
        affiliations_of(user)
        .filter(organization=organization, access=Affiliation.Access.ADMIN)
        .exists()
    )


def group_membership_of(user, group):
    """The user's accepted membership of the working group, or None.

    Someone detached from every organization has left the cluster: their group
    memberships no longer open anything.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        WorkingGroupMember.objects.filter(
            group=group, contact__user=user, status=WorkingGroupMember.Status.ACCEPTED
        )
        .filter(contact__affiliations__isnull=False)
        .first()
    )


def group_documents_readable_by(user):
    """The working-group documents the user may open from the member space: those of the
    groups they are an accepted member of (what can_view_group allows, for every group at
    once). Staff read them from the back-office, so they are not listed here."""
    if not user.is_authenticated or not user.is_active:
        return WorkingGroupDocument.objects.none()
    groups = WorkingGroupMember.objects.filter(
        contact__user=user,
        status=WorkingGroupMember.Status.ACCEPTED,
        contact__affiliations__isnull=False,
    ).values("group_id")
    return WorkingGroupDocument.objects.filter(group_id__in=groups)


def can_view_group(user, group, membership=None) -> bool:
    """See a working group's page, members and documents: staff and accepted members.
    Pass `membership` (from `group_membership_of`) to save the query."""
    if is_animator(user):
        return True
    membership = membership or group_membership_of(user, group)
    return membership is not None


def can_manage_group(user, group, membership=None) -> bool:
    """Accept or decline requests to join: staff and the group's accepted leads."""
    if is_animator(user):
        return True
    membership = membership or group_membership_of(user, group)
    return membership is not None and membership.role == WorkingGroupMember.Role.LEAD


def member_required(view):
    """Member contacts only: anonymous visitors go to login, other users get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member_contact(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
