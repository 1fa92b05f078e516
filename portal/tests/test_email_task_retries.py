import smtplib
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from core.email import (
    EmailNotSentError,
)
from core.models import SentEmail
from core.tests.test_email_retries import _sweep, welcome_send
from members import services as member_services
from members.models import Affiliation, Invitation

pytestmark = pytest.mark.django_db


def test_a_real_email_task_records_itself_for_the_retries(
    personas, smtp_down, django_capture_on_commit_callbacks
):
    # Invitations are sent by members.tasks.invitation_send (eager in tests, where Celery's
    # own retry raises Retry).
    refused = pytest.raises((EmailNotSentError, Retry))
    with refused, django_capture_on_commit_callbacks(execute=True):
        member_services.invitation_create(
            organization=personas.org_a,
            email="newcomer@alpha.test",
            first_name="Nina",
            last_name="Nouvelle",
            access=Affiliation.Access.CONTACT,
            language="fr",
            invited_by=personas.staff,
        )
    record = SentEmail.objects.get(to="newcomer@alpha.test")
    assert record.task_name == "members.tasks.invitation_send"
    assert record.task_args[0] == Invitation.objects.get(email="newcomer@alpha.test").pk


def test_an_email_that_may_have_left_is_never_retried_and_keeps_no_arguments(
    monkeypatch, retry_settings, django_capture_on_commit_callbacks
):
    def dropped_after_data(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", dropped_after_data)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        welcome_send("welcome", "ana@alpha.test")
    monkeypatch.undo()

    later = timezone.now() + timedelta(hours=2)
    assert _sweep(django_capture_on_commit_callbacks, now=later) == 0
    record = SentEmail.objects.get()
    assert (record.status, record.task_args) == (SentEmail.Status.SENDING, [])
    assert mail.outbox == []


def test_a_refused_animator_does_not_keep_the_others_from_their_notice(refused_address):
    from core.animators import animator_preferences_set, animators_notify
    from core.tests.factories import UserFactory

    for address in ["a@cluster.test", refused_address, "c@cluster.test"]:
        animator_preferences_set(
            user=UserFactory(email=address, is_staff=True),
            email_new_applications=True,
            email_guest_registrations=False,
        )

    with pytest.raises(EmailNotSentError):
        animators_notify(
            about="applications",
            occasion="application:1",
            template="members/emails/animator_new_application",
            context={},
            url_name="members:staff_applications",
        )

    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@cluster.test",
        "c@cluster.test",
    ]


def test_a_refused_registrant_does_not_keep_the_others_from_the_change_notice(refused_address):
    from events.services.events import event_change_notices_send
    from events.tests.factories import EventFactory, RegistrationFactory

    event = EventFactory()
    for address in ["a@example.org", refused_address, "c@example.org"]:
        RegistrationFactory(event=event, email=address)

    with pytest.raises(EmailNotSentError):
        event_change_notices_send(event=event, sequence=event.sequence)

    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "c@example.org"]


@pytest.fixture
def refused_address(monkeypatch):
    """The mail server refuses one recipient (a 550 on RCPT TO) and takes the others."""
    real = EmailBackend.send_messages
    refused = "bounces@refused.example"

    def send_messages(self, messages):
        if any(refused in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({refused: (550, b"no such user")})
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return refused
