import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from members.models import Organization
from members.tests.factories import OrganizationFactory
from surveys.models import Answer, Invitation, Question, Response, ResponseDraft, Survey
from surveys.tests.factories import QuestionFactory, SurveyFactory, invitation_for


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def staff_client(client_for):
    return client_for("staff")


@pytest.fixture
def survey_with_questions(db):
    survey = SurveyFactory()
    rating = QuestionFactory(survey=survey, kind=Question.Kind.RATING, required=True)
    yes_no = QuestionFactory(survey=survey, kind=Question.Kind.YES_NO)
    why = QuestionFactory(
        survey=survey,
        kind=Question.Kind.LONG_TEXT,
        show_if_question=yes_no,
        show_if_values=["no"],
    )
    return survey, rating, yes_no, why


# Builder


def test_staff_builds_a_survey_with_a_conditional_question(staff_client):
    response = staff_client.post(
        _url("surveys:staff_survey_create"),
        {"title_fr": "Satisfaction 2026", "audience": "members", "reminder_days": "7, 14"},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert survey.reminder_days == [7, 14]
    assert survey.created_by.is_staff
    staff_client.post(
        _url("surveys:staff_question_create", pk=survey.pk),
        {"kind": "yes_no", "text_fr": "Satisfait ?", "required": "on"},
    )
    trigger = survey.questions.get()
    response = staff_client.post(
        _url("surveys:staff_question_create", pk=survey.pk),
        {
            "kind": "long_text",
            "text_fr": "Pourquoi ?",
            "show_if_question": trigger.pk,
            "show_if_values_text": "no",
        },
    )
    assert response.status_code == 302
    follow_up = survey.questions.get(text_fr="Pourquoi ?")
    assert follow_up.show_if_question == trigger and follow_up.show_if_values == ["no"]
    assert follow_up.position > trigger.position
    page = staff_client.get(_url("surveys:staff_survey", pk=survey.pk))
    assert page.content.decode().count('class="question-row"') == 2


def test_bad_question_shows_errors_and_saves_nothing(staff_client):
    survey = SurveyFactory(status=Survey.Status.DRAFT)
    response = staff_client.post(
        _url("surveys:staff_question_create", pk=survey.pk),
        {"kind": "single", "text_fr": "Canal préféré ?", "choices_text": "Seul"},
    )
    assert response.status_code == 200
    assert "at least two choices" in response.content.decode()
    assert not survey.questions.exists()


def test_staff_moves_and_deletes_questions(staff_client, survey_with_questions):
    survey, rating, yes_no, why = survey_with_questions
    staff_client.post(_url("surveys:staff_question_move", pk=yes_no.pk), {"direction": "up"})
    assert list(survey.questions.all())[:2] == [yes_no, rating]
    staff_client.post(_url("surveys:staff_question_delete", pk=yes_no.pk))
    why.refresh_from_db()
    assert why.show_if_question is None
    assert survey.questions.count() == 2


def test_duplicate_view_makes_a_new_edition(staff_client, survey_with_questions):
    survey = survey_with_questions[0]
    response = staff_client.post(_url("surveys:staff_survey_duplicate", pk=survey.pk))
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert response["Location"].endswith(f"/staff/surveys/{copy.pk}/")
    assert copy.previous_edition == survey and copy.questions.count() == 3


def test_preview_renders_the_form_and_saves_nothing(staff_client, survey_with_questions):
    survey, rating, *_rest = survey_with_questions
    response = staff_client.post(
        _url("surveys:staff_survey_preview", pk=survey.pk), {f"q{rating.pk}": "5"}
    )
    assert response.status_code == 200
    assert "<fieldset" in response.content.decode()
    assert not Response.objects.exists()


def test_event_dashboard_link_prefills_a_post_event_survey(staff_client):
    from events.tests.factories import EventFactory

    event = EventFactory(title_fr="Atelier IA")
    response = staff_client.get(_url("surveys:staff_survey_create") + f"?event={event.pk}")
    form = response.context["form"]
    assert form.initial["event"] == event
    assert form.initial["audience"] == Survey.Audience.ATTENDEES


# Answering


def test_contact_answers_by_personal_link(client, personas, survey_with_questions):
    survey, rating, yes_no, why = survey_with_questions
    invitation = invitation_for(survey, personas.member_contact.contact)
    url = _url("surveys:answer", token=invitation.token)
    page = client.get(url)
    assert page.status_code == 200
    assert "Only if you answered" in page.content.decode()
    response = client.post(
        url, {f"q{rating.pk}": "4", f"q{yes_no.pk}": "no", f"q{why.pk}": "Trop de réunions"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("surveys:thanks", slug=survey.slug)
    saved = Response.objects.get()
    assert saved.contact == personas.member_contact.contact
    assert saved.organization == personas.org_a
    assert Answer.objects.get(question=why).value_text == "Trop de réunions"
    again = client.get(url)
    assert "already answered" in again.content.decode()


def test_missing_required_answer_is_shown_next_to_the_question(
    client, personas, survey_with_questions
):
    survey, rating, *_rest = survey_with_questions
    invitation = invitation_for(survey, personas.member_contact.contact)
    response = client.post(_url("surveys:answer", token=invitation.token), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_q{rating.pk}_errors"' in html
    assert not Response.objects.exists()


def test_draft_is_saved_and_restored_then_deleted_at_submit(
    client, personas, survey_with_questions
):
    survey, rating, yes_no, why = survey_with_questions
    invitation = invitation_for(survey, personas.member_contact.contact)
    url = _url("surveys:answer", token=invitation.token)
    client.post(url, {f"q{yes_no.pk}": "yes", "save_draft": "1"})
    assert ResponseDraft.objects.get().answers[f"q{yes_no.pk}"] == "yes"
    page = client.get(url).content.decode()
    assert f'value="yes" id="id_q{yes_no.pk}_0" checked' in page
    # The follow-up only shows for "no": with "yes" saved it is hidden.
    assert f'name="q{why.pk}"' not in page
    client.post(url, {f"q{rating.pk}": "5", f"q{yes_no.pk}": "yes"})
    assert not ResponseDraft.objects.exists()
    assert Response.objects.count() == 1


def test_tampered_token_gets_a_clear_404_page(client, db):
    response = client.get(_url("surveys:answer", token="not-a-real-token"))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_survey_closed_while_answering_saves_nothing(client, personas, survey_with_questions):
    survey, rating, *_rest = survey_with_questions
    invitation = invitation_for(survey, personas.member_contact.contact)
    url = _url("surveys:answer", token=invitation.token)
    assert client.get(url).status_code == 200
    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.post(url, {f"q{rating.pk}": "5"})
    assert "Nothing was saved" in response.content.decode()
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_member_space_lists_open_surveys_with_personal_links(client_for, personas):
    open_survey = SurveyFactory()
    closed = SurveyFactory(status=Survey.Status.CLOSED)
    contact = personas.member_contact.contact
    invitation = invitation_for(open_survey, contact)
    invitation_for(closed, contact)
    page = client_for("member_contact").get(_url("surveys:space_surveys")).content.decode()
    # Signed in, the person needs no personal link: the page opens their invitation.
    assert _url("surveys:space_answer", pk=invitation.pk) in page
    assert closed.title_en not in page


def test_answer_from_member_space(client_for, personas, survey_with_questions):
    survey, rating, *_rest = survey_with_questions
    invitation_for(survey, personas.member_contact.contact)
    client = client_for("member_contact")
    page = client.get(_url("surveys:space_surveys"))
    link = page.context["invitations"][0]
    response = client.post(_url("surveys:space_answer", pk=link.pk), {f"q{rating.pk}": "3"})
    assert response.status_code == 302
    assert Invitation.objects.get().answered_at is not None


def test_public_link_takes_one_answer_per_browser_and_catches_robots(client, db):
    survey = SurveyFactory(public_link_enabled=True, is_anonymous=True)
    question = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    url = _url("surveys:public_answer", slug=survey.slug)
    robot = client.post(url, {f"q{question.pk}": "10", "website": "http://spam"})
    assert robot.status_code == 400 and not Response.objects.exists()
    assert client.post(url, {f"q{question.pk}": "10"}).status_code == 302
    response = Response.objects.get()
    assert response.invitation is None and response.contact is None
    second = client.post(url, {f"q{question.pk}": "0"})
    assert "already answered" in second.content.decode()
    assert Response.objects.count() == 1


# Results


def _bulk_responses(survey, questions, n):
    organizations = [
        OrganizationFactory(kind=Organization.Kind.COMPANY),
        OrganizationFactory(kind=Organization.Kind.UNIVERSITY),
    ]
    responses = Response.objects.bulk_create(
        Response(survey=survey, organization=organizations[i % 2]) for i in range(n)
    )
    nps, rating, single, multiple, text = questions
    answers = []
    for i, response in enumerate(responses):
        answers += [
            Answer(response=response, question=nps, value_int=i % 11),
            Answer(response=response, question=rating, value_int=1 + i % 5),
            Answer(response=response, question=single, value_text="a" if i % 3 else "b"),
            Answer(response=response, question=multiple, value_choices=["a", "b"][: 1 + i % 2]),
            Answer(response=response, question=text, value_text=f"Commentaire {i}"),
        ]
    Answer.objects.bulk_create(answers, batch_size=2000)


def _results_survey():
    survey = SurveyFactory()
    choices = [{"value": "a", "label_fr": "A"}, {"value": "b", "label_fr": "B"}]
    questions = [
        QuestionFactory(survey=survey, kind=Question.Kind.NPS),
        QuestionFactory(survey=survey, kind=Question.Kind.RATING),
        QuestionFactory(survey=survey, kind=Question.Kind.SINGLE, choices=choices),
        QuestionFactory(survey=survey, kind=Question.Kind.MULTIPLE, choices=choices),
        QuestionFactory(survey=survey, kind=Question.Kind.LONG_TEXT),
    ]
    return survey, questions


def _count_results_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_results_page_query_count_does_not_grow_with_responses(
    staff_client, django_assert_num_queries
):
    survey, questions = _results_survey()
    _bulk_responses(survey, questions, 10)
    url = _url("surveys:staff_survey_results", pk=survey.pk)
    few, _page = _count_results_queries(staff_client, url)
    # Session and user (2), survey, questions, response count, invitation counts, integer,
    # single-choice and multiple-choice distributions, written answers count, the layout's
    # affiliation check, the working-group filter choices and the written answers page:
    # the same 13 whether there are 10 or 2,000 responses.
    assert few == 13
    _bulk_responses(survey, questions, 1990)
    with django_assert_num_queries(13):
        response = staff_client.get(url)
    html = response.content.decode()
    assert html.count("<svg") == 4
    assert '<dd class="response-count">2000</dd>' in html
    nps_counts = {v: sum(1 for i in range(2000) if i % 11 == v) for v in range(11)}
    promoters = nps_counts[9] + nps_counts[10]
    detractors = sum(nps_counts[v] for v in range(7))
    assert f"NPS: {round(100 * (promoters - detractors) / 2000)}" in html


def test_results_filter_by_organization_kind_and_search_text(staff_client):
    survey, questions = _results_survey()
    _bulk_responses(survey, questions, 10)
    url = _url("surveys:staff_survey_results", pk=survey.pk)
    response = staff_client.get(url, {"kind": "university", "q": "Commentaire 3"})
    assert response.context["response_count"] == 5
    assert [a.value_text for a in response.context["texts"]] == ["Commentaire 3"]


def test_exports_raw_answers_as_csv_and_xlsx(staff_client):
    survey, questions = _results_survey()
    _bulk_responses(survey, questions, 3)
    Answer.objects.filter(question=questions[4]).update(value_text="=HYPERLINK(1)")
    url = _url("surveys:staff_survey_export", pk=survey.pk)
    content = staff_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert len(rows) == 4
    assert rows[1][-1] == "'=HYPERLINK(1)"
    response = staff_client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4


@pytest.mark.parametrize("size", [3, 30])
def test_survey_list_query_count_does_not_grow(staff_client, django_assert_num_queries, size):
    for _index in range(size):
        survey = SurveyFactory()
        QuestionFactory(survey=survey)
        Response.objects.create(survey=survey)
    # session, user; the paginator's COUNT; the page with its response and question counts;
    # the header's "is a member" check.
    with django_assert_num_queries(5):
        response = staff_client.get(_url("surveys:staff_surveys"))
    html = response.content.decode()
    assert html.count('class="survey-row"') == min(size, 25)


@pytest.mark.parametrize("size", [3, 60])
def test_export_query_count_does_not_grow(staff_client, django_assert_num_queries, size):
    survey, questions = _results_survey()
    _bulk_responses(survey, questions, size)
    # session, user; the survey; its questions; the responses with organizations and
    # contacts; all their answers.
    with django_assert_num_queries(6):
        response = staff_client.get(_url("surveys:staff_survey_export", pk=survey.pk))
    assert response.content.decode("utf-8-sig").count("\n") == size + 1


def test_changing_a_trigger_answer_shows_or_hides_its_follow_up_and_saves_progress(
    client, personas, survey_with_questions
):
    survey, rating, yes_no, why = survey_with_questions
    invitation = invitation_for(survey, personas.member_contact.contact)
    url = _url("surveys:answer", token=invitation.token)
    page = client.get(url).content.decode()
    assert 'hx-trigger="change"' in page  # on the trigger question's fieldset
    htmx = {"HTTP_HX_REQUEST": "true"}
    hidden = client.post(url, {f"q{yes_no.pk}": "yes", "refresh": "1"}, **htmx).content.decode()
    assert '<div id="survey-questions">' in hidden
    assert "<html" not in hidden
    assert f'name="q{why.pk}"' not in hidden
    assert "Please answer this question" not in hidden  # no error while answering
    shown = client.post(url, {f"q{yes_no.pk}": "no", "refresh": "1"}, **htmx).content.decode()
    assert f'name="q{why.pk}"' in shown
    assert "Only if you answered" not in shown
    assert ResponseDraft.objects.get().answers[f"q{yes_no.pk}"] == "no"
    assert not Response.objects.exists()


def test_anonymity_cannot_change_once_people_answered(staff_client):
    survey = SurveyFactory(is_anonymous=True)
    Response.objects.create(survey=survey)
    response = staff_client.post(
        _url("surveys:staff_survey_edit", pk=survey.pk),
        {"title_fr": survey.title_fr, "audience": "members"},
    )
    assert response.status_code == 200
    assert "anonymity cannot change" in response.content.decode()
    survey.refresh_from_db()
    assert survey.is_anonymous


def test_answered_question_keeps_its_kind_and_cannot_be_deleted(staff_client):
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, kind=Question.Kind.RATING)
    Answer.objects.create(
        response=Response.objects.create(survey=survey), question=question, value_int=4
    )
    response = staff_client.post(
        _url("surveys:staff_question_edit", pk=question.pk),
        {"kind": "nps", "text_fr": question.text_fr},
    )
    assert "its kind cannot change" in response.content.decode()
    staff_client.post(_url("surveys:staff_question_delete", pk=question.pk))
    question.refresh_from_db()
    assert question.kind == Question.Kind.RATING
