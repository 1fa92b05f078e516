"""Sending a survey emails its whole audience: the page states how many people first, and
nothing leaves without the confirmation of that number."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from members.models import Affiliation
from members.tests.factories import AffiliationFactory, OrganizationFactory
from surveys import selectors
from surveys.models import Invitation, Survey
from surveys.tests.factories import QuestionFactory, SurveyFactory


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def draft_survey(db):
    survey = SurveyFactory(status=Survey.Status.DRAFT, audience=Survey.Audience.MEMBERS)
    QuestionFactory(survey=survey)
    for _number in range(3):
        AffiliationFactory(organization=OrganizationFactory(), access=Affiliation.Access.CONTACT)
    return survey


def _audience(survey) -> int:
    # The personas' organizations are members too.
    count = selectors.audience_newcomers(survey=survey).count()
    assert count >= 3
    return count


def _nothing_sent(survey):
    survey.refresh_from_db()
    return (
        survey.status == Survey.Status.DRAFT and not Invitation.objects.exists() and not mail.outbox
    )


def test_send_button_opens_a_page_stating_the_recipient_count(client_for, draft_survey):
    staff = client_for("staff")
    survey_page = staff.get(_url("surveys:staff_survey", pk=draft_survey.pk)).content.decode()
    send_url = _url("surveys:staff_survey_send", pk=draft_survey.pk)
    assert f'href="{send_url}"' in survey_page
    page = staff.get(send_url)
    count = _audience(draft_survey)
    assert page.status_code == 200
    assert f"Send to {count} people?" in page.content.decode()
    assert f'name="confirmed" value="{count}"' in page.content.decode()
    assert _nothing_sent(draft_survey)


def test_send_page_speaks_french(client_for, draft_survey):
    with translation.override("fr"):
        url = reverse("surveys:staff_survey_send", kwargs={"pk": draft_survey.pk})
    page = client_for("staff").get(url).content.decode()
    assert f"Envoyer à {_audience(draft_survey)} personnes ?" in page


def test_nothing_is_sent_without_the_confirmation(
    client_for, draft_survey, django_capture_on_commit_callbacks
):
    staff = client_for("staff")
    url = _url("surveys:staff_survey_send", pk=draft_survey.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page = staff.post(url)
    count = _audience(draft_survey)
    assert page.status_code == 200 and f"Send to {count} people?" in page.content.decode()
    assert _nothing_sent(draft_survey)


def test_a_count_confirmed_before_the_audience_grew_is_asked_again(
    client_for, draft_survey, django_capture_on_commit_callbacks
):
    staff = client_for("staff")
    url = _url("surveys:staff_survey_send", pk=draft_survey.pk)
    seen = _audience(draft_survey)
    AffiliationFactory(organization=OrganizationFactory(), access=Affiliation.Access.CONTACT)
    with django_capture_on_commit_callbacks(execute=True):
        page = staff.post(url, {"confirmed": str(seen)})
    html = page.content.decode()
    assert "The audience changed" in html and f"Send to {seen + 1} people?" in html
    assert _nothing_sent(draft_survey)


def test_confirmed_count_sends_the_invitations(
    client_for, draft_survey, django_capture_on_commit_callbacks
):
    staff = client_for("staff")
    url = _url("surveys:staff_survey_send", pk=draft_survey.pk)
    count = _audience(draft_survey)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"confirmed": str(count)})
    assert response.status_code == 302
    draft_survey.refresh_from_db()
    assert draft_survey.status == Survey.Status.OPEN
    assert Invitation.objects.count() == count and len(mail.outbox) == count
    # Sending again reaches newcomers only: none now.
    page = staff.get(url).content.decode()
    assert "Nobody new to invite" in page
