"""Celery tasks of the members app: each loads its objects by primary key and calls a service.

Emails go through `email_send_once`: tasks retry on RETRYABLE_ERRORS, which covers failing
to reach the mail server; an email that may have left stays claimed, so a retry does not
send it again."""

from celery import shared_task
from django.utils import timezone, translation

from core.email import RETRYABLE_ERRORS
from members import services
from members.models import DuesReminder, ImportJob, Invitation, MembershipApplication
from members.services import imports, joining, memberships


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def invitation_send(invitation_id: int, _token: str | None = None) -> None:
    # Tasks queued before links were issued at sending time carry a token: a fresh link is
    # issued all the same, the old one still works until the invitation expires.
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation_id
    )
    services.invitation_send(invitation=invitation)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def application_animators_notify(application_id: int) -> None:
    application = MembershipApplication.objects.select_related(
        "organization", "contact", "category"
    ).get(pk=application_id)
    joining.application_animators_notify(application=application)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def application_acknowledge_send(application_id: int) -> None:
    application = MembershipApplication.objects.select_related("organization", "contact").get(
        pk=application_id
    )
    joining.application_acknowledge_send(application=application)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def application_decision_send(application_id: int) -> None:
    application = MembershipApplication.objects.select_related(
        "organization", "contact", "membership"
    ).get(pk=application_id)
    joining.application_decision_send(application=application)


@shared_task
def dues_reminders_send() -> int:
    """Beat task: record and queue today's dues reminders; returns how many."""
    return len(memberships.dues_reminders_send(today=timezone.localdate()))


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def dues_reminder_send(reminder_id: int) -> None:
    reminder = DuesReminder.objects.get(pk=reminder_id)
    memberships.dues_reminder_send(reminder=reminder)


# The import tasks write their messages into the job: in the language of who asked.
@shared_task
def import_check(job_id: int, language: str) -> None:
    with translation.override(language):
        imports.import_job_check(job=ImportJob.objects.get(pk=job_id))


@shared_task
def import_commit(job_id: int, language: str) -> None:
    with translation.override(language):
        imports.import_job_commit(job=ImportJob.objects.get(pk=job_id))


@shared_task
def imports_resume_stalled() -> list[int]:
    """Beat, every minute: start again the imports whose worker died (lease run out)."""
    return imports.imports_resume_stalled()
