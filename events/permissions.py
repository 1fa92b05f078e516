"""Who may see, register for and check in to events.

The events app's rulebook: its views import this module alone. It re-exports the rules
events build on (core's and members').
"""

from django.db.models import Exists, OuterRef, Q

from core.permissions import (  # noqa: F401 (re-exported: one rulebook per app)
    is_animator,
    staff_required,
)
from events.models import Event
from members.models import Affiliation, WorkingGroupMember
from members.permissions import (  # noqa: F401 (re-exported: one rulebook per app)
    affiliations_of,
    is_member_contact,
    member_required,
)


def event_visibility(user):
    """The events `user` may see, as a filter on Event (no query of its own).

    Public events: everyone. Members-only and partner clusters' events: member contacts.
    A working group's events: the group's accepted members. Staff see everything.
    """
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
