"""The sections apps above members add to members' pages (see core.panels)."""

from core.panels import Panels

# Staff's 360° page of an organization: context(organization=...).
organization_page = Panels("an organization's 360° page")
# A working group's page in the member space: context(group=...).
group_page = Panels("a working group's page")
