import datetime
import hashlib
import re

import pytest
from django.core import mail
from django.utils import timezone

from core.models import SentEmail
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Affiliation, WorkingGroup, WorkingGroupMember
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from surveys import selectors
from surveys.forms.answers import AnswerForm
from surveys.forms.surveys import QuestionForm
from surveys.models import Answer, Invitation, Question, Response, Survey
from surveys.services import answers as answer_services
from surveys.services import sending as sending_services
from surveys.services import surveys as survey_services
from surveys.tests.factories import QuestionFactory, SurveyFactory, invitation_for

pytestmark = pytest.mark.django_db


def _member_contact(access=Affiliation.Access.CONTACT, **org):
    affiliation = AffiliationFactory(organization=OrganizationFactory(**org), access=access)
    return affiliation.contact


def test_moving_a_question_up_swaps_it_with_the_one_above():
    survey = SurveyFactory(status=Survey.Status.DRAFT)
    first = QuestionFactory(survey=survey, position=1)
    second = QuestionFactory(survey=survey, position=2)
    survey_services.item_move(item=second, up=True)
    assert list(survey.questions.all()) == [second, first]
    survey_services.item_move(item=second, up=True)  # already first: nothing changes
    assert list(survey.questions.all()) == [second, first]


def test_duplicate_copies_sections_questions_and_conditions_and_links_previous_edition(
    django_user_model,
):
    survey = SurveyFactory(reminder_days=[7])
    section = survey_services.section_save(survey=survey, data={"title_fr": "Général"})
    trigger = QuestionFactory(survey=survey, kind=Question.Kind.YES_NO, section=section)
    follow_up = QuestionFactory(
        survey=survey,
        kind=Question.Kind.LONG_TEXT,
        show_if_question=trigger,
        show_if_values=["no"],
    )
    copy = survey_services.survey_duplicate(survey=survey, created_by=None)
    assert copy.previous_edition == survey
    assert copy.status == Survey.Status.DRAFT
    copied = list(copy.questions.all())
    assert [q.text_fr for q in copied] == [trigger.text_fr, follow_up.text_fr]
    assert copied[0].section.survey == copy
    assert copied[1].show_if_question == copied[0]
    assert copied[1].show_if_values == ["no"]
    assert survey.questions.count() == 2


def test_question_form_refuses_condition_values_the_trigger_cannot_take():
    survey = SurveyFactory()
    trigger = QuestionFactory(survey=survey, kind=Question.Kind.YES_NO)
    form = QuestionForm(
        {
            "kind": "long_text",
            "text_fr": "Pourquoi ?",
            "show_if_question": trigger.pk,
            "show_if_values_text": "maybe",
        },
        survey=survey,
    )
    assert not form.is_valid()
    assert "show_if_values_text" in form.errors


def test_conditional_question_is_ignored_when_its_condition_is_false():
    survey = SurveyFactory()
    trigger = QuestionFactory(survey=survey, kind=Question.Kind.YES_NO, required=True)
    follow_up = QuestionFactory(
        survey=survey,
        kind=Question.Kind.SHORT_TEXT,
        required=True,
        show_if_question=trigger,
        show_if_values=["no"],
    )
    questions = [trigger, follow_up]
    form = AnswerForm({f"q{trigger.pk}": "yes", f"q{follow_up.pk}": "ignored"}, questions=questions)
    assert form.is_valid(), form.errors
    assert form.values()[follow_up.pk] == ""
    form = AnswerForm({f"q{trigger.pk}": "no"}, questions=questions)
    assert not form.is_valid()
    assert f"q{follow_up.pk}" in form.errors


def test_sending_invites_the_audience_once_each_in_their_language(
    django_capture_on_commit_callbacks,
):
    survey = SurveyFactory(status=Survey.Status.DRAFT, audience=Survey.Audience.ADMINS)
    QuestionFactory(survey=survey)
    admin = _member_contact(access=Affiliation.Access.ADMIN)
    admin.preferred_language = "en"
    admin.save()
    _member_contact()  # a plain contact: not in the audience
    _member_contact(access=Affiliation.Access.ADMIN, lifecycle="prospect")
    with django_capture_on_commit_callbacks(execute=True):
        sending_services.survey_open(survey=survey)
    assert list(Invitation.objects.values_list("contact", flat=True)) == [admin.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [admin.email]
    assert survey.title_en in message.subject
    assert message.alternatives  # multipart: text and HTML
    invitation = Invitation.objects.get()
    token = re.search(r"/en/surveys/([\w-]+)/", message.body).group(1)
    assert f"/en/surveys/{token}/" in message.body
    assert selectors.invitation_for_token(token) == invitation
    assert invitation.links.get().token_hash == hashlib.sha256(token.encode()).hexdigest()
    sending_services.survey_invitations_send(survey=survey)
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key=f"survey:{survey.pk}:invite:{invitation.pk}").exists()


def test_survey_opening_later_is_sent_by_the_periodic_job_once_open(
    django_capture_on_commit_callbacks,
):
    opens_at = timezone.now() + datetime.timedelta(days=2)
    survey = SurveyFactory(status=Survey.Status.DRAFT, opens_at=opens_at)
    contact = _member_contact()
    with django_capture_on_commit_callbacks(execute=True):
        sending_services.survey_open(survey=survey)
    assert not Invitation.objects.exists() and not mail.outbox
    assert sending_services.surveys_emails_due() == 0
    # The opening date comes.
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now())
    assert sending_services.surveys_emails_due() == 1
    assert mail.outbox[0].to == [contact.email]
    assert sending_services.surveys_emails_due() == 0


def test_attendee_audience_is_the_people_marked_present():
    event = EventFactory()
    present = RegistrationFactory(event=event, attendance=Registration.Attendance.PRESENT)
    RegistrationFactory(event=event)
    survey = SurveyFactory(audience=Survey.Audience.ATTENDEES, event=event)
    assert list(selectors.audience_contacts(survey=survey)) == [present.contact]


def test_group_audience_is_its_accepted_members():
    group = WorkingGroup.objects.create(name_fr="IA", slug="ia")
    accepted, pending = ContactFactory(), ContactFactory()
    WorkingGroupMember.objects.create(
        group=group, contact=accepted, status=WorkingGroupMember.Status.ACCEPTED
    )
    WorkingGroupMember.objects.create(group=group, contact=pending)
    survey = SurveyFactory(audience=Survey.Audience.GROUP, working_group=group)
    assert list(selectors.audience_contacts(survey=survey)) == [accepted]


def test_reminder_goes_once_per_offset_and_only_to_people_who_did_not_answer():
    survey = SurveyFactory(reminder_days=[7, 14])
    question = QuestionFactory(survey=survey)
    silent = invitation_for(survey, _member_contact())
    answered = invitation_for(survey, _member_contact())
    sent_at = timezone.now() - datetime.timedelta(days=8)
    Invitation.objects.update(sent_at=sent_at)
    answered.refresh_from_db()
    answer_services.response_submit(
        survey=survey, questions=[question], values={question.pk: "4"}, invitation=answered
    )
    assert sending_services.survey_reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[silent.email]]
    assert sending_services.survey_reminders_send() == 0
    later = timezone.now() + datetime.timedelta(days=7)
    assert sending_services.survey_reminders_send(now=later) == 1
    assert SentEmail.objects.filter(key=f"survey:{survey.pk}:reminder:14:{silent.pk}").exists()


def test_no_reminder_for_a_closed_survey():
    survey = SurveyFactory(reminder_days=[1], status=Survey.Status.CLOSED)
    invitation = invitation_for(survey, _member_contact())
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert sending_services.survey_reminders_send() == 0


def test_anonymous_response_keeps_no_link_to_the_person():
    survey = SurveyFactory(is_anonymous=True)
    question = QuestionFactory(survey=survey, kind=Question.Kind.NPS)
    invitation = invitation_for(survey, _member_contact())
    response = answer_services.response_submit(
        survey=survey, questions=[question], values={question.pk: "9"}, invitation=invitation
    )
    response.refresh_from_db()
    assert response.invitation is None
    assert response.contact is None
    assert response.organization is None
    assert response.submitted_at is None
    assert response.submitted_on == timezone.localdate()
    invitation.refresh_from_db()
    answered_at = timezone.localtime(invitation.answered_at)
    assert answered_at.date() == timezone.localdate()
    assert (answered_at.hour, answered_at.minute, answered_at.second) == (0, 0, 0)
    assert not Response.objects.filter(invitation=invitation).exists()


def test_named_response_is_linked_to_contact_and_organization():
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey)
    contact = _member_contact()
    invitation = invitation_for(survey, contact)
    response = answer_services.response_submit(
        survey=survey, questions=[question], values={question.pk: "5"}, invitation=invitation
    )
    assert response.invitation == invitation
    assert response.contact == contact
    assert response.organization == contact.affiliations.get().organization


def test_second_answer_is_refused():
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey)
    invitation = invitation_for(survey, _member_contact())
    answer_services.response_submit(
        survey=survey, questions=[question], values={question.pk: "5"}, invitation=invitation
    )
    with pytest.raises(answer_services.AlreadyAnswered):
        answer_services.response_submit(
            survey=survey, questions=[question], values={question.pk: "1"}, invitation=invitation
        )
    assert Response.objects.count() == 1


def test_closed_survey_saves_nothing():
    survey = SurveyFactory(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    question = QuestionFactory(survey=survey)
    invitation = invitation_for(survey, _member_contact())
    with pytest.raises(answer_services.SurveyClosed):
        answer_services.response_submit(
            survey=survey, questions=[question], values={question.pk: "5"}, invitation=invitation
        )
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_nps_is_promoters_minus_detractors():
    # 5 promoters, 3 passives, 2 detractors out of 10: 50 % − 20 % = 30.
    nps = selectors.nps_breakdown({10: 3, 9: 2, 8: 2, 7: 1, 6: 1, 0: 1})
    assert nps["score"] == 30
    assert (nps["promoters"], nps["passives"], nps["detractors"]) == (5, 3, 2)
    assert selectors.nps_breakdown({}) is None


def test_results_count_choices_and_compare_with_previous_edition():
    previous = SurveyFactory(status=Survey.Status.CLOSED)
    old_nps = QuestionFactory(survey=previous, kind=Question.Kind.NPS, text_fr="Recommander ?")
    survey = survey_services.survey_duplicate(survey=previous, created_by=None)
    survey.status = Survey.Status.OPEN
    survey.save()
    (nps,) = survey.questions.all()
    multiple = QuestionFactory(
        survey=survey,
        kind=Question.Kind.MULTIPLE,
        choices=[{"value": "a", "label_fr": "A"}, {"value": "b", "label_fr": "B"}],
    )
    answer_services.response_submit(
        survey=survey,
        questions=[nps, multiple],
        values={nps.pk: "10", multiple.pk: ["a", "b"]},
    )
    answer_services.response_submit(
        survey=survey, questions=[nps, multiple], values={nps.pk: "3", multiple.pk: ["a"]}
    )
    response = Response.objects.create(survey=previous)
    Answer.objects.create(response=response, question=old_nps, value_int=10)
    results = selectors.survey_results(survey=survey)
    by_kind = {r.question.kind: r for r in results["questions"]}
    assert by_kind["nps"].nps["score"] == 0
    assert by_kind["nps"].previous_nps["score"] == 100
    assert [(b.label, b.count) for b in by_kind["multiple"].bars] == [("A", 2), ("B", 1)]
    assert results["response_count"] == 2
