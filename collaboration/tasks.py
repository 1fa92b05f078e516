"""Celery tasks of collaboration: they load objects by key and call a service."""

import datetime

from celery import shared_task
from django.utils import timezone

from collaboration.models import Introduction, Opportunity, Participation
from collaboration.services import calls, introductions
from collaboration.services import opportunities as opportunity_services
from core.email import RETRYABLE_ERRORS
from members.models import Contact


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


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def introduction_requested_send(introduction_id: int) -> None:
    introduction = Introduction.objects.select_related("requester", "target", "post").get(
        pk=introduction_id
    )
    introductions.introduction_requested_send(introduction=introduction)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def introduction_accepted_send(introduction_id: int) -> None:
    introduction = Introduction.objects.select_related(
        "requester", "target", "requested_by", "decided_by"
    ).get(pk=introduction_id)
    introductions.introduction_accepted_send(introduction=introduction)


@shared_task
def digests_queue() -> int:
    """Beat task, Monday morning: queue each subscriber's weekly digest."""
    return introductions.digests_queue(today=timezone.localdate())


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def digest_send(contact_id: int, day: str) -> None:
    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is not None:
        introductions.digest_send(contact=contact, today=datetime.date.fromisoformat(day))


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def opportunity_decision_send(opportunity_id: int) -> None:
    opportunity = Opportunity.objects.select_related("poster").get(pk=opportunity_id)
    opportunity_services.opportunity_decision_send(opportunity=opportunity)


@shared_task
def opportunities_board_refresh() -> None:
    """Beat task, just after midnight: the items that expired yesterday leave stored pages."""
    opportunity_services.opportunities_board_refresh()
