"""Celery tasks of the members app: each loads its objects by primary key and calls a service."""

from celery import shared_task
from django.utils import timezone

from members import services
from members.models import DuesReminder, Invitation, MembershipApplication
from members.services import joining, memberships


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_send(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation_id
    )
    services.invitation_send(invitation=invitation, token=token)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def application_acknowledge_send(application_id: int) -> None:
    application = MembershipApplication.objects.select_related("organization", "contact").get(
        pk=application_id
    )
    joining.application_acknowledge_send(application=application)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def application_decision_send(application_id: int) -> None:
    application = MembershipApplication.objects.select_related(
        "organization", "contact", "membership"
    ).get(pk=application_id)
    joining.application_decision_send(application=application)


@shared_task
def dues_reminders_send() -> int:
    """Beat task: record and queue today's dues reminders; returns how many."""
    return len(memberships.dues_reminders_send(today=timezone.localdate()))


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def dues_reminder_send(reminder_id: int) -> None:
    reminder = DuesReminder.objects.get(pk=reminder_id)
    memberships.dues_reminder_send(reminder=reminder)
