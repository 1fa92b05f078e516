"""Building surveys, sending invitations and reminders, recording answers."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from core.email import EmailNotSentError, email_send_once
from core.links import link_issue, link_objects, link_resolve
from core.outbox import task_enqueue
from core.ratelimit import rate_limit_hit
from events.models import Registration
from members.models import Affiliation, Contact, WorkingGroupMember
from surveys.models import (
    INVITATION_LINK,
    INVITATION_LINK_VALIDITY,
    PUBLIC_CONFIRM_LINK,
    Answer,
    Invitation,
    PendingResponse,
    PublicRespondent,
    Question,
    Response,
    ResponseDraft,
    Section,
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


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "survey"
    slug, n = base, 2
    while Survey.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Building


@transaction.atomic
def survey_create(*, data: dict, created_by) -> Survey:
    return Survey.objects.create(**data, slug=_unique_slug(data["title_fr"]), created_by=created_by)


@transaction.atomic
def survey_update(*, survey: Survey, data: dict) -> Survey:
    for field, value in data.items():
        setattr(survey, field, value)
    survey.save()
    return survey


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def section_save(*, survey: Survey, data: dict, section: Section | None = None) -> Section:
    if section is None:
        section = Section(survey=survey, position=_next_position(survey.sections.all()))
    for field, value in data.items():
        setattr(section, field, value)
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    # Its questions stay, outside any section.
    section.delete()


@transaction.atomic
def question_save(*, survey: Survey, data: dict, question: Question | None = None) -> Question:
    if question is None:
        question = Question(survey=survey, position=_next_position(survey.questions.all()))
    for field, value in data.items():
        setattr(question, field, value)
    if question.show_if_question_id is None:
        question.show_if_values = []
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    question.dependents.update(show_if_question=None, show_if_values=[])
    question.delete()


@transaction.atomic
def item_move(*, item: Question | Section, up: bool) -> None:
    """Swap the question (or section) with its neighbour above or below; a question moves
    within its section."""
    siblings = type(item).objects.filter(survey_id=item.survey_id)
    if isinstance(item, Question):
        siblings = siblings.filter(section_id=item.section_id)
    if up:
        neighbour = (
            siblings.filter(
                Q(position__lt=item.position) | Q(position=item.position, pk__lt=item.pk)
            )
            .order_by("-position", "-pk")
            .first()
        )
    else:
        neighbour = (
            siblings.filter(
                Q(position__gt=item.position) | Q(position=item.position, pk__gt=item.pk)
            )
            .order_by("position", "pk")
            .first()
        )
    if neighbour is None:
        return
    if neighbour.position == item.position:
        # Equal positions (older data): spread them out first.
        neighbour.position += -1 if up else 1
    item.position, neighbour.position = neighbour.position, item.position
    item.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])


@transaction.atomic
def survey_duplicate(*, survey: Survey, created_by) -> Survey:
    """A new draft edition with the same sections and questions, comparing with this one."""
    copy = Survey.objects.create(
        title_fr=survey.title_fr,
        title_en=survey.title_en,
        intro_fr=survey.intro_fr,
        intro_en=survey.intro_en,
        slug=_unique_slug(survey.title_fr),
        is_anonymous=survey.is_anonymous,
        is_annual=survey.is_annual,
        audience=survey.audience,
        working_group=survey.working_group,
        public_link_enabled=survey.public_link_enabled,
        public_check=survey.public_check,
        reminder_days=list(survey.reminder_days),
        previous_edition=survey,
        created_by=created_by,
    )
    sections = {}
    for section in survey.sections.all():
        sections[section.pk] = Section.objects.create(
            survey=copy,
            position=section.position,
            title_fr=section.title_fr,
            title_en=section.title_en,
        )
    questions = {}
    originals = list(survey.questions.all())
    for question in originals:
        questions[question.pk] = Question.objects.create(
            survey=copy,
            section=sections.get(question.section_id),
            position=question.position,
            kind=question.kind,
            text_fr=question.text_fr,
            text_en=question.text_en,
            required=question.required,
            choices=question.choices,
            show_if_values=question.show_if_values,
        )
    for question in originals:
        if question.show_if_question_id:
            new = questions[question.pk]
            new.show_if_question = questions[question.show_if_question_id]
            new.save(update_fields=["show_if_question"])
    return copy


# Sending


def audience_contacts(*, survey: Survey):
    """The contacts the survey is sent to, with an email address, once each."""
    contacts = Contact.objects.filter(anonymised_at__isnull=True).exclude(email="")
    audience = survey.audience
    if audience == Survey.Audience.MEMBERS:
        contacts = contacts.filter(affiliations__organization__lifecycle="member")
    elif audience == Survey.Audience.ADMINS:
        contacts = contacts.filter(
            affiliations__organization__lifecycle="member",
            affiliations__access=Affiliation.Access.ADMIN,
        )
    elif audience == Survey.Audience.GROUP:
        contacts = contacts.filter(
            working_groups__group=survey.working_group_id,
            working_groups__status=WorkingGroupMember.Status.ACCEPTED,
        )
    elif audience == Survey.Audience.ATTENDEES:
        contacts = contacts.filter(
            registrations__event=survey.event_id,
            registrations__attendance=Registration.Attendance.PRESENT,
        )
    else:
        return Contact.objects.none()
    return contacts.distinct()


def audience_newcomers(*, survey: Survey):
    """The audience's contacts not invited yet: whom sending (again) emails."""
    return audience_contacts(survey=survey).exclude(pk__in=survey.invitations.values("contact_id"))


@transaction.atomic
def survey_open(*, survey: Survey) -> Survey:
    """Open the survey and queue the invitations (sending again only reaches newcomers).

    A survey whose opening date is still ahead is sent by `surveys_emails_due` once it opens.
    """
    from surveys.tasks import survey_invitations_send

    survey.status = Survey.Status.OPEN
    if survey.opens_at is None:
        survey.opens_at = timezone.now()
    survey.save(update_fields=["status", "opens_at"])
    if survey.is_accepting():
        task_enqueue(survey_invitations_send, survey.pk)
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    # Nobody can finish them any more; they would only keep answers tied to people.
    ResponseDraft.objects.filter(invitation__survey=survey).delete()
    PendingResponse.objects.filter(survey=survey).delete()
    return survey


@transaction.atomic
def invitations_create(*, survey: Survey) -> list[Invitation]:
    """Invitations for the audience's contacts who have none yet.

    Under the survey's row lock, so that two runs at once (the sending task and the
    periodic job) do not invite the same contacts twice."""
    Survey.objects.select_for_update().get(pk=survey.pk)
    contacts = audience_newcomers(survey=survey)
    new = [
        Invitation(
            survey=survey,
            contact=contact,
            email=contact.email,
            language=contact.preferred_language,
        )
        for contact in contacts.only("pk", "email", "preferred_language")
    ]
    return invitations_bulk_create(invitations=new)


def invitations_bulk_create(*, invitations: list[Invitation]) -> list[Invitation]:
    """Save new invitations. They hold no link: each email issues its own."""
    return Invitation.objects.bulk_create(invitations)


def invitation_link_issue(*, invitation: Invitation) -> str:
    """A new token for the invitation's answer link, valid INVITATION_LINK_VALIDITY."""
    return link_issue(
        target=invitation,
        purpose=INVITATION_LINK,
        expires_at=timezone.now() + INVITATION_LINK_VALIDITY,
    )


def _invitation_email_send(
    *, survey: Survey, invitation: Invitation, key: str, template: str
) -> bool:
    """The invitation or a reminder, in the invitee's language, once per `key`. Each email
    carries a link of its own (issued once the email is claimed); earlier ones still work."""
    language = invitation.language

    def context() -> dict:
        token = invitation_link_issue(invitation=invitation)
        with translation.override(language):
            return {
                "survey_title": survey.title,
                "survey_intro": survey.intro,
                "answer_path": reverse("surveys:answer", kwargs={"token": token}),
                "closes_at": survey.closes_at,
                "is_anonymous": survey.is_anonymous,
            }

    return email_send_once(
        key=key, template=template, to=invitation.email, context=context, language=language
    )


def survey_invitations_send(*, survey: Survey) -> int:
    """Create the missing invitations and email every one not emailed yet. Returns the count.
    Nothing leaves before the survey opens or after it closes."""
    if not survey.is_accepting():
        return 0
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.sent_at is None:
            Survey.objects.filter(pk=survey.pk).update(sent_at=timezone.now())
        # Existing invitations are read again under the lock, inside.
        invitations_create(survey=locked)
    sent = 0
    refused = None
    for invitation in survey.invitations.filter(sent_at__isnull=True):
        try:
            if _invitation_email_send(
                survey=survey,
                invitation=invitation,
                key=f"survey:{survey.pk}:invite:{invitation.pk}",
                template="emails/survey_invitation",
            ):
                sent += 1
        except EmailNotSentError as error:
            # The invitees after a refused address are still invited; this one keeps no
            # sent_at, and the retried task invites it again.
            refused = refused or error
            continue
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    if refused is not None:
        raise refused
    return sent


def surveys_emails_due(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: invitations of open surveys whose opening date has come, then
    reminders. Returns the number of emails sent."""
    now = now or timezone.now()
    sent = 0
    scheduled = Survey.objects.filter(status=Survey.Status.OPEN, sent_at__isnull=True)
    for survey in scheduled.filter(opens_at__lte=now):
        sent += survey_invitations_send(survey=survey)
    sent += survey_reminders_send(now=now)
    pending_responses_purge(now=now)
    return sent


def survey_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """One reminder per reminder day to each invitation not answered yet."""
    now = now or timezone.now()
    sent = 0
    refused = None
    surveys = Survey.objects.filter(status=Survey.Status.OPEN).exclude(reminder_days=[])
    for survey in surveys:
        if not survey.is_accepting(now):
            continue
        for offset in sorted({int(day) for day in survey.reminder_days}):
            due = survey.invitations.filter(
                answered_at__isnull=True,
                sent_at__isnull=False,
                sent_at__lte=now - datetime.timedelta(days=offset),
            )
            for invitation in due:
                try:
                    if _invitation_email_send(
                        survey=survey,
                        invitation=invitation,
                        key=f"survey:{survey.pk}:reminder:{offset}:{invitation.pk}",
                        template="emails/survey_reminder",
                    ):
                        sent += 1
                except EmailNotSentError as error:
                    refused = refused or error  # the others are still reminded
    if refused is not None:
        raise refused
    return sent


# Answering


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
        template="emails/survey_public_confirm",
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


def invitation_for_token(token: str) -> Invitation | None:
    return link_resolve(
        purpose=INVITATION_LINK,
        token=token,
        queryset=Invitation.objects.select_related("survey", "contact"),
    )


def invitation_of_user(*, user, pk: int) -> Invitation | None:
    """One of the signed-in person's own invitations: the member space opens it without a
    link."""
    return (
        Invitation.objects.select_related("survey", "contact")
        .filter(pk=pk, contact__user=user)
        .first()
    )


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
    return response
