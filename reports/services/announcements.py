"""The emails of the reports: a published version announced to member contacts, and the
animators' to-do when the drafts of a period just ended are ready."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from communications.selectors.audiences import audience_recipients
from core.email import EmailNotSentError, email_send_once
from core.models import User
from reports.models import Report, ReportVersion


def report_version_announce(*, version: ReportVersion) -> int:
    """Email every member contact who accepts the cluster's news (the newsletter consent,
    as newsletters read it) that the version is out, once each: a retried task sends only
    what is left. A working-group synthesis is not emailed: its group's page shows it, and
    so does the next cluster report. Returns how many this call sent."""
    report = version.report
    if report.is_synthesis:
        return 0
    sent = 0
    refused = None
    recipients = audience_recipients(audience={"members": True})
    for recipient in recipients:
        language = recipient.language if recipient.language in ("fr", "en") else "fr"
        with translation.override(language):
            url = settings.SITE_URL + reverse("reports:space_report", args=[report.pk])
            title = report.title
        try:
            sent += email_send_once(
                key=f"report-announce:{version.pk}:{recipient.email}",
                template="reports/emails/announcement",
                to=recipient.email,
                language=language,
                context={
                    "name": recipient.name,
                    "title": title,
                    "version": version,
                    "url": url,
                },
            )
        except EmailNotSentError as error:
            # The others still get it; the task is retried for this one.
            refused = refused or error
    if refused is not None:
        raise refused
    ReportVersion.objects.filter(pk=version.pk, announced_at__isnull=True).update(
        announced_at=timezone.now(), announcement_count=len(recipients)
    )
    return sent


def reports_todo_send(*, reports: list[Report], occasion: str) -> int:
    """Tell every active animator which drafts wait for them (once per `occasion`)."""
    if not reports:
        return 0
    sent = 0
    refused = None
    for animator in User.objects.filter(is_staff=True, is_active=True).order_by("pk"):
        language = animator.preferred_language or "fr"
        with translation.override(language):
            items = [
                (
                    report.title,
                    settings.SITE_URL + reverse("reports:staff_report", args=[report.pk]),
                )
                for report in reports
            ]
            url = settings.SITE_URL + reverse("reports:staff_reports")
        try:
            sent += email_send_once(
                key=f"reports-todo:{occasion}:{animator.pk}",
                template="reports/emails/todo",
                to=animator.email,
                language=language,
                context={"first_name": animator.first_name, "items": items, "url": url},
            )
        except EmailNotSentError as error:
            refused = refused or error
    if refused is not None:
        raise refused
    return sent
