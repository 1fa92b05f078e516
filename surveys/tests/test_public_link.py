"""The public link of a survey: a per-client hourly limit, and the mode counting one answer
per confirmed email address (personal, expiring link; a button press confirms)."""

import datetime
import re

import pytest
from django.core import signing
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from surveys.models import PendingResponse, PublicRespondent, Question, Response, Survey
from surveys.services import answers as answer_services
from surveys.services import sending as sending_services
from surveys.tests.factories import QuestionFactory, SurveyFactory


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def email_survey(db):
    survey = SurveyFactory(
        public_link_enabled=True, public_check=Survey.PublicCheck.EMAIL, is_anonymous=True
    )
    question = QuestionFactory(survey=survey, kind=Question.Kind.NPS, required=True)
    return survey, question


def _answer(client, survey, question, email, score="9", **extra):
    return client.post(
        _url("surveys:public_answer", slug=survey.slug),
        {f"q{question.pk}": score, "email": email},
        **extra,
    )


def _confirm_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S*/surveys/public/confirm/\S+/)", message.body)[1]


# Rate limit


def test_public_link_refuses_answers_beyond_the_hourly_limit_per_client(client, db, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    survey = SurveyFactory(public_link_enabled=True)
    question = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    url = _url("surveys:public_answer", slug=survey.slug)
    for _number in range(answer_services.PUBLIC_ANSWERS_PER_HOUR):
        client.cookies.clear()  # a script throws its cookie away
        response = client.post(url, {f"q{question.pk}": "10"}, HTTP_X_REAL_IP="198.51.100.7")
        assert response.status_code == 302
    client.cookies.clear()
    refused = client.post(url, {f"q{question.pk}": "0"}, HTTP_X_REAL_IP="198.51.100.7")
    assert refused.status_code == 429
    assert "Too many answers" in refused.content.decode()
    assert Response.objects.count() == answer_services.PUBLIC_ANSWERS_PER_HOUR
    # Another visitor behind the same proxy is still welcome.
    other = client.post(url, {f"q{question.pk}": "8"}, HTTP_X_REAL_IP="198.51.100.8")
    assert other.status_code == 302


def test_email_mode_counts_against_the_same_limit(client, email_survey, mailoutbox):
    survey, question = email_survey
    for number in range(answer_services.PUBLIC_ANSWERS_PER_HOUR):
        assert _answer(client, survey, question, f"p{number}@example.org").status_code == 200
    refused = _answer(client, survey, question, "late@example.org")
    assert refused.status_code == 429
    assert PendingResponse.objects.count() == answer_services.PUBLIC_ANSWERS_PER_HOUR


def test_invalid_answers_do_not_use_up_the_limit(client, email_survey):
    survey, question = email_survey
    for _number in range(answer_services.PUBLIC_ANSWERS_PER_HOUR + 1):
        assert _answer(client, survey, question, "not-an-address").status_code == 400
    assert _answer(client, survey, question, "ok@example.org").status_code == 200


# Email mode


def test_email_mode_answer_counts_only_once_confirmed_by_a_button(
    client, email_survey, mailoutbox, django_capture_on_commit_callbacks
):
    survey, question = email_survey
    with django_capture_on_commit_callbacks(execute=True):
        page = _answer(client, survey, question, "Claire@Example.org")
    assert page.status_code == 200
    assert "claire@example.org" in page.content.decode().lower()
    # Not counted yet: no response, nothing in the results.
    assert not Response.objects.exists()
    assert PendingResponse.objects.count() == 1
    results = client.get(_url("surveys:public_answer", slug=survey.slug))
    assert results.status_code == 200  # the form again: no cookie decides in this mode

    (message,) = mailoutbox
    assert message.to == ["Claire@Example.org"]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    path = _confirm_path(message)
    # Opening the link (as a mail scanner does) counts nothing.
    opened = client.get(path)
    assert opened.status_code == 200 and "<form" in opened.content.decode()
    assert not Response.objects.exists()

    assert client.post(path).status_code == 302
    response = Response.objects.get()
    assert response.answers.get().value_int == 9
    # Anonymous survey: no trace of the person on the response.
    assert response.contact is None and response.submitted_at is None
    assert not PendingResponse.objects.exists()
    assert PublicRespondent.objects.get().email_hash != "claire@example.org"


def test_email_mode_confirmation_email_is_in_the_answerers_language(
    client, email_survey, mailoutbox, django_capture_on_commit_callbacks
):
    survey, question = email_survey
    with translation.override("fr"):
        url = reverse("surveys:public_answer", kwargs={"slug": survey.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"q{question.pk}": "7", "email": "a@example.org"})
    (message,) = mailoutbox
    assert "Confirmez" in message.subject
    assert "/fr/" in _confirm_path(message)


def test_second_answer_with_the_same_email_is_refused(
    client, email_survey, mailoutbox, django_capture_on_commit_callbacks
):
    survey, question = email_survey
    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, survey, question, "claire@example.org", score="10")
        _answer(client, survey, question, " CLAIRE@example.org", score="0")
    first, second = (_confirm_path(message) for message in mailoutbox)
    assert client.post(first).status_code == 302
    refused = client.post(second)
    assert "already answered" in refused.content.decode()
    assert Response.objects.count() == 1
    assert Response.objects.get().answers.get().value_int == 10


def test_the_database_refuses_a_second_counted_answer_per_email(email_survey):
    survey, _question = email_survey
    email_hash = PublicRespondent.hash_email("claire@example.org")
    PublicRespondent.objects.create(survey=survey, email_hash=email_hash)
    with pytest.raises(IntegrityError):
        PublicRespondent.objects.create(
            survey=survey, email_hash=PublicRespondent.hash_email(" Claire@Example.org ")
        )


def test_an_unconfirmed_answer_is_never_counted_and_expires(email_survey):
    survey, question = email_survey
    pending = answer_services.pending_response_create(
        survey=survey, email="x@example.org", values={question.pk: "5"}, language="en"
    )
    sending_services.survey_close(survey=survey)
    assert not PendingResponse.objects.filter(pk=pending.pk).exists()
    assert not Response.objects.exists()


def test_periodic_job_deletes_expired_pending_answers(email_survey):
    import datetime

    from django.utils import timezone

    survey, question = email_survey
    pending = answer_services.pending_response_create(
        survey=survey, email="x@example.org", values={question.pk: "5"}, language="en"
    )
    later = timezone.now() + datetime.timedelta(seconds=answer_services.PUBLIC_CONFIRM_MAX_AGE + 60)
    sending_services.surveys_emails_due(now=later)
    assert not PendingResponse.objects.filter(pk=pending.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_confirmation_link_is_refused(client, email_survey, method):
    survey, question = email_survey
    pending = answer_services.pending_response_create(
        survey=survey, email="x@example.org", values={question.pk: "5"}, language="en"
    )
    token = answer_services.public_confirmation_token(pending=pending)
    forged = signing.dumps([pending.pk, survey.pk], salt="another-salt")
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = getattr(client, method)(_url("surveys:public_confirm", token=bad))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_confirmation_link_is_refused(client, email_survey, monkeypatch, method):
    survey, question = email_survey
    pending = answer_services.pending_response_create(
        survey=survey, email="x@example.org", values={question.pk: "5"}, language="en"
    )
    url = _url(
        "surveys:public_confirm", token=answer_services.public_confirmation_token(pending=pending)
    )
    later = timezone.now() + datetime.timedelta(seconds=answer_services.PUBLIC_CONFIRM_MAX_AGE + 60)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = getattr(client, method)(url)
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    assert not Response.objects.exists()


def test_confirmation_after_the_survey_closed_counts_nothing(client, email_survey):
    survey, question = email_survey
    pending = answer_services.pending_response_create(
        survey=survey, email="x@example.org", values={question.pk: "5"}, language="en"
    )
    url = _url(
        "surveys:public_confirm", token=answer_services.public_confirmation_token(pending=pending)
    )
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    response = client.post(url)
    assert "closed" in response.content.decode().lower()
    assert not Response.objects.exists() and not PublicRespondent.objects.exists()


def test_staff_choose_the_email_mode_in_the_builder(client_for, db):
    staff = client_for("staff")
    survey = SurveyFactory(public_link_enabled=True)
    form = staff.get(_url("surveys:staff_survey_edit", pk=survey.pk)).content.decode()
    assert 'name="public_check"' in form
    staff.post(
        _url("surveys:staff_survey_edit", pk=survey.pk),
        {
            "title_fr": survey.title_fr,
            "audience": "public",
            "public_link_enabled": "on",
            "public_check": "email",
        },
    )
    survey.refresh_from_db()
    assert survey.public_check == Survey.PublicCheck.EMAIL
    page = staff.get(_url("surveys:staff_survey", pk=survey.pk)).content.decode()
    assert "One answer per confirmed email address" in page


def test_answer_kept_for_confirmation_drops_what_no_longer_fits_its_question(client, email_survey):
    survey, question = email_survey
    comment = QuestionFactory(survey=survey, kind=Question.Kind.SHORT_TEXT)
    pending = answer_services.pending_response_create(
        survey=survey,
        email="x@example.org",
        values={question.pk: "9", comment.pk: "Très bien"},
        language="en",
    )
    # Staff turned the comment into a rating while the email was on its way.
    Question.objects.filter(pk=comment.pk).update(kind=Question.Kind.RATING)
    url = _url(
        "surveys:public_confirm", token=answer_services.public_confirmation_token(pending=pending)
    )
    assert client.post(url).status_code == 302
    answers = Response.objects.get().answers
    assert list(answers.values_list("question_id", "value_int")) == [(question.pk, 9)]


def test_confirmation_after_the_public_link_was_switched_off_counts_nothing(client, email_survey):
    survey, question = email_survey
    pending = answer_services.pending_response_create(
        survey=survey, email="x@example.org", values={question.pk: "5"}, language="en"
    )
    url = _url(
        "surveys:public_confirm", token=answer_services.public_confirmation_token(pending=pending)
    )
    Survey.objects.filter(pk=survey.pk).update(public_link_enabled=False)
    assert client.post(url).status_code == 404
    assert not Response.objects.exists()
