"""Celery tasks of collaboration: they load objects by key and call a service."""

from celery import shared_task

from collaboration.models import Participation
from collaboration.services import calls
from core.email import RETRYABLE_ERRORS


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def interest_expressed_notify(participation_id: int) -> None:
    participation = Participation.objects.select_related("project", "organization").get(
        pk=participation_id
    )
    calls.interest_expressed_notify(participation=participation)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def interest_decision_send(participation_id: int) -> None:
    participation = Participation.objects.select_related(
        "project", "project__lead", "organization", "contact"
    ).get(pk=participation_id)
    calls.interest_decision_send(participation=participation)
