"""Answers stay consistent: conditions, percentages, anonymity and concurrent sending."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Affiliation
from members.tests.factories import AffiliationFactory, OrganizationFactory
from surveys import selectors
from surveys.models import Answer, Invitation, Question, Response, ResponseDraft, Survey
from surveys.services import answers as answer_services
from surveys.services import sending as sending_services
from surveys.tests.factories import QuestionFactory, SurveyFactory, invitation_for

pytestmark = pytest.mark.django_db

CHOICES = [
    {"value": "a", "label_fr": "A", "label_en": "A"},
    {"value": "b", "label_fr": "B", "label_en": "B"},
    {"value": "c", "label_fr": "C", "label_en": "C"},
]


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def test_follow_up_of_a_multiple_choice_shows_when_several_boxes_are_ticked(client, personas):
    survey = SurveyFactory()
    trigger = QuestionFactory(survey=survey, kind=Question.Kind.MULTIPLE, choices=CHOICES)
    follow_up = QuestionFactory(
        survey=survey,
        kind=Question.Kind.SHORT_TEXT,
        required=True,
        show_if_question=trigger,
        show_if_values=["a"],
    )
    invitation = invitation_for(survey, personas.member_contact.contact)
    # "a" first, "b" last: the last box alone would not show the follow-up.
    response = client.post(
        _url("surveys:answer", token=invitation.token), {f"q{trigger.pk}": ["a", "b"]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'name="q{follow_up.pk}"' in html
    assert f'id="id_q{follow_up.pk}_errors"' in html


def test_multiple_choice_percentages_are_of_the_people_who_answered():
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, kind=Question.Kind.MULTIPLE, choices=CHOICES)
    for ticked in (["a", "b"], ["a"], ["a", "c"], ["b"]):
        Answer.objects.create(
            response=Response.objects.create(survey=survey),
            question=question,
            value_choices=ticked,
        )
    result = selectors.survey_results(survey=survey)["questions"][0]
    assert result.answered == 4
    assert [(bar.count, bar.percent) for bar in result.bars] == [(3, 75.0), (2, 50.0), (1, 25.0)]


def test_multiple_choice_counts_are_the_same_without_postgresql():
    """The quick start runs on SQLite, where the counts are made in Python."""
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, kind=Question.Kind.MULTIPLE, choices=CHOICES)
    for ticked in (["a", "b"], ["a"], ["a", "c"], ["b"], []):
        Answer.objects.create(
            response=Response.objects.create(survey=survey),
            question=question,
            value_choices=ticked,
        )
    responses = Response.objects.filter(survey=survey)
    in_sql = selectors._multiple_counts(survey=survey, responses=responses)
    in_python = selectors._multiple_counts_in_python(survey=survey, responses=responses)
    assert in_python == in_sql == ({question.pk: {"a": 3, "b": 2, "c": 1}}, {question.pk: 4})


def test_anonymous_survey_keeps_no_draft(client, personas):
    survey = SurveyFactory(is_anonymous=True)
    question = QuestionFactory(survey=survey, kind=Question.Kind.YES_NO)
    invitation = invitation_for(survey, personas.member_contact.contact)
    url = _url("surveys:answer", token=invitation.token)
    page = client.get(url).content.decode()
    assert 'name="save_draft"' not in page
    client.post(url, {f"q{question.pk}": "yes", "save_draft": "1"})
    client.post(url, {f"q{question.pk}": "yes", "refresh": "1"}, HTTP_HX_REQUEST="true")
    assert answer_services.draft_save(invitation=invitation, answers={"x": "y"}) is False
    assert not ResponseDraft.objects.exists()


def test_draft_is_not_saved_once_the_invitation_is_answered(personas):
    survey = SurveyFactory()
    invitation = invitation_for(survey, personas.member_contact.contact)
    Invitation.objects.filter(pk=invitation.pk).update(answered_at=timezone.now())
    assert answer_services.draft_save(invitation=invitation, answers={"q1": "yes"}) is False
    assert not ResponseDraft.objects.exists()


def test_closing_a_survey_deletes_its_drafts(personas):
    survey = SurveyFactory()
    invitation = invitation_for(survey, personas.member_contact.contact)
    assert answer_services.draft_save(invitation=invitation, answers={"q1": "yes"})
    sending_services.survey_close(survey=survey)
    assert not ResponseDraft.objects.exists()


@pytest.mark.parametrize(
    "state",
    [
        {"status": Survey.Status.OPEN},
        {"status": Survey.Status.DRAFT, "sent_at": timezone.now()},
    ],
)
def test_anonymity_cannot_change_once_the_survey_was_sent(client_for, state):
    survey = SurveyFactory(is_anonymous=True, **state)
    response = client_for("staff").post(
        _url("surveys:staff_survey_edit", pk=survey.pk),
        {"title_fr": survey.title_fr, "audience": "members"},
    )
    assert response.status_code == 200
    assert "The survey was sent already" in response.content.decode()
    survey.refresh_from_db()
    assert survey.is_anonymous


def test_anonymity_can_change_on_a_draft_never_sent(client_for):
    survey = SurveyFactory(is_anonymous=True, status=Survey.Status.DRAFT)
    response = client_for("staff").post(
        _url("surveys:staff_survey_edit", pk=survey.pk),
        {"title_fr": survey.title_fr, "audience": "members"},
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert not survey.is_anonymous


def test_invitations_are_created_under_the_survey_lock_without_a_link_yet():
    survey = SurveyFactory(audience=Survey.Audience.ADMINS)
    AffiliationFactory(
        organization=OrganizationFactory(lifecycle="member"), access=Affiliation.Access.ADMIN
    )
    with CaptureQueriesContext(connection) as queries:
        sending_services.invitations_create(survey=survey)
    lock = next(i for i, q in enumerate(queries) if "FOR UPDATE" in q["sql"])
    insert = next(i for i, q in enumerate(queries) if q["sql"].startswith("INSERT"))
    assert lock < insert
    invitation = Invitation.objects.get()
    # No link yet: each email issues its own (core.links).
    assert not invitation.links.exists()
    assert sending_services.invitations_create(survey=survey) == []


def test_event_survey_title_is_translated_in_each_language(client_for):
    from events.tests.factories import EventFactory

    event = EventFactory(title_fr="Atelier IA", title_en="AI workshop")
    response = client_for("staff").get(_url("surveys:staff_survey_create") + f"?event={event.pk}")
    initial = response.context["form"].initial
    with translation.override("fr"):
        expected_fr = translation.gettext("Satisfaction: %(event)s") % {"event": "Atelier IA"}
    assert initial["title_fr"] == expected_fr
    assert initial["title_en"] == "Satisfaction: AI workshop"


def test_survey_past_its_closing_date_is_not_sent(client_for):
    survey = SurveyFactory(
        status=Survey.Status.DRAFT, closes_at=timezone.now() - timezone.timedelta(days=1)
    )
    QuestionFactory(survey=survey)
    response = client_for("staff").post(
        _url("surveys:staff_survey_send", pk=survey.pk), follow=True
    )
    html = response.content.decode()
    assert "The closing date has passed" in html
    assert "will be sent when the survey opens" not in html
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_only_an_open_survey_can_be_closed(client_for):
    survey = SurveyFactory(status=Survey.Status.DRAFT)
    client_for("staff").post(_url("surveys:staff_survey_close", pk=survey.pk))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_latest_annual_survey_comes_before_one_with_no_opening_date():
    today = timezone.localdate()
    undated = SurveyFactory(is_annual=True, opens_at=None)
    QuestionFactory(survey=undated, kind=Question.Kind.NPS)
    dated = SurveyFactory(is_annual=True, opens_at=timezone.now() - timezone.timedelta(days=1))
    nps = QuestionFactory(survey=dated, kind=Question.Kind.NPS)
    Answer.objects.create(
        response=Response.objects.create(survey=dated), question=nps, value_int=10
    )
    # Created later, the undated one would win a tie-break on creation.
    Survey.objects.filter(pk=undated.pk).update(created_at=timezone.now())
    assert selectors.annual_satisfaction(today=today) == 100


def test_latest_nps_of_an_organization_is_found_beyond_the_latest_answers():
    organization = OrganizationFactory()
    survey = SurveyFactory()
    nps = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    texts = [QuestionFactory(survey=survey, kind=Question.Kind.SHORT_TEXT) for _i in range(3)]
    old = Response.objects.create(
        survey=survey, organization=organization, submitted_on=timezone.localdate()
    )
    Answer.objects.create(response=old, question=nps, value_int=8)
    later = Response.objects.create(
        survey=survey, organization=organization, submitted_on=timezone.localdate()
    )
    for question in texts:
        Answer.objects.create(response=later, question=question, value_text="ok")
    figures = selectors.organization_survey_answers(organization=organization, limit=3)
    assert len(figures["answers"]) == 3
    assert figures["latest_nps"].value_int == 8


def test_anonymous_export_has_no_organization_or_contact_column(client_for):
    survey = SurveyFactory(is_anonymous=True)
    question = QuestionFactory(survey=survey, kind=Question.Kind.RATING, text_en="Rate us")
    Answer.objects.create(
        response=Response.objects.create(survey=survey), question=question, value_int=4
    )
    response = client_for("staff").get(
        _url("surveys:staff_survey_export", pk=survey.pk), {"format": "csv"}
    )
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].split(";") == ["Response", "Date", "Rate us"]
    assert rows[1].endswith(";4")


def _question_form(question, **data):
    from surveys.forms.surveys import QuestionForm

    fields = {"kind": question.kind, "text_fr": question.text_fr, **data}
    return QuestionForm(fields, instance=question, survey=question.survey)


def test_unchanged_choice_labels_keep_their_values():
    question = QuestionFactory(
        kind=Question.Kind.SINGLE,
        choices=[
            {"value": "web", "label_fr": "Site", "label_en": "Site"},
            {"value": "mail", "label_fr": "Courriel", "label_en": "Email"},
        ],
    )
    form = _question_form(question, choices_text="Site | Website\nCourriel | Email\nAutre")
    assert form.is_valid(), form.errors
    assert [c["value"] for c in form.cleaned_data["choices"]] == ["web", "mail", "autre"]


def test_answered_choice_cannot_be_removed():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE, choices=CHOICES)
    Answer.objects.create(
        response=Response.objects.create(survey=question.survey),
        question=question,
        value_choices=["b"],
    )
    form = _question_form(question, choices_text="A\nC")
    assert not form.is_valid()
    assert "choices_text" in form.errors
    assert _question_form(question, choices_text="A\nB").is_valid()


def test_choice_showing_a_follow_up_cannot_be_removed():
    question = QuestionFactory(kind=Question.Kind.SINGLE, choices=CHOICES)
    QuestionFactory(
        survey=question.survey,
        kind=Question.Kind.SHORT_TEXT,
        show_if_question=question,
        show_if_values=["c"],
    )
    form = _question_form(question, choices_text="A\nB")
    assert not form.is_valid()
    assert "choices_text" in form.errors


def test_trigger_cannot_become_conditional_nor_change_kind():
    survey = SurveyFactory()
    first = QuestionFactory(survey=survey, kind=Question.Kind.YES_NO)
    trigger = QuestionFactory(survey=survey, kind=Question.Kind.YES_NO)
    QuestionFactory(
        survey=survey,
        kind=Question.Kind.SHORT_TEXT,
        show_if_question=trigger,
        show_if_values=["no"],
    )
    form = _question_form(trigger, show_if_question=first.pk, show_if_values_text="no")
    assert not form.is_valid()
    assert "show_if_question" in form.errors
    form = _question_form(trigger, kind=Question.Kind.RATING)
    assert not form.is_valid()
    assert "kind" in form.errors


def test_nps_score_is_shared_by_the_results_and_the_satisfaction_figures():
    assert selectors.nps_score(3, 1, 4) == 50
    assert selectors.nps_score(0, 0, 0) is None
    survey = SurveyFactory()
    nps = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    for value in (10, 9, 8, 3):
        Answer.objects.create(
            response=Response.objects.create(survey=survey), question=nps, value_int=value
        )
    assert selectors.survey_satisfaction(survey=survey)["nps"] == 25
    assert selectors.survey_results(survey=survey)["questions"][0].nps["score"] == 25


def test_export_shows_choices_as_labels(client_for):
    survey = SurveyFactory(is_anonymous=True)
    question = QuestionFactory(
        survey=survey, kind=Question.Kind.MULTIPLE, choices=CHOICES, text_en="Which?"
    )
    Answer.objects.create(
        response=Response.objects.create(survey=survey),
        question=question,
        value_choices=["a", "c"],
    )
    response = client_for("staff").get(
        _url("surveys:staff_survey_export", pk=survey.pk), {"format": "csv"}
    )
    assert response.content.decode("utf-8-sig").splitlines()[1].endswith(";A, C")


def test_organization_page_dates_answers_in_the_language_format(client_for, personas):
    from django.utils.formats import date_format

    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    day = timezone.localdate()
    response = Response.objects.create(survey=survey, organization=personas.org_a, submitted_on=day)
    Answer.objects.create(response=response, question=question, value_int=9)
    html = (
        client_for("staff")
        .get(_url("members:staff_organization", slug=personas.org_a.slug))
        .content.decode()
    )
    with translation.override("en"):
        assert f"<td>{date_format(day, 'DATE_FORMAT')}</td>" in html
