"""Celery tasks of the open API: thin, each calls a service."""

from celery import shared_task

from api.services import tokens


@shared_task
def api_audit_purge() -> tuple[int, int]:
    """Beat, nightly: the audit entries past API_AUDIT_RETENTION_DAYS, and the tokens dead
    for longer than that."""
    return tokens.api_audit_purge()
