"""What collaboration adds to the pages of the apps below it, registered when the app is
ready (apps.py)."""

from collaboration.selectors import calls as call_selectors
from members import panels as members_panels

# Calls for projects: the projects an organization leads or is a partner of, with their
# stage, on its 360° page; the latest ones, and a link to all of them in the projects list.
PANEL_PROJECTS = 10


def _organization_projects(*, organization) -> dict:
    projects = call_selectors.organization_projects(
        organization=organization, limit=PANEL_PROJECTS + 1
    )
    return {
        "collaboration_projects": projects[:PANEL_PROJECTS],
        "collaboration_projects_more": len(projects) > PANEL_PROJECTS,
    }


members_panels.organization_page.register(
    "collaboration_projects",
    template_name="collaboration/staff/_organization_projects.html",
    context=_organization_projects,
    order=35,
)
