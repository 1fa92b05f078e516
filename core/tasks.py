from celery import shared_task
from django.core import management

from core import email, links, outbox


@shared_task
def sessions_clear() -> None:
    """Remove expired sessions from the database (Django does not do it by itself)."""
    management.call_command("clearsessions")


@shared_task
def outbox_sweep() -> int:
    """Queue again the emails the mail server refused, whose next attempt is due, and hand
    to the queue whatever a request could not (Redis was down when it committed)."""
    email.emails_retry_due()
    return outbox.outbox_sweep()


@shared_task
def personal_links_purge() -> int:
    """Daily: delete the personal links that expired (core.links)."""
    return links.links_purge()
