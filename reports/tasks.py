"""Celery tasks of the reports: each loads its objects by primary key and calls a service.

Building is safe to run twice (a lease, see services.reports); announcing sends each email
once (core.email.email_send_once), so a retried task sends only what is left."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from core.email import RETRYABLE_ERRORS
from reports.models import ReportVersion
from reports.periods import Period
from reports.services import announcements, statements
from reports.services import reports as report_services


@shared_task(acks_late=True)
def report_build(report_id: int) -> bool:
    # acks_late: a worker that dies mid-build leaves the message to be redelivered; the
    # lease makes the redelivery harmless, and the report says what to build.
    return report_services.report_build(report_id=report_id)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def report_version_announce(version_id: int) -> int:
    version = ReportVersion.objects.select_related("report", "report__working_group").get(
        pk=version_id
    )
    return announcements.report_version_announce(version=version)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def reports_drafts_create() -> int:
    """Beat task, daily: the drafts of the period just ended, and the animators' to-do (once
    per period, however many days it runs)."""
    drafts = report_services.reports_drafts_create(today=timezone.localdate())
    if drafts:
        occasion = Period.ended_before("quarter", timezone.localdate()).code
        announcements.reports_todo_send(reports=drafts, occasion=occasion)
    return len(drafts)


@shared_task
def report_builds_resume_stalled() -> list[int]:
    """Beat, every minute: build again the reports whose worker died (lease run out)."""
    return report_services.report_builds_resume_stalled()


# Building statements is idempotent (each batch replaces its statements), so a run the
# database cut short is simply run again.
@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def statements_build(year: int | None = None) -> int:
    """Beat task, early January: every member organization's statement of `year` (by
    default the year just ended); returns how many were built."""
    if year is None:
        year = timezone.localdate().year - 1
    return statements.statements_build_year(year=year)
