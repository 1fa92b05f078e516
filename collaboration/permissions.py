"""Who may see and do what with calls, projects, needs and offers, introductions and
opportunities: the rules of core and members, re-exported so the collaboration views import
one rulebook, and the rules of collaboration's own objects.

Members (contacts affiliated to an organization) see the other members' needs, offers and
projects; the public sees published calls, success stories and the opportunities board. A
contact of an organization edits that organization's posts only.
"""

from django.utils import timezone

from core.permissions import (  # noqa: F401 (re-exported: one rulebook per app)
    is_animator,
    owes_second_factor,
    second_factor_setup_redirect,
    staff_required,
)
from members.models import Contact, Organization
from members.permissions import (  # noqa: F401 (re-exported)
    affiliations_of,
    can_manage_organization,
    is_member_contact,
    member_required,
)
from members.selectors.directory import directory_queryset


def organization_ids_of(user) -> set[int]:
    """The organizations the user acts for (empty for anonymous visitors and staff without an
    affiliation). Kept on the user object for the request."""
    cached = getattr(user, "_collaboration_organization_ids", None)
    if cached is None:
        cached = set(affiliations_of(user).values_list("organization_id", flat=True))
        if user.is_authenticated:
            user._collaboration_organization_ids = cached
    return cached


def organizations_of(user):
    """The organizations the user acts for, by name, as a queryset."""
    return Organization.objects.filter(pk__in=organization_ids_of(user)).order_by("name")


def contact_of(user):
    """The person a signed-in user is in the register, or None."""
    if not user.is_authenticated:
        return None
    return Contact.objects.filter(user=user).first()


def acts_for(user, organization_id) -> bool:
    return organization_id is not None and organization_id in organization_ids_of(user)


# Needs and offers.
def can_edit_post(user, post) -> bool:
    return is_animator(user) or acts_for(user, post.organization_id)


def can_see_post(user, post, today=None) -> bool:
    """Another member's post while it is open and not expired; one's own organization's
    whatever its state."""
    if can_edit_post(user, post):
        return True
    today = today or timezone.localdate()
    return not post.is_closed and post.expires_on >= today


def may_cite_post(user, post, *, target) -> bool:
    """A request cites one of the requester's own posts, or the asked organization's."""
    return acts_for(user, post.organization_id) or post.organization_id == target.pk


# Introductions.
def may_be_asked_for_introduction(organization) -> bool:
    """Members ask only organizations they can find: members listed in the directory. An
    unlisted one stays out of reach, its existence not revealed by a guessed address."""
    return directory_queryset().filter(pk=organization.pk).exists()


def can_ask_introduction(user, target) -> bool:
    """A member contact asks a listed member organization other than their own."""
    return (
        bool(organization_ids_of(user) - {target.pk})
        and is_member_contact(user)
        and may_be_asked_for_introduction(target)
    )


def may_be_introduced(organization) -> bool:
    """Staff introduce member organizations to each other, listed in the directory or not."""
    return organization.lifecycle == Organization.Lifecycle.MEMBER


def can_see_introduction(user, introduction) -> bool:
    return (
        is_animator(user)
        or acts_for(user, introduction.requester_id)
        or acts_for(user, introduction.target_id)
    )


def can_answer_introduction(user, introduction) -> bool:
    """The asked organization's contacts accept or decline."""
    return acts_for(user, introduction.target_id)


def can_withdraw_introduction(user, introduction) -> bool:
    return acts_for(user, introduction.requester_id)


def may_see_contact_details(user, introduction) -> bool:
    """Each side's contact details only once the introduction is accepted (staff always)."""
    if is_animator(user):
        return True
    return introduction.status == "accepted" and can_see_introduction(user, introduction)


# Calls and projects.
def calls_visible_to(user):
    """The calls whose title the user may read: all of them for staff, the published ones
    for everyone else (a draft's title is staff's)."""
    from collaboration.models import Call

    return Call.objects.all() if is_animator(user) else Call.objects.published()


def can_download_call_document(user, document) -> bool:
    """The documents of a published call are public; those of a draft are staff's."""
    return document.call.is_published or is_animator(user)


def can_view_project(user, project) -> bool:
    """Members see the projects of published calls, to express interest. (Staff see
    projects in the back-office, never through the member space.)"""
    return project.call.is_published and is_member_contact(user)


def can_answer_interests(user, project) -> bool:
    """The lead organization's contacts accept or decline the expressions of interest (staff
    do not answer for them)."""
    return acts_for(user, project.lead_id)


def interest_organizations(user, project):
    """The user's organizations that may still offer to join the project: not its lead, not
    one already there (whatever the answer was)."""
    taken = {participation.organization_id for participation in project.participations.all()}
    return organizations_of(user).exclude(pk__in=taken | {project.lead_id})


def consortium_organization_ids(project) -> set[int]:
    """The lead and the accepted partners, from the project's participations (prefetched by
    the pages that ask)."""
    ids = {project.lead_id}
    ids.update(
        participation.organization_id
        for participation in project.participations.all()
        if participation.status == "accepted"
    )
    return ids


def can_score_project(user, project) -> bool:
    """Staff score, unless they belong to an organization of the consortium."""
    if not is_animator(user):
        return False
    return not (organization_ids_of(user) & consortium_organization_ids(project))


# Opportunities.
def can_edit_opportunity(user, opportunity) -> bool:
    return is_animator(user) or acts_for(user, opportunity.organization_id)


def can_edit_opportunity_in_space(user, opportunity) -> bool:
    """The member space edits and withdraws its own organizations' items only (staff edit in
    the back-office)."""
    return acts_for(user, opportunity.organization_id)


def can_view_opportunity(user, opportunity) -> bool:
    """An item on the board is public; off it (waiting, rejected, withdrawn, expired, or its
    organization no longer a member) its page is a preview for staff and the organization's
    contacts, and does not exist for anyone else."""
    return opportunity.is_on_board() or can_edit_opportunity(user, opportunity)


def can_answer_interest(user, participation) -> bool:
    """The lead organization's contacts accept or decline an expression of interest."""
    return can_answer_interests(user, participation.project)


def can_see_interest(user, participation) -> bool:
    """What an organization offered, before it is accepted, is for both sides and staff."""
    return (
        is_animator(user)
        or participation.status == "accepted"
        or acts_for(user, participation.organization_id)
        or acts_for(user, participation.project.lead_id)
    )


def can_consent_to_story(user, participation) -> bool:
    """Each organization of the consortium speaks for itself about the success story."""
    return acts_for(user, participation.organization_id)
