"""A newsletter send survives its worker being killed: nobody gets it twice, nobody misses it.

A real Celery worker (against the real Redis and the test database) sends a newsletter to
60 people through a real, slow SMTP server in another process. The worker is killed with
SIGKILL in the middle; Redis hands the unacknowledged task (acks_late) to a new worker once
the visibility timeout has passed, and the send goes on from the rows still queued.
"""

import collections
import signal
import sys
import time
from pathlib import Path

import pytest
import redis

from cluster_portal.celery import app as celery_app
from communications.models import Delivery, Newsletter, Subscriber
from communications.services import newsletters
from tests.celery_processes import (
    Process,
    accepts_connections,
    broker_url,
    forget_broker_connections,
    free_port,
    process_environment,
    start,
    stop,
    wait_until,
    worker_start,
)

pytestmark = pytest.mark.slow

RECIPIENTS = 60
# Seconds the SMTP server holds each recipient: the send takes ~6 s, time to kill it.
SMTP_DELAY = 0.1
# Short, so the killed worker's task is handed out again within the test.
VISIBILITY_TIMEOUT = 4
FINISH_TIMEOUT = 90


def _received(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


def _start_worker(log: Path, smtp_port: int, broker: str, name: str) -> Process:
    environment = process_environment(
        broker=broker,
        smtp_port=smtp_port,
        NEWSLETTER_BATCH_SIZE="10",
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )
    return worker_start(log=log, environment=environment, name=name)


@pytest.fixture
def smtp_sink(tmp_path):
    port = free_port()
    received = tmp_path / "rcpt.log"
    log = tmp_path / "smtp.log"
    script = Path(__file__).with_name("newsletter_smtp_sink.py")
    command = [sys.executable, str(script), "--port", str(port), "--log", str(received)]
    command += ["--delay", str(SMTP_DELAY)]
    server = Process(popen=start(command, log), log=log)
    try:
        wait_until(lambda: accepts_connections(port), server, "The SMTP sink")
        yield port, received
    finally:
        stop(server)


def test_killed_worker_mid_send_then_new_worker_each_recipient_gets_exactly_one(
    settings, transactional_db, smtp_sink, tmp_path
):
    smtp_port, received = smtp_sink
    broker = broker_url()
    redis.Redis.from_url(broker).flushdb()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = broker
    forget_broker_connections()
    assert celery_app.conf.task_always_eager is False
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{number:02d}@example.org",
            status=Subscriber.Status.CONFIRMED,
            source=Subscriber.Source.STAFF,
            language="fr" if number % 2 else "en",
        )
        for number in range(RECIPIENTS)
    )
    newsletter = Newsletter.objects.create(
        subject_fr="Lettre",
        body_fr="Texte.",
        slug="lettre-robuste",
        audience={"subscribers": True},
    )
    first = _start_worker(tmp_path / "worker1.log", smtp_port, broker, "first")
    second = None
    try:
        newsletters.newsletter_queue(newsletter=newsletter)

        deadline = time.monotonic() + FINISH_TIMEOUT
        # Killed while a recipient is held at RCPT (SMTP_DELAY), not in the instant between
        # the server's acceptance of a message and the worker's mark, the one moment a
        # message may go twice (newsletter_send says so): every message the server took is
        # marked sent when the kill comes.
        sent = Delivery.objects.filter(newsletter=newsletter, status="sent")
        while len(_received(received)) < 15 or sent.count() != len(_received(received)):
            assert time.monotonic() < deadline, first.output()
            time.sleep(0.01)
        first.popen.send_signal(signal.SIGKILL)
        first.popen.wait(timeout=10)
        at_kill = len(_received(received))
        assert at_kill < RECIPIENTS, "the send finished before the worker was killed"
        assert Delivery.objects.filter(newsletter=newsletter, status="queued").exists()

        # Redis hands the task out again once it has been unacknowledged this long.
        time.sleep(VISIBILITY_TIMEOUT + 1)
        second = _start_worker(tmp_path / "worker2.log", smtp_port, broker, "second")
        while newsletter.status != Newsletter.Status.SENT:
            assert time.monotonic() < deadline, second.output()
            time.sleep(0.2)
            newsletter.refresh_from_db()
    finally:
        stop(first)
        if second is not None:
            print("--- second worker ---", second.output(), sep="\n")
            stop(second)
        print("--- first worker ---", first.output(), sep="\n")
        forget_broker_connections()
        redis.Redis.from_url(broker).flushdb()

    counts = collections.Counter(_received(received))
    assert len(counts) == RECIPIENTS
    assert set(counts.values()) == {1}, {a: n for a, n in counts.items() if n != 1}
    assert set(Delivery.objects.filter(newsletter=newsletter).values_list("status", flat=True)) == {
        Delivery.Status.SENT
    }
    assert at_kill < RECIPIENTS <= sum(counts.values())
