"""Who may see what of the reports: the rules of core and members, re-exported so the
reports' views import one rulebook, and the rules of the reports' own objects."""

from core.permissions import (  # noqa: F401 (re-exported)
    is_animator,
    owes_second_factor,
    second_factor_setup_redirect,
    staff_required,
)
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
