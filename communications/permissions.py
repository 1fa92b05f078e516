"""Who may manage newsletters, content, the FAQ and the communication plan.

The communications app's rulebook: its views import this module alone. Everything here is
run by staff; members manage their own subscription from the member space. The rules are
those of core and members, re-exported here.
"""

from core.permissions import is_animator, staff_required  # noqa: F401 (re-exported)
from members.permissions import member_required  # noqa: F401 (re-exported)
