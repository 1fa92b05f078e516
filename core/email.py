"""Sending the portal's emails: always HTML and text, always in the recipient's language,
and, through `email_send_once`, never twice for the same occasion.

An email the server did not take is owed until it does: its SentEmail row remembers the
Celery task that sends it, and `emails_retry_due` (run by the minute sweeper) runs that task
again, backing off, for EMAIL_RETRY_WINDOW_SECONDS. Running the task again is safe: every
email it sends goes through `email_send_once`, so only what is still owed leaves.
"""

import importlib
import json
import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import current_app, current_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.models import SentEmail
from core.outbox import task_enqueue

logger = logging.getLogger(__name__)

RETRY_BATCH = 500
# What staff may still act on: retry or cancel.
OWED_STATUSES = (SentEmail.Status.FAILED, SentEmail.Status.GIVEN_UP)

# (filename, content, mimetype), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes | str, str]


class EmailNotSentError(OSError):
    """The email did not leave and is marked failed: sending again is safe. Raised from the
    error that stopped it (a timeout, a refused connection, TLS, a refusal before DATA...).
    An OSError, like what it wraps, for tasks that retry on OSError."""


# What tasks sending through `email_send_once` retry on. Not the errors raised while the
# message was being handed over: the server may have taken it, the email stays claimed.
RETRYABLE_ERRORS = (EmailNotSentError,)

# Refusals the server gives during the conversation but before it takes the message.
REFUSED_BEFORE_DATA = (
    ConnectionRefusedError,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
)


def page_address(url_name: str, *, language: str = "", **kwargs) -> str:
    """The full address of a page for an email, with its path in the recipient's `language`
    (the site's default when empty): `page_address("events:event_detail", language="en",
    slug=...)` → "https://cluster.example/en/events/..."."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return settings.SITE_URL.rstrip("/") + reverse(url_name, kwargs=kwargs or None)


def email_render(
    *,
    template: str,
    to: str,
    context: dict,
    language: str,
    headers=None,
    attachments: list[Attachment] | None = None,
) -> EmailMultiAlternatives:
    """Render templates/<template>_subject.txt, .txt and .html in `language`."""
    context = {"site_url": settings.SITE_URL, "cluster_name": settings.CLUSTER_NAME, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=text,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message


def email_send_once(
    *,
    key: str,
    template: str,
    to: str,
    context: dict | Callable[[], dict],
    language: str,
    headers: dict | None = None,
    attachments: list[Attachment] | Callable[[dict], list[Attachment]] | None = None,
) -> bool:
    """Send the email for the occasion `key` unless it was already sent (or is being sent).

    `context` may be a function that builds it, and `attachments` a function of the built
    context: they are called only once this call has claimed the email, so a personal link
    (core.links) is issued for an email about to leave, never for one skipped as sent.

    Returns True when this call sent it. The claim is a row written before the SMTP
    conversation. Errors before the message could have left mark it failed: a template error
    is raised as it is; connecting (DNS, TCP, TLS, greeting, login) or a refusal before DATA
    raise EmailNotSentError, on which tasks retry, and the retry sends it. An error while the
    message was being handed over is recorded and raised, but the email stays claimed, so
    nobody gets two copies.
    """
    task_name, task_args = _current_task_call()
    try:
        with transaction.atomic():
            record = SentEmail.objects.create(
                key=key,
                to=to,
                template=template,
                status=SentEmail.Status.SENDING,
                attempts=1,
                task_name=task_name,
                task_args=task_args,
            )
    except IntegrityError:
        claimed = SentEmail.objects.filter(key=key, status=SentEmail.Status.FAILED).update(
            status=SentEmail.Status.SENDING, attempts=F("attempts") + 1
        )
        if not claimed:
            return False
        record = SentEmail.objects.get(key=key)
    try:
        if callable(context):
            context = context()
        if callable(attachments):
            attachments = attachments(context)
        message = email_render(
            template=template,
            to=to,
            context=context,
            language=language,
            headers=headers,
            attachments=attachments,
        )
    except Exception as error:
        # A template to fix: retrying would fail the same way.
        _mark_failed(record=record, error=error)
        raise
    try:
        # Opening the connection covers DNS, TCP, TLS, greeting and login: nothing has left.
        connection = get_connection()
        connection.open()
    except Exception as error:
        _mark_failed(record=record, error=error)
        raise EmailNotSentError(repr(error)) from error
    try:
        connection.send_messages([message])
    except REFUSED_BEFORE_DATA as error:
        _mark_failed(record=record, error=error)
        raise EmailNotSentError(repr(error)) from error
    except Exception as error:
        # The server may have taken the message: the email stays claimed, never resent, and
        # the task's arguments are not kept for a retry that never comes.
        SentEmail.objects.filter(pk=record.pk).update(error=repr(error)[:2000], task_args=[])
        raise
    finally:
        connection.close()
    SentEmail.objects.filter(pk=record.pk).update(
        status=SentEmail.Status.SENT,
        sent_at=timezone.now(),
        error="",
        task_args=[],
        next_attempt_at=None,
    )
    return True


def _current_task_call() -> tuple[str, list]:
    """The Celery task running this send and its arguments, to run it again if the email
    does not leave; ("", []) outside a task (nothing to run again)."""
    task = current_task._get_current_object() if current_task else None
    if task is None or task.request.kwargs or task.request.args is None:
        return "", []
    args = list(task.request.args)
    try:
        json.dumps(args)
    except TypeError:
        return "", []
    return task.name, args


def _task_named(name: str):
    """The Celery task called `name`, or None. Its module is imported first: a web process
    (staff retrying an email) has not necessarily imported every tasks module."""
    if not name:
        return None
    try:
        importlib.import_module(name.rpartition(".")[0])
    except ImportError:
        return None
    return current_app.tasks.get(name)


def _retry_delay(*, failing_since: datetime, now: datetime) -> timedelta:
    """Wait as long again as the email has been failing: the wait doubles at each attempt,
    between EMAIL_RETRY_FIRST_DELAY_SECONDS and EMAIL_RETRY_MAX_DELAY_SECONDS."""
    first = timedelta(seconds=settings.EMAIL_RETRY_FIRST_DELAY_SECONDS)
    longest = timedelta(seconds=settings.EMAIL_RETRY_MAX_DELAY_SECONDS)
    return min(max(now - failing_since, first), longest)


def _retry_window() -> timedelta:
    return timedelta(seconds=settings.EMAIL_RETRY_WINDOW_SECONDS)


def _give_up_at(record: SentEmail) -> datetime:
    return record.give_up_at or record.created_at + _retry_window()


def _failing_since(record: SentEmail) -> datetime:
    # The start of the current retry window: the first send, or staff's last retry.
    return _give_up_at(record) - _retry_window()


def _mark_failed(*, record: SentEmail, error: Exception) -> None:
    now = timezone.now()
    SentEmail.objects.filter(pk=record.pk).update(
        status=SentEmail.Status.FAILED,
        error=repr(error)[:2000],
        next_attempt_at=now + _retry_delay(failing_since=_failing_since(record), now=now),
        give_up_at=_give_up_at(record),
    )


def emails_retry_due(*, now: datetime | None = None) -> int:
    """Run again the task of every failed email whose next attempt is due; give up those
    whose retry window has passed. Returns how many tasks were queued.

    Rows are locked with SKIP LOCKED, so two sweepers never retry the same email at once. A
    task that sends several emails is queued once, however many of them failed.
    """
    now = now or timezone.now()
    queued: set[tuple[str, str]] = set()
    with transaction.atomic():
        due = (
            SentEmail.objects.select_for_update(skip_locked=True)
            .filter(status=SentEmail.Status.FAILED, next_attempt_at__lte=now)
            .order_by("next_attempt_at")[:RETRY_BATCH]
        )
        for record in due:
            task = _task_named(record.task_name)
            if task is None or (record.give_up_at and record.give_up_at <= now):
                if task is None:
                    logger.error("No task to send %s again: given up", record)
                record.status = SentEmail.Status.GIVEN_UP
                record.next_attempt_at = None
                record.save(update_fields=["status", "next_attempt_at"])
                continue
            call = (record.task_name, json.dumps(record.task_args))
            if call not in queued:
                task_enqueue(task, *record.task_args)
                queued.add(call)
            # Not again before the task has had its chance: it sets the next attempt itself
            # when the server refuses again.
            delay = _retry_delay(failing_since=_failing_since(record), now=now)
            record.next_attempt_at = now + delay
            record.save(update_fields=["next_attempt_at"])
    return len(queued)


def email_retry(*, email: SentEmail) -> bool:
    """Staff: try a failed or given-up email again now, with a fresh retry window. False when
    it cannot be (sent meanwhile, cancelled, or no task known to send it)."""
    task = _task_named(email.task_name)
    if task is None:
        return False
    now = timezone.now()
    with transaction.atomic():
        moved = SentEmail.objects.filter(pk=email.pk, status__in=OWED_STATUSES).update(
            status=SentEmail.Status.FAILED,
            give_up_at=now + _retry_window(),
            next_attempt_at=now + timedelta(seconds=settings.EMAIL_RETRY_FIRST_DELAY_SECONDS),
        )
        if not moved:
            return False
        task_enqueue(task, *email.task_args)
    return True


def email_cancel(*, email: SentEmail) -> bool:
    """Staff: stop trying a failed or given-up email; it is never sent. False when it was
    sent, or is being sent, meanwhile."""
    cancelled = SentEmail.objects.filter(pk=email.pk, status__in=OWED_STATUSES).update(
        status=SentEmail.Status.CANCELLED, next_attempt_at=None, task_args=[]
    )
    return bool(cancelled)


def emails_failing():
    """The emails staff should know about: still failing, or given up; newest first."""
    return SentEmail.objects.filter(status__in=OWED_STATUSES).order_by("-created_at", "-pk")
