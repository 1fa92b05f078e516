"""Sending the portal's emails: always HTML and text, always in the recipient's language,
and, through `email_send_once`, never twice for the same occasion."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import SentEmail

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
    context: dict,
    language: str,
    headers: dict | None = None,
    attachments: list[Attachment] | None = None,
) -> bool:
    """Send the email for the occasion `key` unless it was already sent (or is being sent).

    Returns True when this call sent it. The claim is a row written before the SMTP
    conversation. Errors before the message could have left mark it failed: a template error
    is raised as it is; connecting (DNS, TCP, TLS, greeting, login) or a refusal before DATA
    raise EmailNotSentError, on which tasks retry, and the retry sends it. An error while the
    message was being handed over is recorded and raised, but the email stays claimed, so
    nobody gets two copies.
    """
    try:
        with transaction.atomic():
            record = SentEmail.objects.create(
                key=key, to=to, template=template, status=SentEmail.Status.SENDING, attempts=1
            )
    except IntegrityError:
        claimed = SentEmail.objects.filter(key=key, status=SentEmail.Status.FAILED).update(
            status=SentEmail.Status.SENDING, attempts=F("attempts") + 1
        )
        if not claimed:
            return False
        record = SentEmail.objects.get(key=key)
    try:
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
        # The server may have taken the message: the email stays claimed, never resent.
        SentEmail.objects.filter(pk=record.pk).update(error=repr(error)[:2000])
        raise
    finally:
        connection.close()
    SentEmail.objects.filter(pk=record.pk).update(
        status=SentEmail.Status.SENT, sent_at=timezone.now(), error=""
    )
    return True


def _mark_failed(*, record: SentEmail, error: Exception) -> None:
    SentEmail.objects.filter(pk=record.pk).update(
        status=SentEmail.Status.FAILED, error=repr(error)[:2000]
    )


def email_was_sent(*, key: str) -> bool:
    return SentEmail.objects.filter(key=key, status=SentEmail.Status.SENT).exists()
