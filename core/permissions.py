"""Who may do what. Every view asks these functions; nothing else decides access.

Roles: an *animator* is a staff user (`is_staff`); a *member contact* is a user whose
Contact is affiliated to an organization, as its admin or as a plain contact; superusers
alone reach the Django admin.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def is_animator(user) -> bool:
    """Whether this session holds the animators' powers.

    Every staff power in the project is decided through here, so a session that still owes
    its second factor (see `owes_second_factor`) has none of them anywhere: not in the
    back-office, not on members' pages staff may act on, not in previews of drafts.
    """
    return bool(
        user.is_authenticated and user.is_active and user.is_staff
    ) and not owes_second_factor(user)


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def owes_second_factor(user) -> bool:
    """Staff and superusers must set up TOTP before they hold any power, when the setting
    asks for it. A login of a user who has TOTP always passed it (allauth asks for the code
    before the session exists), so the user's account answers for the session.

    Asked by several predicates per request: the answer is kept on the user object, which
    lives as long as the request.
    """
    if not (user.is_authenticated and (user.is_staff or user.is_superuser)):
        return False
    if not settings.STAFF_REQUIRE_MFA:
        return False
    cached = getattr(user, "_owes_second_factor", None)
    if cached is None:
        cached = user._owes_second_factor = not has_second_factor(user)
    return cached


def can_use_django_admin(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_superuser
        and not owes_second_factor(user)
    )


def affiliations_of(user):
    """The user's affiliations, with their organizations, as a queryset (empty for anonymous)."""
    from members.models import Affiliation

    if not user.is_authenticated or not user.is_active:
        return Affiliation.objects.none()
    return Affiliation.objects.filter(contact__user=user).select_related("organization")


def is_member_contact(user) -> bool:
    return affiliations_of(user).exists()


def can_view_organization_space(user, organization) -> bool:
    return is_animator(user) or affiliations_of(user).filter(organization=organization).exists()


def can_manage_organization(user, organization) -> bool:
    """Edit the organization and invite its people: staff, or the organization's admins."""
    from members.models import Affiliation

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
    from members.models import WorkingGroupMember

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
    from members.models import WorkingGroupDocument, WorkingGroupMember

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
    from members.models import WorkingGroupMember

    if is_animator(user):
        return True
    membership = membership or group_membership_of(user, group)
    return membership is not None and membership.role == WorkingGroupMember.Role.LEAD


def staff_required(view):
    """Animators only: anonymous visitors go to login, staff who still owe their second
    factor are sent to set it up, everyone else gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if owes_second_factor(user):
            return second_factor_setup_redirect(request)
        if not is_animator(user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def second_factor_setup_redirect(request):
    messages.warning(request, _("Set up two-factor authentication before using the back-office."))
    return redirect("mfa_activate_totp")


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


# Events


def event_visibility(user):
    """The events `user` may see, as a filter on Event (no query of its own).

    Public events: everyone. Members-only and partner clusters' events: member contacts.
    A working group's events: the group's accepted members. Staff see everything.
    """
    from django.db.models import Exists, OuterRef, Q

    from events.models import Event
    from members.models import Affiliation, WorkingGroupMember

    public = Q(audience=Event.Audience.PUBLIC, partner_calendar__isnull=True)
    if is_animator(user):
        return Q()
    if not user.is_authenticated or not user.is_active:
        return public
    is_member = Exists(Affiliation.objects.filter(contact__user=user))
    in_group = Exists(
        WorkingGroupMember.objects.filter(
            group=OuterRef("working_group"),
            contact__user=user,
            contact__affiliations__isnull=False,
            status=WorkingGroupMember.Status.ACCEPTED,
        )
    )
    group = Q(audience=Event.Audience.GROUP)
    return public | (Q(is_member) & ~group) | (group & Q(in_group))


def event_visibility_class(user) -> str:
    """A name for the set of events `user` may see (`event_visibility`): everyone with the
    same name sees the same events, so pages built from it may be cached under it."""
    from members.models import WorkingGroupMember

    if is_animator(user):
        return "staff"
    if not is_member_contact(user):
        return "public"
    groups = WorkingGroupMember.objects.filter(
        contact__user=user, status=WorkingGroupMember.Status.ACCEPTED
    ).values_list("group_id", flat=True)
    return "member:" + ",".join(str(pk) for pk in sorted(groups))


def can_register_for_event(contact, event) -> bool:
    """Whether the event's audience includes this contact (None: a guest without one).
    Registration dates and seats are the registration service's business."""
    from events.models import Event
    from members.models import Affiliation, WorkingGroupMember

    if event.audience == Event.Audience.PUBLIC:
        return True
    if contact is None:
        return False
    is_member = Affiliation.objects.filter(contact=contact).exists()
    if event.audience == Event.Audience.MEMBERS:
        return is_member
    return (
        is_member
        and event.working_group_id is not None
        and WorkingGroupMember.objects.filter(
            group_id=event.working_group_id,
            contact=contact,
            status=WorkingGroupMember.Status.ACCEPTED,
        ).exists()
    )


def can_see_event_private(user, registration) -> bool:
    """The online link and the participants' documents: staff and confirmed registrants."""
    if is_animator(user):
        return True
    return registration is not None and registration.status == registration.Status.CONFIRMED


def can_check_in(user) -> bool:
    return is_animator(user)
