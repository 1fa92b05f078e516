"""An email the mail server refused is owed until the server takes it: the sweeper runs its
task again, backing off, for the retry window; staff may retry or cancel it. What the server
took is never sent again."""

from datetime import timedelta

import pytest
from celery import shared_task
from django.core import mail
from django.utils import timezone

from core.email import (
    EmailNotSentError,
    _retry_delay,
    email_cancel,
    email_retry,
    email_send_once,
    emails_retry_due,
)
from core.models import SentEmail

pytestmark = pytest.mark.django_db


@shared_task(name="core.tests.welcome_send")
def welcome_send(key: str, *addresses: str) -> None:
    """A task like the portal's: one or several emails, each sent once."""
    for address in addresses:
        email_send_once(
            key=f"{key}:{address}",
            template="members/emails/application_received",
            to=address,
            context={"first_name": "Gaëlle", "organization_name": "Gamma Robotique"},
            language="en",
        )


def _fail_once(*addresses: str, key: str = "welcome") -> None:
    with pytest.raises(EmailNotSentError):
        welcome_send(key, *addresses)


def _sweep(django_capture_on_commit_callbacks, *, now) -> int:
    # The sweeper queues the task through the outbox; eager Celery runs it at commit.
    with django_capture_on_commit_callbacks(execute=True):
        return emails_retry_due(now=now)


@pytest.mark.usefixtures("retry_settings")
def test_a_refused_email_remembers_its_task_and_waits_the_first_delay(smtp_down):
    before = timezone.now()

    _fail_once("ana@alpha.test")

    record = SentEmail.objects.get()
    assert record.status == SentEmail.Status.FAILED
    assert (record.task_name, record.task_args) == (
        "core.tests.welcome_send",
        ["welcome", "ana@alpha.test"],
    )
    assert before + timedelta(seconds=60) <= record.next_attempt_at
    assert record.next_attempt_at <= timezone.now() + timedelta(seconds=60)
    assert record.give_up_at == record.created_at + timedelta(hours=24)


@pytest.mark.usefixtures("retry_settings")
def test_the_sweeper_sends_the_due_email_once_the_server_is_back(
    smtp_down, django_capture_on_commit_callbacks
):
    _fail_once("ana@alpha.test")
    record = SentEmail.objects.get()
    # Not due yet: nothing is queued.
    assert (
        _sweep(
            django_capture_on_commit_callbacks, now=record.next_attempt_at - timedelta(seconds=1)
        )
        == 0
    )
    smtp_down.up = True

    assert _sweep(django_capture_on_commit_callbacks, now=record.next_attempt_at) == 1

    record.refresh_from_db()
    assert (record.status, record.attempts) == (SentEmail.Status.SENT, 2)
    # Nothing owed any more: the task's arguments are not kept.
    assert (record.task_args, record.next_attempt_at) == ([], None)
    assert [message.to for message in mail.outbox] == [["ana@alpha.test"]]
    # Sent: later sweeps never send it again.
    later = timezone.now() + timedelta(days=2)
    assert _sweep(django_capture_on_commit_callbacks, now=later) == 0
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("retry_settings")
def test_each_failed_attempt_waits_as_long_again_up_to_an_hour(
    smtp_down, django_capture_on_commit_callbacks
):
    _fail_once("ana@alpha.test")
    record = SentEmail.objects.get()
    waits = []
    now = record.next_attempt_at
    for _ in range(9):
        with pytest.raises(EmailNotSentError):
            _sweep(django_capture_on_commit_callbacks, now=now)
        record.refresh_from_db()
        # The task's own failure sets the next attempt from the real clock: replay the
        # sweeper's clock instead, as a worker would see it.
        waits.append(_retry_delay(failing_since=record.created_at, now=now))
        now += waits[-1]
    minutes = [round(wait.total_seconds() / 60) for wait in waits]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert record.attempts == 10
    assert record.status == SentEmail.Status.FAILED
    assert mail.outbox == []


def test_the_backoff_is_bounded_by_the_first_and_the_longest_wait(retry_settings):
    start = timezone.now()
    assert _retry_delay(failing_since=start, now=start) == timedelta(minutes=1)
    assert _retry_delay(failing_since=start, now=start + timedelta(minutes=5)) == timedelta(
        minutes=5
    )
    assert _retry_delay(failing_since=start, now=start + timedelta(hours=5)) == timedelta(hours=1)
    retry_settings.EMAIL_RETRY_MAX_DELAY_SECONDS = 120
    assert _retry_delay(failing_since=start, now=start + timedelta(hours=5)) == timedelta(minutes=2)


@pytest.mark.usefixtures("retry_settings")
def test_a_task_whose_several_emails_failed_is_queued_once(
    smtp_down, django_capture_on_commit_callbacks
):
    with pytest.raises(EmailNotSentError):
        welcome_send("welcome", "ana@alpha.test")
    # The same task's other emails fail later in the same run, as a notice to many does.
    SentEmail.objects.create(
        key="welcome:bob@alpha.test",
        to="bob@alpha.test",
        template="members/emails/application_received",
        status=SentEmail.Status.FAILED,
        task_name="core.tests.welcome_send",
        task_args=["welcome", "ana@alpha.test"],
        next_attempt_at=timezone.now(),
        give_up_at=timezone.now() + timedelta(hours=1),
    )
    smtp_down.up = True

    queued = _sweep(django_capture_on_commit_callbacks, now=timezone.now() + timedelta(minutes=2))

    assert queued == 1
    assert [message.to for message in mail.outbox] == [["ana@alpha.test"]]


@pytest.mark.usefixtures("retry_settings")
def test_the_sweeper_gives_up_once_the_window_has_passed(
    smtp_down, django_capture_on_commit_callbacks
):
    _fail_once("ana@alpha.test")
    record = SentEmail.objects.get()
    smtp_down.up = True

    queued = _sweep(django_capture_on_commit_callbacks, now=record.give_up_at)

    record.refresh_from_db()
    assert queued == 0
    assert record.status == SentEmail.Status.GIVEN_UP
    assert record.next_attempt_at is None
    assert mail.outbox == []


def test_the_retry_window_is_a_setting(retry_settings, smtp_down):
    retry_settings.EMAIL_RETRY_WINDOW_SECONDS = 600

    _fail_once("ana@alpha.test")

    record = SentEmail.objects.get()
    assert record.give_up_at == record.created_at + timedelta(minutes=10)


@pytest.mark.usefixtures("retry_settings")
def test_an_email_sent_outside_any_task_cannot_be_rebuilt_and_is_given_up(
    smtp_down, django_capture_on_commit_callbacks
):
    with pytest.raises(EmailNotSentError):
        email_send_once(
            key="direct",
            template="members/emails/application_received",
            to="ana@alpha.test",
            context={"first_name": "Ana", "organization_name": "Alpha"},
            language="en",
        )
    record = SentEmail.objects.get()
    assert record.task_name == ""

    _sweep(django_capture_on_commit_callbacks, now=record.next_attempt_at)

    record.refresh_from_db()
    assert record.status == SentEmail.Status.GIVEN_UP
    assert email_retry(email=record) is False


@pytest.mark.usefixtures("retry_settings")
def test_a_cancelled_email_is_never_sent(smtp_down, django_capture_on_commit_callbacks):
    _fail_once("ana@alpha.test")
    record = SentEmail.objects.get()
    smtp_down.up = True

    assert email_cancel(email=record) is True

    assert _sweep(django_capture_on_commit_callbacks, now=record.give_up_at) == 0
    welcome_send("welcome", "ana@alpha.test")  # the original task delivered once more
    record.refresh_from_db()
    assert record.status == SentEmail.Status.CANCELLED
    assert record.task_args == []
    assert mail.outbox == []
    assert email_retry(email=record) is False


@pytest.mark.usefixtures("retry_settings")
def test_staff_retry_sends_a_given_up_email_and_opens_a_new_window(
    smtp_down, django_capture_on_commit_callbacks
):
    _fail_once("ana@alpha.test")
    record = SentEmail.objects.get()
    SentEmail.objects.filter(pk=record.pk).update(status=SentEmail.Status.GIVEN_UP)
    record.refresh_from_db()
    smtp_down.up = True

    with django_capture_on_commit_callbacks(execute=True):
        assert email_retry(email=record) is True

    record.refresh_from_db()
    assert record.status == SentEmail.Status.SENT
    assert len(mail.outbox) == 1
    # Sent: neither staff nor the sweeper can send it again, nor cancel it.
    assert email_retry(email=record) is False
    assert email_cancel(email=record) is False


@pytest.mark.usefixtures("retry_settings")
def test_staff_retry_while_the_server_is_still_down_waits_again_in_a_fresh_window(
    smtp_down, django_capture_on_commit_callbacks
):
    _fail_once("ana@alpha.test")
    record = SentEmail.objects.get()
    SentEmail.objects.filter(pk=record.pk).update(
        status=SentEmail.Status.GIVEN_UP, give_up_at=timezone.now() - timedelta(hours=1)
    )
    record.refresh_from_db()

    with pytest.raises(EmailNotSentError), django_capture_on_commit_callbacks(execute=True):
        email_retry(email=record)

    record.refresh_from_db()
    assert record.status == SentEmail.Status.FAILED
    assert record.give_up_at > timezone.now() + timedelta(hours=23)
    # The new window starts now: the first wait again, not the longest.
    assert record.next_attempt_at <= timezone.now() + timedelta(seconds=61)
