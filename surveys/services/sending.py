"""Opening and closing surveys, sending the invitations and their reminders."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.email import EmailNotSentError, email_send_once
from core.links import link_issue
from core.outbox import task_enqueue
from surveys.models import (
    INVITATION_LINK,
    INVITATION_LINK_VALIDITY,
    Invitation,
    PendingResponse,
    ResponseDraft,
    Survey,
)
from surveys.selectors import audience_newcomers
from surveys.services.answers import pending_responses_purge


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
    from surveys.tasks import survey_results_store

    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    # Nobody can finish them any more; they would only keep answers tied to people.
    ResponseDraft.objects.filter(invitation__survey=survey).delete()
    PendingResponse.objects.filter(survey=survey).delete()
    # No answer comes in any more: the results are counted once, for the page to read.
    task_enqueue(survey_results_store, survey.pk)
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
                template="surveys/emails/survey_invitation",
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
                        template="surveys/emails/survey_reminder",
                    ):
                        sent += 1
                except EmailNotSentError as error:
                    refused = refused or error  # the others are still reminded
    if refused is not None:
        raise refused
    return sent
