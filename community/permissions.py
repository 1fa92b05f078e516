"""Who may see and do what with the awards, the working groups' discussions, testimonials and
success stories: the rules of core and members, re-exported so community's views import one
rulebook, and the rules of community's own objects."""

from django.db.models import Exists, OuterRef

from core.permissions import (  # noqa: F401 (re-exported: one rulebook per app)
    is_animator,
    owes_second_factor,
    second_factor_setup_redirect,
    staff_required,
)
from members.permissions import (  # noqa: F401 (re-exported)
    affiliations_of,
    can_manage_organization,
    is_member_contact,
    member_required,
)

# Awards ------------------------------------------------------------------------------------


# Discussions -------------------------------------------------------------------------------
# A working group's threads are for its accepted members (still affiliated to an
# organization: someone who left the cluster left its groups) and for staff. Anyone else
# gets a 404, so that a group's discussions are not even confirmed to exist.


def _accepted_memberships(user):
    from members.models import WorkingGroupMember

    if not user.is_authenticated or not user.is_active:
        return WorkingGroupMember.objects.none()
    return WorkingGroupMember.objects.filter(
        contact__user=user,
        status=WorkingGroupMember.Status.ACCEPTED,
        contact__affiliations__isnull=False,
    )


def groups_readable_by(user):
    """The working groups whose discussions the user may read: all for staff, those the
    user is an accepted member of otherwise."""
    from members.models import WorkingGroup

    if is_animator(user):
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(
        Exists(_accepted_memberships(user).filter(group=OuterRef("pk")))
    )


def threads_visible_to(user):
    """The threads the user may read (and whose attachments they may download)."""
    from community.models import Thread

    return Thread.objects.filter(group__in=groups_readable_by(user).values("pk"))


def messages_visible_to(user):
    from community.models import DiscussionMessage

    return DiscussionMessage.objects.filter(thread__in=threads_visible_to(user).values("pk"))


def group_membership_for_discussions(user, group):
    """The user's accepted membership of `group` (None for staff without one, or anybody
    who is not a member): what posting needs."""
    return _accepted_memberships(user).filter(group=group).select_related("contact").first()


def has_left_group(user, slug: str) -> bool:
    """The user was an accepted member of the group but has since left the cluster (no
    organization any more): they know the group, and are told why their post is refused."""
    from members.models import WorkingGroupMember

    if not user.is_authenticated:
        return False
    return WorkingGroupMember.objects.filter(
        contact__user=user,
        group__slug=slug,
        status=WorkingGroupMember.Status.ACCEPTED,
        contact__affiliations__isnull=True,
    ).exists()


def can_post_in_group(membership) -> bool:
    """Accepted members post; staff read and moderate (they post as members when they are)."""
    return membership is not None


def can_moderate_group(user, membership) -> bool:
    """Hide messages, lock threads: staff and the group's leads."""
    from members.models import WorkingGroupMember

    return is_animator(user) or (
        membership is not None and membership.role == WorkingGroupMember.Role.LEAD
    )


def may_see_hidden_message(user, membership) -> bool:
    """A hidden message's text and reason are for the moderators."""
    return can_moderate_group(user, membership)


def may_download_attachment(user, message, membership) -> bool:
    """The thread's readers download its documents, except a hidden message's, which only
    the moderators may still open."""
    return not message.is_hidden or can_moderate_group(user, membership)


# Testimonials and success stories ----------------------------------------------------------
