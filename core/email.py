"""Sending the portal's emails: always HTML and text, always in the recipient's language,
and, through `email_send_once`, never twice for the same occasion."""

import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import SentEmail

# (filename, content, mimetype), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes | str, str]

# Errors raised before the server accepted the message: sending again cannot duplicate it.
# Anything else (a timeout after DATA, say) leaves the email marked as sending, never resent.
RETRYABLE_ERRORS = (
    ConnectionRefusedError,
    socket.gaierror,
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


def email_send(
    *,
    template: str,
    to: str,
    context: dict,
    language: str,
    headers: dict | None = None,
    attachments: list[Attachment] | None = None,
) -> None:
    """Render and send one email now."""
    email_render(
        template=template,
        to=to,
        context=context,
        language=language,
        headers=headers,
        attachments=attachments,
    ).send()


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
    conversation: a retry after an error the server raised before accepting the message sends
    again; a retry after anything else does not, so nobody gets two copies.
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
        email_send(
            template=template,
            to=to,
            context=context,
            language=language,
            headers=headers,
            attachments=attachments,
        )
    except RETRYABLE_ERRORS as error:
        SentEmail.objects.filter(pk=record.pk).update(
            status=SentEmail.Status.FAILED, error=repr(error)[:2000]
        )
        raise
    SentEmail.objects.filter(pk=record.pk).update(
        status=SentEmail.Status.SENT, sent_at=timezone.now(), error=""
    )
    return True


def email_was_sent(*, key: str) -> bool:
    return SentEmail.objects.filter(key=key, status=SentEmail.Status.SENT).exists()
