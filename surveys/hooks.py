"""What surveys adds to the apps below it, registered when the app is ready (apps.py)."""

from events import panels as events_panels
from members import panels as members_panels
from surveys.selectors import event_satisfaction, organization_survey_answers


def _organization_answers(*, organization) -> dict:
    return {"survey_answers": organization_survey_answers(organization=organization)}


def _event_satisfaction(*, event) -> dict:
    return {"survey": event_satisfaction(event=event)}


members_panels.organization_page.register(
    "surveys",
    template_name="surveys/staff/_organization_panel.html",
    context=_organization_answers,
    order=20,
)
events_panels.event_dashboard.register(
    "surveys",
    template_name="surveys/staff/_event_panel.html",
    context=_event_satisfaction,
    order=10,
)
