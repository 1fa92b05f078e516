"""What events adds to the apps below it, registered when the app is ready (apps.py)."""

from events.selectors import attendance_of_organization, group_upcoming_events
from members import panels as members_panels

# The 360° page shows the latest rows; the full history has its own page.
ORGANIZATION_ATTENDANCE_SHOWN = 30


def _organization_attendance(*, organization) -> dict:
    rows = attendance_of_organization(organization=organization)
    return {"event_attendance": list(rows[:ORGANIZATION_ATTENDANCE_SHOWN])}


def _group_meetings(*, group) -> dict:
    return {"meetings": list(group_upcoming_events(group=group))}


members_panels.organization_page.register(
    "events",
    template_name="events/staff/_organization_panel.html",
    context=_organization_attendance,
    order=10,
)
members_panels.group_page.register(
    "events",
    template_name="events/space/_group_panel.html",
    context=_group_meetings,
    order=10,
)
