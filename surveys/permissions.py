"""Who may manage and answer surveys.

The surveys app's rulebook: its views import this module alone. Surveys are run by staff;
a member answers through a personal link or from the member space, so the rules are those
of core and members, re-exported here.
"""

from core.permissions import is_animator, staff_required  # noqa: F401 (re-exported)
from members.permissions import member_required  # noqa: F401 (re-exported)
