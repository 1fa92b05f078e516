import pytest
from django.utils import timezone

from events.demo import events_seed
from members.demo import register_seed
from surveys import selectors
from surveys.demo import surveys_seed
from surveys.models import Response, Survey


@pytest.mark.django_db
def test_demo_builds_an_annual_survey_and_two_anonymous_post_event_surveys():
    today = timezone.localdate()
    register = register_seed(organization_count=30, seed=3, password="demo", today=today)
    common = {"rng": register.rng, "people": register.people, "staff_user": register.staff}
    events = events_seed(organizations=register.organizations, today=today, **common)
    surveys_seed(events=events, today=today, **common)
    annual = Survey.objects.get(is_annual=True)
    assert annual.status == Survey.Status.OPEN
    assert annual.responses.exists()
    assert annual.responses.filter(organization__isnull=True).count() == 0
    assert selectors.survey_satisfaction(survey=annual)["nps"] is not None
    post_event = Survey.objects.filter(event__isnull=False)
    assert post_event.count() == 2
    assert not Response.objects.filter(survey__in=post_event, invitation__isnull=False).exists()
    # Guests answered through the email-confirmed public link too.
    for survey in post_event:
        assert survey.public_check == Survey.PublicCheck.EMAIL
        assert survey.public_respondents.exists()
        assert survey.responses.count() >= survey.public_respondents.count()
