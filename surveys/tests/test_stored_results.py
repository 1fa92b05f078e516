"""A closed survey's results are counted once when it closes, then read from storage."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from surveys import tasks
from surveys.models import Answer, Question, Survey, SurveyResults
from surveys.services.sending import survey_close
from surveys.services.surveys import question_save, survey_update
from surveys.tests.factories import QuestionFactory, SurveyFactory
from surveys.tests.test_views import _bulk_responses, _results_survey


def _url(pk, language="en"):
    with translation.override(language):
        return reverse("surveys:staff_survey_results", kwargs={"pk": pk})


def _questions_html(response) -> str:
    """The questions' part of the page, whitespace aside."""
    html = response.content.decode()
    part = html[html.index('<section class="question-result"') : html.index('id="written-answers"')]
    return re.sub(r"\s+", " ", part)


@pytest.fixture
def staff_client(client_for):
    return client_for("staff")


@pytest.fixture
def closed_survey(db, django_capture_on_commit_callbacks):
    survey, questions = _results_survey()
    survey.status = Survey.Status.OPEN
    survey.save()
    _bulk_responses(survey, questions, 30)
    with django_capture_on_commit_callbacks(execute=True):
        survey_close(survey=survey)
    return survey, questions


def test_closing_a_survey_counts_its_results_once(closed_survey):
    survey, questions = closed_survey
    figures = SurveyResults.objects.get(survey=survey).figures
    assert figures["response_count"] == 30
    nps = questions[0]
    assert sum(figures["ints"][str(nps.pk)].values()) == 30
    assert figures["satisfaction"]["nps"] is not None


def test_a_closed_survey_shows_its_stored_results_not_a_recount(staff_client, closed_survey):
    survey, questions = closed_survey
    # Changed behind the services' back: the page keeps showing what was counted at close.
    Answer.objects.filter(question=questions[2]).update(value_text="b")
    html = staff_client.get(_url(survey.pk)).content.decode()
    assert '<dd class="response-count">30</dd>' in html
    assert "<td>20</td>" in html  # "a", chosen by two responses in three at close


@pytest.mark.parametrize("language", ["fr", "en"])
def test_stored_results_draw_the_same_page_as_counting_them(staff_client, closed_survey, language):
    survey, _questions = closed_survey
    stored = _questions_html(staff_client.get(_url(survey.pk, language)))
    SurveyResults.objects.all().delete()
    cache.clear()
    counted = _questions_html(staff_client.get(_url(survey.pk, language)))
    assert stored == counted
    assert stored.count("<svg") == 4


def test_editing_a_question_of_a_closed_survey_counts_its_results_again(
    staff_client, closed_survey, django_capture_on_commit_callbacks
):
    survey, questions = closed_survey
    single = questions[2]
    staff_client.get(_url(survey.pk))  # its drawing now in the cache
    relabelled = [
        {"value": "a", "label_fr": "Choix A", "label_en": "Choice A"},
        *single.choices[1:],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        question_save(survey=survey, question=single, data={"choices": relabelled})
    html = staff_client.get(_url(survey.pk)).content.decode()
    assert "Choice A" in html
    assert SurveyResults.objects.filter(survey=survey).exists()


def test_a_late_change_drops_stored_results_until_they_are_counted_again(closed_survey):
    survey, _questions = closed_survey
    # Without its callbacks run, the recount is still owed: nothing stale is left to read.
    survey_update(survey=survey, data={"title_en": "Renamed"})
    assert not SurveyResults.objects.filter(survey=survey).exists()
    assert tasks.survey_results_store(survey.pk) is True
    assert SurveyResults.objects.filter(survey=survey).exists()


def test_the_next_edition_compares_with_the_previous_one_as_it_is_now(
    db, django_capture_on_commit_callbacks
):
    previous = SurveyFactory(status=Survey.Status.CLOSED)
    old = QuestionFactory(survey=previous, kind=Question.Kind.RATING, text_fr="Note")
    survey = SurveyFactory(status=Survey.Status.CLOSED, previous_edition=previous)
    QuestionFactory(survey=survey, kind=Question.Kind.RATING, text_fr="Note")
    tasks.survey_results_store(survey.pk)
    with django_capture_on_commit_callbacks(execute=True):
        question_save(survey=previous, question=old, data={"text_fr": "Note globale"})
    # Both recounted: the next edition no longer finds a question worded like its own.
    assert SurveyResults.objects.get(survey=survey).figures["previous"] == {}


def test_an_open_survey_is_never_read_from_storage(staff_client, db):
    survey, questions = _results_survey()
    survey.status = Survey.Status.OPEN
    survey.save()
    _bulk_responses(survey, questions, 3)
    assert tasks.survey_results_store(survey.pk) is False
    assert not SurveyResults.objects.exists()


def test_filtered_results_of_a_closed_survey_are_counted_live(staff_client, closed_survey):
    survey, _questions = closed_survey
    response = staff_client.get(_url(survey.pk), {"kind": "university"})
    assert response.context["response_count"] == 15
    assert response.context["stored_version"] is None


@pytest.mark.parametrize("size", [3, 60])
def test_closed_results_page_query_count_does_not_grow(
    staff_client, db, django_assert_num_queries, django_capture_on_commit_callbacks, size
):
    survey, questions = _results_survey()
    survey.status = Survey.Status.OPEN
    survey.save()
    _bulk_responses(survey, questions, size)
    with django_capture_on_commit_callbacks(execute=True):
        survey_close(survey=survey)
    # Session and user (2), the survey, its stored results, the questions, the written
    # answers' count, the layout's affiliation check, the working-group filter choices and
    # the page of written answers: 9, with the results counted or not.
    with django_assert_num_queries(9):
        response = staff_client.get(_url(survey.pk))
    assert f'<dd class="response-count">{size}</dd>' in response.content.decode()
