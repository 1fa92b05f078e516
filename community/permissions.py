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
# Applications belong to their organization: its contacts (admin or not) read, edit and
# withdraw them in the member space; staff see every one. Jurors see the applications of
# their edition once they declared their conflicts of interest, never one of their own
# organizations' nor one of an organization they declared a conflict with.


def award_organization_ids(user) -> set[int]:
    """The organizations the user acts for (kept on the user object for the request)."""
    cached = getattr(user, "_awards_organization_ids", None)
    if cached is None:
        cached = set(affiliations_of(user).values_list("organization_id", flat=True))
        if user.is_authenticated:
            user._awards_organization_ids = cached
    return cached


def award_contact_of(user):
    """The person a signed-in user is in the register, or None."""
    from members.models import Contact

    if not user.is_authenticated:
        return None
    return Contact.objects.filter(user=user).first()


def award_applications_of(user):
    """The applications the user may read and edit in the member space: their
    organizations'."""
    from community.models import AwardApplication

    return AwardApplication.objects.filter(organization_id__in=award_organization_ids(user))


def can_edit_award_application(user, application) -> bool:
    """The applicant organization's contacts, until the deadline, while it stands."""
    return (
        application.organization_id in award_organization_ids(user)
        and application.status == application.Status.SUBMITTED
        and application.edition.is_open()
    )


def juror_organization_ids(juror) -> set[int]:
    """The organizations a juror belongs to: their contact's affiliations (none for an
    outsider, whose organization is a name only)."""
    from members.models import Affiliation

    if juror.contact_id is None:
        return set()
    return set(
        Affiliation.objects.filter(contact_id=juror.contact_id).values_list(
            "organization_id", flat=True
        )
    )


def applications_to_declare(juror):
    """The applications a juror is asked about when declaring conflicts: those of the
    edition, their own organizations' left out (a conflict that goes without saying)."""
    from community.models import AwardApplication
    from members.models import Affiliation

    own = Affiliation.objects.filter(contact_id=juror.contact_id).values("organization_id")
    applications = AwardApplication.objects.filter(
        edition_id=juror.edition_id, status=AwardApplication.Status.SUBMITTED
    )
    if juror.contact_id is not None:
        applications = applications.exclude(organization_id__in=own)
    return applications


def applications_visible_to_juror(juror):
    """The applications `juror` may read and score: none before the declaration of
    conflicts; then the edition's standing ones sent before it, less their own
    organizations' and those of the organizations they declared a conflict with. Every jury
    page goes through it."""
    from community.models import AwardApplication, JurorConflict

    if juror is None or juror.conflicts_declared_at is None or juror.erased_at is not None:
        return AwardApplication.objects.none()
    conflicts = JurorConflict.objects.filter(juror_id=juror.pk).values("organization_id")
    # The declaration covers the applications offered when it was made: one sent later
    # waits until the juror declares again.
    return (
        applications_to_declare(juror)
        .exclude(organization_id__in=conflicts)
        .filter(created_at__lte=juror.conflicts_declared_at)
    )


def applications_since_declaration(juror):
    """The applications sent after the juror's declaration, out of their sight until they
    declare again (none before a first declaration: everything waits for it)."""
    if juror.conflicts_declared_at is None:
        return applications_to_declare(juror).none()
    return applications_to_declare(juror).filter(created_at__gt=juror.conflicts_declared_at)


def jurors_of(user):
    """The jury seats of a signed-in contact (the member space's way to the jury pages)."""
    from community.models import Juror

    if not user.is_authenticated:
        return Juror.objects.none()
    return Juror.objects.filter(contact__user=user, erased_at__isnull=True)


def can_download_award_attachment(user, attachment) -> bool:
    """Staff and the applicant organization's contacts (jurors go through their pages)."""
    return is_animator(user) or (
        attachment.application.organization_id in award_organization_ids(user)
    )


def can_see_award_winners(edition) -> bool:
    """Winners are public once announced, on a published edition."""
    return edition.is_published and edition.announced_at is not None


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


def can_post_in_group(membership, group) -> bool:
    """Accepted members post while the group is active; staff read and moderate (they post
    as members when they are). A paused or closed group keeps its discussions readable, as
    it keeps its documents, but takes no new message."""
    from members.models import WorkingGroup

    return membership is not None and group.status == WorkingGroup.Status.ACTIVE


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


def contact_of(user):
    """The person a signed-in user is in the register, or None."""
    from collaboration.permissions import contact_of as collaboration_contact_of

    return collaboration_contact_of(user)


def testimonial_of_user(user, pk: int):
    """The user's own testimonial (the register's contact it names), or None: nobody else's,
    and none once anonymised."""
    from community.models import Testimonial

    contact = contact_of(user)
    if contact is None:
        return None
    return Testimonial.objects.filter(pk=pk, contact=contact, anonymised_at__isnull=True).first()
