"""`email_send_once`: one email per occasion, whatever the retries, and the difference
between errors that allow sending again and errors that do not."""

import smtplib
import ssl

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.template import TemplateDoesNotExist

from core.email import RETRYABLE_ERRORS, EmailNotSentError, email_send_once
from core.models import SentEmail

pytestmark = pytest.mark.django_db


def send(key: str = "application:1:received", to: str = "gaelle@gamma.example") -> bool:
    return email_send_once(
        key=key,
        template="members/emails/application_received",
        to=to,
        context={"first_name": "Gaëlle", "organization_name": "Gamma Robotique"},
        language="en",
    )


@pytest.fixture
def smtp_fails(monkeypatch):
    """smtp_fails(error): the next send raises `error` instead of reaching the outbox."""

    def arm(error: Exception):
        real = EmailBackend.send_messages
        calls = {"count": 0}

        def send_messages(self, messages):
            calls["count"] += 1
            if calls["count"] == 1:
                raise error
            return real(self, messages)

        monkeypatch.setattr(EmailBackend, "send_messages", send_messages)

    return arm


def test_the_same_occasion_is_mailed_once():
    assert send() is True
    assert send() is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["gaelle@gamma.example"]
    assert "Hello Gaëlle" in mail.outbox[0].body
    record = SentEmail.objects.get(key="application:1:received")
    assert (record.status, record.attempts, record.to) == ("sent", 1, "gaelle@gamma.example")
    assert record.sent_at is not None


def test_other_occasions_are_mailed_separately():
    send(key="application:1:received")
    send(key="application:2:received")
    assert len(mail.outbox) == 2


def test_an_email_being_sent_elsewhere_is_not_sent_again():
    SentEmail.objects.create(
        key="application:1:received",
        to="gaelle@gamma.example",
        template="members/emails/application_received",
        status=SentEmail.Status.SENDING,
        attempts=1,
    )
    assert send() is False
    assert mail.outbox == []
    assert SentEmail.objects.get(key="application:1:received").status == SentEmail.Status.SENDING


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPConnectError(421, b"Service not available"),
        smtplib.SMTPRecipientsRefused({"gaelle@gamma.example": (450, b"Try later")}),
        ConnectionRefusedError(),
    ],
)
def test_an_error_before_the_server_accepted_the_message_allows_a_retry(smtp_fails, error):
    smtp_fails(error)
    with pytest.raises(EmailNotSentError) as raised:
        send()
    assert raised.value.__cause__ is error
    record = SentEmail.objects.get(key="application:1:received")
    assert record.status == SentEmail.Status.FAILED
    assert type(error).__name__ in record.error
    assert mail.outbox == []

    assert send() is True
    assert len(mail.outbox) == 1
    record.refresh_from_db()
    assert (record.status, record.attempts, record.error) == ("sent", 2, "")


def test_an_error_after_the_claim_that_may_have_sent_it_is_never_resent(smtp_fails):
    # The connection dropped after DATA: the server may have delivered the message.
    smtp_fails(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send()
    assert send() is False
    assert mail.outbox == []
    record = SentEmail.objects.get(key="application:1:received")
    assert (record.status, record.attempts) == ("sending", 1)


def test_a_connect_timeout_marks_the_email_failed_and_the_retry_sends_it_once(monkeypatch):
    calls = {"count": 0}
    real_open = EmailBackend.open

    def open_times_out_once(self):
        calls["count"] += 1
        if calls["count"] == 1:
            raise TimeoutError("timed out")
        return real_open(self)

    monkeypatch.setattr(EmailBackend, "open", open_times_out_once)
    with pytest.raises(RETRYABLE_ERRORS):
        send()
    record = SentEmail.objects.get(key="application:1:received")
    assert (record.status, record.attempts) == ("failed", 1)
    assert "TimeoutError" in record.error
    assert mail.outbox == []

    assert send() is True
    assert send() is False
    assert len(mail.outbox) == 1
    record.refresh_from_db()
    assert (record.status, record.attempts) == ("sent", 2)


@pytest.mark.parametrize(
    "error",
    [
        TimeoutError("timed out"),
        OSError(101, "Network is unreachable"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),  # during greeting
        ssl.SSLError(1, "certificate verify failed"),
    ],
)
def test_any_failure_to_open_the_connection_is_retryable(monkeypatch, error):
    def open_fails(self):
        raise error

    monkeypatch.setattr(EmailBackend, "open", open_fails)
    with pytest.raises(RETRYABLE_ERRORS) as raised:
        send()
    assert raised.value.__cause__ is error
    assert SentEmail.objects.get().status == SentEmail.Status.FAILED


def test_a_template_error_marks_the_email_failed():
    with pytest.raises(TemplateDoesNotExist):
        email_send_once(
            key="broken:1",
            template="emails/no_such_template",
            to="gaelle@gamma.example",
            context={},
            language="en",
        )
    record = SentEmail.objects.get(key="broken:1")
    assert record.status == SentEmail.Status.FAILED
    assert "no_such_template" in record.error
    assert mail.outbox == []


def test_attachments_and_headers_reach_the_message():
    email_send_once(
        key="application:1:received",
        template="members/emails/application_received",
        to="gaelle@gamma.example",
        context={"first_name": "Gaëlle", "organization_name": "Gamma Robotique"},
        language="en",
        headers={"X-Occasion": "test"},
        attachments=[("note.txt", b"hello", "text/plain")],
    )
    (message,) = mail.outbox
    assert message.extra_headers["X-Occasion"] == "test"
    assert message.attachments[0][0] == "note.txt"


def test_superusers_find_stuck_emails_in_the_admin(client):
    from core.tests.factories import UserFactory

    send(key="application:1:received")
    SentEmail.objects.create(
        key="application:2:received",
        to="stuck@gamma.example",
        template="members/emails/application_received",
        status=SentEmail.Status.SENDING,
    )
    client.force_login(
        UserFactory(is_staff=True, is_superuser=True),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    page = client.get("/admin/core/sentemail/", {"status__exact": "sending", "q": "stuck@"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "application:2:received" in html
    assert "application:1:received" not in html
