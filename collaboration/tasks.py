"""Celery tasks of collaboration: they load objects by key and call a service."""

from celery import shared_task

from collaboration.models import Opportunity
from collaboration.services import opportunities as opportunity_services
from core.email import RETRYABLE_ERRORS

# The opportunities board.


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def opportunity_decision_send(opportunity_id: int) -> None:
    opportunity = Opportunity.objects.select_related("poster").get(pk=opportunity_id)
    opportunity_services.opportunity_decision_send(opportunity=opportunity)


@shared_task
def opportunities_board_refresh() -> None:
    opportunity_services.opportunities_board_refresh()
