import io

import pytest
from django.core.management import call_command

from surveys import selectors
from surveys.models import Response, Survey


@pytest.mark.django_db
def test_seed_demo_builds_an_annual_survey_and_two_anonymous_post_event_surveys(settings):
    # seed_demo refuses to run with DEBUG off, as pytest-django runs tests.
    settings.DEBUG = True
    call_command("seed_demo", "--orgs", "30", "--seed", "3", stdout=io.StringIO())
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
    # Seeding again replaces the demo rather than adding to it.
    call_command("seed_demo", "--orgs", "30", "--seed", "3", "--flush", stdout=io.StringIO())
    assert Survey.objects.filter(is_annual=True).count() == 1
