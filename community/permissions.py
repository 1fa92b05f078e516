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
