"""Who may see what of the reports: the rules of core and members, re-exported so the
reports' views import one rulebook, and the rules of the reports' own objects."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from core.permissions import (  # noqa: F401 (re-exported)
    is_animator,
    owes_second_factor,
    second_factor_setup_redirect,
    staff_required,
)
from members.models import WorkingGroupMember
from members.permissions import (  # noqa: F401 (re-exported)
    affiliations_of,
    can_view_group,
    is_member_contact,
    member_required,
)


def can_read_report(user, report) -> bool:
    """A published report: staff; a cluster report, every member contact; a working-group
    synthesis, the group's accepted members (as its page and documents)."""
    if is_animator(user):
        return True
    if report.is_synthesis:
        return can_view_group(user, report.working_group)
    return is_member_contact(user)


def statement_readable_by(user, organization) -> bool:
    """An organization's annual statements: staff, and the organization's own people,
    admins and plain contacts alike. Nobody else learns they exist."""
    if is_animator(user):
        return True
    return affiliations_of(user).filter(organization=organization).exists()


def signed_in_required(view):
    """Pages of an object whose own rule decides who reads it (an annual statement): anonymous
    visitors go to login; staff who still owe their second factor set it up first (until
    then they hold no staff power, and would only meet a 404)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if owes_second_factor(request.user):
            return second_factor_setup_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def syntheses_groups_of(user):
    """The working groups whose syntheses the user reads in the member space: those they are
    an accepted member of, while affiliated to an organization (can_view_group's rule, for
    every group at once)."""
    if not user.is_authenticated or not user.is_active:
        return WorkingGroupMember.objects.none().values("group_id")
    return WorkingGroupMember.objects.filter(
        contact__user=user,
        status=WorkingGroupMember.Status.ACCEPTED,
        contact__affiliations__isnull=False,
    ).values("group_id")
