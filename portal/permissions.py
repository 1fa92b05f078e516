"""Who may open the portal's pages: the rules of core and members, re-exported so the
portal's views import one rulebook. The portal owns no object of its own; a person's data is
their own (member space) or the animators' to erase (back-office)."""

from core.permissions import (  # noqa: F401 (re-exported)
    can_use_django_admin,
    is_animator,
    staff_required,
)
from members.permissions import (  # noqa: F401 (re-exported)
    affiliations_of,
    group_documents_readable_by,
    is_member_contact,
    member_required,
)
