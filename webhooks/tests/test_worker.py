"""A real Celery worker, on the real Redis, delivers a signed webhook to a local receiver:
the first answer is a 500, the retry (the schedule's first wait, a Celery countdown) gets
a 200, and the receiver accepts the message once.

The worker's broker is this run's own Redis database (tests.celery_processes.broker_url)."""

import time

import pytest
import redis

from events.services import registrations
from events.tests.factories import EventFactory
from members.models import Affiliation
from members.tests.factories import OrganizationFactory, member_user
from tests.celery_processes import (
    broker_url,
    forget_broker_connections,
    process_environment,
    smtp_server_start,
    stop,
    worker_start,
)
from webhooks.models import WebhookMessage
from webhooks.tasks import webhook_message_deliver
from webhooks.tests.factories import endpoint_listening
from webhooks.tests.receiver import Receiver

pytestmark = pytest.mark.slow

DELIVERY_TIMEOUT = 40


@pytest.fixture(scope="module")
def webhook_worker(django_db_setup, tmp_path_factory):
    smtp = smtp_server_start(tmp_path_factory.mktemp("smtp"))
    broker = broker_url()
    redis.Redis.from_url(broker).flushdb()
    environment = process_environment(
        broker=broker, smtp_port=smtp.port, WEBHOOKS_ALLOW_PRIVATE_HOSTS="1"
    )
    worker = worker_start(
        log=tmp_path_factory.mktemp("worker") / "worker.log", environment=environment
    )
    try:
        yield worker
    finally:
        stop(worker)
        stop(smtp)
        redis.Redis.from_url(broker).flushdb()


def test_the_worker_delivers_a_registration_once_after_a_failed_first_try(
    settings, transactional_db, webhook_worker
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = webhook_worker.broker_url
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    forget_broker_connections()
    # The app the outbox hands the delivery to (this app is below cluster_portal).
    celery_app = webhook_message_deliver.app
    assert celery_app.conf.task_always_eager is False
    assert celery_app.conf.broker_url == webhook_worker.broker_url
    receiver = Receiver(answers=[500, 200])
    try:
        endpoint = endpoint_listening("registration.confirmed", url=receiver.url)
        receiver.secret = endpoint.secret
        contact = member_user(
            OrganizationFactory(), Affiliation.Access.CONTACT, email="camille@example.org"
        ).contact
        registrations.registration_create(event=EventFactory(), contact=contact)
        message = WebhookMessage.objects.get()
        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while time.monotonic() < deadline:
            message.refresh_from_db()
            if message.state == WebhookMessage.State.DELIVERED:
                break
            time.sleep(0.3)
        else:
            pytest.fail(
                f"Not delivered in {DELIVERY_TIMEOUT} s; attempts: {message.attempts.count()}; "
                f"worker log:\n{webhook_worker.output()}"
            )
        assert [seen["status"] for seen in receiver.seen] == [500, 200]
        assert {seen["id"] for seen in receiver.seen} == {message.message_id}
        assert all(seen["verified"] for seen in receiver.seen)
        assert len(receiver.accepted) == 1
        assert [a.status_code for a in message.attempts.order_by("at")] == [500, 200]
    finally:
        receiver.close()
        forget_broker_connections()
