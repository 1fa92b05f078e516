"""The surveys' personal links (core.links): invitation links, their reminders, the member
space without a link, and the confirmation of an answer given through the public link."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from core.models import PersonalLink
from core.tests.database import assert_nowhere_in_database
from members.models import Affiliation
from members.tests.factories import AffiliationFactory, OrganizationFactory
from surveys import selectors
from surveys.models import (
    INVITATION_LINK_VALIDITY,
    Invitation,
    PublicRespondent,
    Question,
    Response,
    Survey,
)
from surveys.services import answers as answer_services
from surveys.services import sending as sending_services
from surveys.tests.factories import QuestionFactory, SurveyFactory, invitation_for

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _answer_token(message) -> str:
    return re.search(r"/surveys/([\w-]+)/", message.body).group(1)


@pytest.fixture
def sent_survey(django_capture_on_commit_callbacks):
    """An open survey with a 3-day reminder, emailed to one member admin."""
    survey = SurveyFactory(
        status=Survey.Status.DRAFT, audience=Survey.Audience.ADMINS, reminder_days=[3]
    )
    QuestionFactory(survey=survey)
    AffiliationFactory(
        organization=OrganizationFactory(lifecycle="member"), access=Affiliation.Access.ADMIN
    )
    with django_capture_on_commit_callbacks(execute=True):
        sending_services.survey_open(survey=survey)
    assert len(mail.outbox) == 1
    return survey


def test_the_invitation_link_is_stored_only_as_a_hash(sent_survey):
    token = _answer_token(mail.outbox[0])
    assert selectors.invitation_for_token(token) == Invitation.objects.get()
    assert_nowhere_in_database(token)


def test_a_reminder_carries_a_new_link_and_the_first_one_still_works(sent_survey):
    first = _answer_token(mail.outbox[0])
    later = timezone.now() + datetime.timedelta(days=4)
    assert sending_services.survey_reminders_send(now=later) == 1
    second = _answer_token(mail.outbox[1])
    invitation = Invitation.objects.get()
    assert first != second
    assert selectors.invitation_for_token(first) == invitation
    assert selectors.invitation_for_token(second) == invitation
    assert_nowhere_in_database(second)


def test_reminder_runs_that_send_nothing_issue_no_link(sent_survey):
    later = timezone.now() + datetime.timedelta(days=4)
    sending_services.survey_reminders_send(now=later)
    for _run in range(3):
        assert sending_services.survey_reminders_send(now=later) == 0
    # The invitation's link and the reminder's: no more.
    assert PersonalLink.objects.count() == 2


def test_an_invitation_link_works_for_a_year(sent_survey):
    token = _answer_token(mail.outbox[0])
    link = PersonalLink.objects.get()
    expected = timezone.now() + INVITATION_LINK_VALIDITY
    assert abs(link.expires_at - expected) < datetime.timedelta(minutes=1)
    PersonalLink.objects.update(expires_at=timezone.now())
    assert selectors.invitation_for_token(token) is None


def test_the_member_space_opens_ones_own_invitation_without_a_link(client_for, personas):
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey)
    invitation = Invitation.objects.create(
        survey=survey, contact=personas.member_contact.contact, email="x@alpha.test"
    )
    url = _url("surveys:space_answer", pk=invitation.pk)
    assert client_for("member_contact").get(url).status_code == 200
    assert client_for("member_admin").get(url).status_code == 404
    response = client_for("member_contact").post(url, {f"q{question.pk}": "4"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    assert not PersonalLink.objects.exists()


def test_a_draft_saved_from_the_member_space_comes_back_there(client_for, personas):
    survey = SurveyFactory(is_anonymous=False)
    question = QuestionFactory(survey=survey, kind=Question.Kind.SHORT_TEXT, required=True)
    invitation = invitation_for(survey, personas.member_contact.contact)
    url = _url("surveys:space_answer", pk=invitation.pk)
    response = client_for("member_contact").post(
        url, {f"q{question.pk}": "half", "save_draft": "1"}
    )
    assert response.status_code == 302 and response["Location"] == url


@pytest.fixture
def email_survey(db):
    survey = SurveyFactory(
        public_link_enabled=True, public_check=Survey.PublicCheck.EMAIL, is_anonymous=True
    )
    question = QuestionFactory(survey=survey, kind=Question.Kind.NPS, required=True)
    return survey, question


def test_the_public_confirmation_link_is_stored_only_as_a_hash(
    email_survey, django_capture_on_commit_callbacks
):
    survey, question = email_survey
    with django_capture_on_commit_callbacks(execute=True):
        pending = answer_services.pending_response_create(
            survey=survey, email="x@example.org", values={question.pk: "5"}, language="en"
        )
    token = re.search(r"/surveys/public/confirm/([\w-]+)/", mail.outbox[0].body).group(1)
    assert answer_services.pending_response_for_token(token=token) == pending
    assert_nowhere_in_database(token)
    answer_services.pending_response_confirm(token=token)
    # Used: the answer counts, the pending row and its link are gone.
    assert Response.objects.count() == 1
    assert not PersonalLink.objects.exists()


def test_an_address_counted_before_a_key_rotation_still_counts_once(email_survey, settings):
    survey, question = email_survey
    first = answer_services.pending_response_create(
        survey=survey, email="x@example.org", values={question.pk: "5"}, language="en"
    )
    answer_services.pending_response_confirm(
        token=answer_services.public_confirmation_token(pending=first)
    )
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key-after-rotation-0123456789"
    settings.SECRET_KEY_FALLBACKS = [old_key]
    second = answer_services.pending_response_create(
        survey=survey, email="X@example.org", values={question.pk: "0"}, language="en"
    )
    with pytest.raises(answer_services.AlreadyAnswered):
        answer_services.pending_response_confirm(
            token=answer_services.public_confirmation_token(pending=second)
        )
    assert Response.objects.count() == 1 and PublicRespondent.objects.count() == 1
