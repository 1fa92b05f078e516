"""Celery tasks of the portal: each calls a service."""

from celery import shared_task

from portal.services import retention


@shared_task
def retention_apply() -> dict[str, int]:
    """Daily: delete or anonymise personal data past its retention period, in every app."""
    return retention.retention_apply()
