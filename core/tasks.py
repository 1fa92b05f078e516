from celery import shared_task
from django.core import management


@shared_task
def sessions_clear() -> None:
    """Remove expired sessions from the database (Django does not do it by itself)."""
    management.call_command("clearsessions")
