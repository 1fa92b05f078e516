"""Delivery to a real local receiver: signed, retried with the same id, given up, the
endpoint disabled and staff told once; POSTs go through core.fetch's guard."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.tests.network import PUBLIC, FakeNetwork
from events.services import registrations
from events.tests.factories import EventFactory
from webhooks.models import WebhookEndpoint, WebhookMessage
from webhooks.services import delivery
from webhooks.services.endpoints import endpoint_enable
from webhooks.tests.factories import endpoint_listening
from webhooks.tests.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    made = []

    def make(**kwargs):
        made.append(Receiver(**kwargs))
        return made[-1]

    yield make
    for one in made:
        one.close()


@pytest.fixture
def private_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True


def _deliver_due(message):
    """What the countdown or the sweeper does once the wait is over."""
    WebhookMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    return delivery.message_deliver(message_pk=message.pk)


def test_a_registration_is_received_signed_once_though_the_first_try_failed(
    personas, receiver, private_allowed
):
    hook = receiver(answers=[500, 200])
    endpoint = endpoint_listening("registration.confirmed", url=hook.url, created_by=personas.staff)
    hook.secret = endpoint.secret
    registration = registrations.registration_create(
        event=EventFactory(), contact=personas.member_contact.contact
    )
    message = WebhookMessage.objects.get()

    first = delivery.message_deliver(message_pk=message.pk)
    assert first.status_code == 500
    message.refresh_from_db()
    assert message.state == WebhookMessage.State.PENDING and message.tries == 1
    # The first wait is the schedule's first step; nothing is tried before it.
    assert message.next_attempt_at - first.at == pytest.approx(
        delivery.RETRY_DELAYS[0], abs=timedelta(seconds=2)
    )
    assert delivery.message_deliver(message_pk=message.pk) is None
    second = _deliver_due(message)
    assert second.status_code == 200

    assert [s["status"] for s in hook.seen] == [500, 200]
    assert [s["id"] for s in hook.seen] == [message.message_id] * 2
    assert all(s["verified"] for s in hook.seen)
    [accepted] = hook.accepted
    body = json.loads(accepted["body"])
    assert body["type"] == "registration.confirmed"
    assert body["data"]["registration"]["id"] == registration.pk
    message.refresh_from_db()
    assert message.state == WebhookMessage.State.DELIVERED
    assert [a.status_code for a in message.attempts.all()] == [500, 200]
    # The receiver's words never reach the log, only status, type and size.
    assert "internal secret" not in first.error and "500" in first.error


def test_a_resend_keeps_the_id_and_the_receiver_drops_the_copy(personas, receiver, private_allowed):
    hook = receiver()
    endpoint = endpoint_listening("registration.confirmed", url=hook.url)
    hook.secret = endpoint.secret
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    message = WebhookMessage.objects.get()
    delivery.message_deliver(message_pk=message.pk)
    # Eager in tests: the resend task runs at commit.
    delivery.message_resend(message=message)
    delivery.message_deliver(message_pk=message.pk, manual=True)
    assert [s["id"] for s in hook.seen] == [message.message_id] * 2
    assert len(hook.accepted) == 1
    assert [a.manual for a in message.attempts.all()] == [False, True]


def test_a_rotated_secret_signs_from_the_next_try(personas, receiver, private_allowed):
    from webhooks.services.endpoints import webhook_endpoint_secret_rotate

    hook = receiver()
    endpoint = endpoint_listening("registration.confirmed", url=hook.url)
    old = endpoint.secret
    new = webhook_endpoint_secret_rotate(endpoint=endpoint)
    assert new != old and new.startswith("whsec_")
    hook.secret = new
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    delivery.message_deliver(message_pk=WebhookMessage.objects.get().pk)
    assert hook.seen[0]["verified"]


def test_retries_back_off_then_give_up(personas, receiver, private_allowed):
    hook = receiver(answers=[503])
    endpoint = endpoint_listening("registration.confirmed", url=hook.url)
    hook.secret = endpoint.secret
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    message = WebhookMessage.objects.get()
    waits = []
    for _try in range(len(delivery.RETRY_DELAYS) + 1):
        attempt = _deliver_due(message)
        message.refresh_from_db()
        if message.next_attempt_at:
            waits.append(message.next_attempt_at - attempt.at)
    assert waits == pytest.approx(list(delivery.RETRY_DELAYS), abs=timedelta(seconds=2))
    assert waits == sorted(waits)
    assert message.state == WebhookMessage.State.FAILED
    assert len(hook.seen) == len(delivery.RETRY_DELAYS) + 1
    assert _deliver_due(message) is None  # given up: no further automatic try
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 1


def test_repeated_failures_disable_the_endpoint_and_staff_are_told_once(
    personas, receiver, private_allowed, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(delivery, "RETRY_DELAYS", ())
    hook = receiver(answers=[500])
    endpoint = endpoint_listening("registration.confirmed", url=hook.url, created_by=personas.staff)
    event = EventFactory()
    contacts = []
    from members.tests.factories import ContactFactory

    for index in range(delivery.DISABLE_AFTER_FAILED_MESSAGES + 1):
        contacts.append(ContactFactory(email=f"p{index}@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        for contact in contacts:
            registrations.registration_create(
                event=event, contact=contact, registered_by=personas.staff
            )
    # Eager at commit: each message tried once, given up at once.
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    assert "5" in endpoint.disabled_reason
    assert endpoint.consecutive_failures == delivery.DISABLE_AFTER_FAILED_MESSAGES
    # The 6th registration came after the disabling: no more try for it.
    assert len(hook.seen) == delivery.DISABLE_AFTER_FAILED_MESSAGES
    told = [m for m in mail.outbox if endpoint.url in m.subject]
    assert [m.to for m in told] == [[personas.staff.email]]
    # Told once: the notification again sends nothing.
    from webhooks.services.notifications import endpoint_disabled_notify

    assert endpoint_disabled_notify(endpoint_pk=endpoint.pk, disabled_at=endpoint.disabled_at) == 0
    endpoint_enable(endpoint=endpoint)
    endpoint.refresh_from_db()
    assert endpoint.enabled and endpoint.consecutive_failures == 0


def test_failing_for_days_disables(personas, receiver, private_allowed):
    hook = receiver(answers=[500])
    endpoint = endpoint_listening("registration.confirmed", url=hook.url)
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        failing_since=timezone.now() - delivery.DISABLE_AFTER_FAILING_FOR - timedelta(hours=1)
    )
    delivery.message_deliver(message_pk=WebhookMessage.objects.get().pk)
    endpoint.refresh_from_db()
    assert not endpoint.enabled and "3" in endpoint.disabled_reason


def test_a_redirect_is_a_failure_and_is_not_followed(personas, receiver, private_allowed):
    target = receiver()
    hook = receiver(answers=[307], location=target.url)
    endpoint_listening("registration.confirmed", url=hook.url)
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    attempt = delivery.message_deliver(message_pk=WebhookMessage.objects.get().pk)
    assert attempt.status_code == 307 and not attempt.succeeded
    assert "307" in attempt.error
    assert target.seen == []


def test_a_private_target_is_refused(personas, receiver, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    hook = receiver()
    endpoint_listening("registration.confirmed", url=hook.url)
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    attempt = delivery.message_deliver(message_pk=WebhookMessage.objects.get().pk)
    assert attempt.status_code is None and "127.0.0.1" in attempt.error
    assert hook.seen == []


def test_dns_rebinding_gains_nothing(personas, receiver, settings, monkeypatch):
    """The check sees a public address, a second lookup would answer 127.0.0.1: the
    connection goes to the address checked, never to a new lookup."""
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    hook = receiver()
    network = FakeNetwork(
        monkeypatch, hook.server.server_port, {"rebind.test": [PUBLIC, "127.0.0.1"]}
    )
    endpoint = endpoint_listening("registration.confirmed", url="http://rebind.test/hooks")
    hook.secret = endpoint.secret
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    attempt = delivery.message_deliver(message_pk=WebhookMessage.objects.get().pk)
    assert attempt.status_code == 200
    assert network.lookups == ["rebind.test"]
    assert network.connected_to == [PUBLIC]


def test_the_sweeper_queues_due_messages_only(
    personas, receiver, private_allowed, django_capture_on_commit_callbacks
):
    hook = receiver(answers=[500, 200])
    endpoint = endpoint_listening("registration.confirmed", url=hook.url)
    hook.secret = endpoint.secret
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    message = WebhookMessage.objects.get()
    delivery.message_deliver(message_pk=message.pk)
    assert delivery.messages_due_sweep() == 0  # still waiting
    WebhookMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    # Eager: the sweeper's task runs at commit and delivers.
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.messages_due_sweep() == 1
    message.refresh_from_db()
    assert message.state == WebhookMessage.State.DELIVERED
