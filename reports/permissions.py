"""Who may see what of the reports: the rules of core and members, re-exported so the
reports' views import one rulebook, and the rules of the reports' own objects."""

from core.permissions import (  # noqa: F401 (re-exported)
    is_animator,
    staff_required,
)
from members.permissions import (  # noqa: F401 (re-exported)
    affiliations_of,
    is_member_contact,
    member_required,
)
