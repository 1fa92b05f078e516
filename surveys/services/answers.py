"""Answering: personal links (with drafts), public links taking one answer per browser
or per confirmed email address, and recording responses."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.domain_events import publish
from core.email import email_send_once
from core.links import link_issue, link_objects
from core.outbox import task_enqueue
from core.ratelimit import rate_limit_hit
from members.models import Affiliation
from surveys.models import (
    PUBLIC_CONFIRM_LINK,
    Answer,
    Invitation,
    PendingResponse,
    PublicRespondent,
    Question,
    Response,
    ResponseDraft,
    Survey,
)
from surveys.selectors import questions_in_order


class SurveyClosed(Exception):
    """The survey stopped taking answers (closed, or past its closing date)."""


class AlreadyAnswered(Exception):
    pass


class InvalidLink(Exception):
    """A confirmation link that was tampered with, has expired, or was used already."""


# Answers accepted through public links from one client address per hour. Enough for a
# room of people answering on the venue's wifi, not for a script stuffing the results;
# where one answer per person matters, the survey asks for a confirmed email instead.
PUBLIC_ANSWERS_PER_HOUR = 30
# How long the link confirming an answer given with an email address stays valid.
PUBLIC_CONFIRM_MAX_AGE = 3 * 24 * 3600


def public_answer_allowed(*, client_ip: str) -> bool:
    """Count one answer through a public link from `client_ip` and say whether it is within
    the hourly limit (a fixed window in the cache, shared by every worker)."""
    return rate_limit_hit(key=f"surveys:public_answers:{client_ip}", limit=PUBLIC_ANSWERS_PER_HOUR)


@transaction.atomic
def pending_response_create(
    *, survey: Survey, email: str, values: dict, language: str
) -> PendingResponse:
    """Keep an answer given through the public link until its email address is confirmed,
    and email the confirmation link. Nothing counts before that."""
    from surveys.tasks import survey_public_confirmation_send

    pending = PendingResponse.objects.create(
        survey=survey,
        email=email.strip(),
        language=language,
        values={str(pk): value for pk, value in values.items()},
    )
    task_enqueue(survey_public_confirmation_send, pending.pk)
    return pending


def public_confirmation_token(*, pending: PendingResponse) -> str:
    """A new token for the link confirming `pending`, valid PUBLIC_CONFIRM_MAX_AGE."""
    return link_issue(
        target=pending,
        purpose=PUBLIC_CONFIRM_LINK,
        expires_at=timezone.now() + datetime.timedelta(seconds=PUBLIC_CONFIRM_MAX_AGE),
    )


def public_confirmation_email_send(*, pending: PendingResponse) -> bool:
    """The email with the link confirming the answer, once per pending answer."""
    language = pending.language
    survey = pending.survey

    def context() -> dict:
        token = public_confirmation_token(pending=pending)
        with translation.override(language):
            return {
                "survey_title": survey.title,
                "confirm_url": settings.SITE_URL
                + reverse("surveys:public_confirm", kwargs={"token": token}),
                "valid_days": PUBLIC_CONFIRM_MAX_AGE // (24 * 3600),
            }

    return email_send_once(
        key=f"survey:{survey.pk}:public-confirm:{pending.pk}",
        template="surveys/emails/survey_public_confirm",
        to=pending.email,
        context=context,
        language=language,
    )


def _pending_responses(token: str):
    # A public link staff switched off takes no answer any more, even confirmed ones.
    return link_objects(
        purpose=PUBLIC_CONFIRM_LINK,
        token=token,
        queryset=PendingResponse.objects.filter(survey__public_link_enabled=True).select_related(
            "survey"
        ),
    )


def _still_fits(question: Question, value) -> bool:
    """Whether an answer kept while waiting for confirmation still fits its question, which
    staff may have edited meanwhile (answers counted so far do not stop that)."""
    if value in (None, "", []):
        return False
    if question.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        return isinstance(value, str)
    options = {choice for choice, _label in question.choice_options()}
    if question.kind == Question.Kind.MULTIPLE:
        return isinstance(value, list) and set(map(str, value)) <= options
    return str(value) in options


def pending_response_for_token(*, token: str) -> PendingResponse:
    """The answer a confirmation link is for, without confirming it: the page the link
    opens asks for a click first, because mail scanners open every link they see."""
    pending = _pending_responses(token).first()
    if pending is None:
        raise InvalidLink
    return pending


@transaction.atomic
def pending_response_confirm(*, token: str) -> Response:
    """Count the answer of a confirmation link. Raises InvalidLink, AlreadyAnswered when
    this address already has an answer counted (the database refuses a second one), or
    SurveyClosed."""
    pending = _pending_responses(token).select_for_update(of=("self",)).first()
    if pending is None:
        raise InvalidLink
    survey = pending.survey
    former = PublicRespondent.former_email_hashes(pending.email)
    if former and PublicRespondent.objects.filter(survey=survey, email_hash__in=former).exists():
        # Counted under a former secret key: the constraint below cannot see it.
        raise AlreadyAnswered
    try:
        with transaction.atomic():
            PublicRespondent.objects.create(
                survey=survey, email_hash=PublicRespondent.hash_email(pending.email)
            )
    except IntegrityError:
        raise AlreadyAnswered from None
    questions = questions_in_order(survey=survey)
    values = {
        question.pk: pending.values.get(str(question.pk))
        for question in questions
        if _still_fits(question, pending.values.get(str(question.pk)))
    }
    response = response_submit(survey=survey, questions=questions, values=values)
    pending.delete()
    return response


def pending_responses_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the answers whose confirmation link expired: they hold an email address and
    will never count."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=PUBLIC_CONFIRM_MAX_AGE)
    deleted, _ = PendingResponse.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def draft_save(*, invitation: Invitation, answers: dict) -> bool:
    """Keep the answers typed so far. Nothing is kept for an anonymous survey (the draft
    would tie the answers to the person) nor once the invitation is answered: the lock
    keeps a late save from bringing back the draft the submission deleted."""
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(pk=invitation.pk, answered_at__isnull=True, survey__is_anonymous=False)
        .first()
    )
    if locked is None:
        return False
    ResponseDraft.objects.update_or_create(invitation=locked, defaults={"answers": answers})
    return True


def _answer_rows(*, questions: list[Question], values: dict) -> list[Answer]:
    rows = []
    for question in questions:
        value = values.get(question.pk)
        if value in (None, "", []):
            continue
        answer = Answer(question=question)
        if question.kind in (Question.Kind.RATING, Question.Kind.NPS):
            answer.value_int = int(value)
        elif question.kind == Question.Kind.MULTIPLE:
            answer.value_choices = list(value)
        else:
            answer.value_text = str(value)
        rows.append(answer)
    return rows


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    questions: list[Question],
    values: dict,
    invitation: Invitation | None = None,
) -> Response:
    """Record a complete response. `values` maps question ids to cleaned values.

    For an anonymous survey the response keeps no invitation, contact or organization and
    only the day; the invitation is marked answered in the same transaction. Someone who
    sees both tables could match them by time, or by the order of the responses' ids, so
    both sides keep the day only: the invitation's `answered_at` is the start of that day.
    A day on which a single person answered still gives that person away to whoever reads
    the database; the results pages never show dates of anonymous responses.
    """
    # Lock the survey row so a closing in progress and this answer do not interleave.
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_accepting():
        raise SurveyClosed
    now = timezone.now()
    if invitation is not None:
        answered_at = now
        if survey.is_anonymous:
            answered_at = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        marked = Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
            answered_at=answered_at
        )
        if not marked:
            raise AlreadyAnswered
        ResponseDraft.objects.filter(invitation=invitation).delete()
    response = Response(survey=survey, submitted_on=timezone.localdate(now))
    if not survey.is_anonymous:
        response.submitted_at = now
        if invitation is not None:
            response.invitation = invitation
            response.contact_id = invitation.contact_id
            if invitation.contact_id:
                affiliation = (
                    Affiliation.objects.filter(contact_id=invitation.contact_id)
                    .order_by("access", "pk")
                    .first()
                )
                response.organization_id = affiliation.organization_id if affiliation else None
    response.save()
    rows = _answer_rows(questions=questions, values=values)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    publish("survey.answered", response)
    return response
