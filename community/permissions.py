"""Who may see and do what with the awards, the working groups' discussions, testimonials and
success stories: the rules of core and members, re-exported so community's views import one
rulebook, and the rules of community's own objects."""

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
