"""Survey figures shown elsewhere: the organization's 360° page, the event dashboard and
the communication plan's satisfaction indicator."""

from django.urls import reverse
from django.utils import translation

from events.tests.factories import EventFactory
from surveys.models import Question, Survey
from surveys.services import answers as answer_services
from surveys.tests.factories import QuestionFactory, SurveyFactory, invitation_for


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _answer(survey, contact, values):
    questions = list(survey.questions.all())
    invitation = invitation_for(survey, contact)
    return answer_services.response_submit(
        survey=survey, questions=questions, values=values, invitation=invitation
    )


def test_organization_page_shows_named_answers_and_latest_nps(client_for, personas):
    named = SurveyFactory(title_en="Annual survey")
    nps = QuestionFactory(survey=named, kind=Question.Kind.NPS)
    _answer(named, personas.member_contact.contact, {nps.pk: "9"})
    anonymous = SurveyFactory(title_en="Secret survey", is_anonymous=True)
    secret = QuestionFactory(survey=anonymous, kind=Question.Kind.NPS)
    _answer(anonymous, personas.member_admin.contact, {secret.pk: "2"})
    client = client_for("staff")
    html = client.get(_url("members:staff_organization", slug=personas.org_a.slug)).content
    html = html.decode()
    assert html.count('class="survey-answer-row"') == 1
    assert "Latest recommendation score: 9/10 (Annual survey)" in html
    assert "Secret survey" not in html


def test_event_dashboard_links_to_the_survey_and_shows_satisfaction(client_for, personas):
    event = EventFactory()
    client = client_for("staff")
    page = client.get(_url("events:staff_event", pk=event.pk)).content.decode()
    assert f"{_url('surveys:staff_survey_create')}?event={event.pk}" in page
    survey = SurveyFactory(event=event, audience=Survey.Audience.ATTENDEES)
    nps = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    rating = QuestionFactory(survey=survey, kind=Question.Kind.RATING)
    _answer(survey, personas.member_contact.contact, {nps.pk: "10", rating.pk: "4"})
    _answer(survey, personas.member_admin.contact, {nps.pk: "5", rating.pk: "3"})
    page = client.get(_url("events:staff_event", pk=event.pk)).content.decode()
    assert "NPS: 0" in page
    assert "average rating: 3.5 / 5" in page
