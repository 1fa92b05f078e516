"""`email_send_once`: one email per occasion, whatever the retries, and the difference
between errors that allow sending again and errors that do not."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from core.email import email_send_once, email_was_sent
from core.models import SentEmail

pytestmark = pytest.mark.django_db


def send(key: str = "application:1:received", to: str = "gaelle@gamma.example") -> bool:
    return email_send_once(
        key=key,
        template="emails/application_received",
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
    assert email_was_sent(key="application:1:received")


def test_other_occasions_are_mailed_separately():
    send(key="application:1:received")
    send(key="application:2:received")
    assert len(mail.outbox) == 2


def test_an_email_being_sent_elsewhere_is_not_sent_again():
    SentEmail.objects.create(
        key="application:1:received",
        to="gaelle@gamma.example",
        template="emails/application_received",
        status=SentEmail.Status.SENDING,
        attempts=1,
    )
    assert send() is False
    assert mail.outbox == []
    assert not email_was_sent(key="application:1:received")


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
    with pytest.raises(type(error)):
        send()
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
