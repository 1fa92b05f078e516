"""Work owed by a change survives a Redis that is down when the change commits."""

from datetime import timedelta

import pytest
import redis
from django.utils import timezone
from kombu import serialization

from core.models import OutboxTask
from core.outbox import outbox_sweep, task_enqueue
from core.tasks import sessions_clear
from members import services as member_services
from members.models import Affiliation
from tests.celery_processes import forget_broker_connections

DEAD_BROKER = "redis://127.0.0.1:1/0"
# A Redis database of its own, so the queue holds only what this test hands over.
LIVE_BROKER = "redis://127.0.0.1:6379/4"


@pytest.fixture
def broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def point_to(url: str) -> None:
        settings.CELERY_BROKER_URL = url
        forget_broker_connections()

    redis.Redis.from_url(LIVE_BROKER).flushdb()
    yield point_to
    forget_broker_connections()
    redis.Redis.from_url(LIVE_BROKER).flushdb()


def _invite(personas):
    return member_services.invitation_create(
        organization=personas.org_a,
        email="newcomer@alpha.test",
        first_name="Nina",
        last_name="Nouvelle",
        access=Affiliation.Access.CONTACT,
        language="fr",
        invited_by=personas.staff,
    )


def _queued_task_names() -> list[str]:
    queue = redis.Redis.from_url(LIVE_BROKER).lrange("celery", 0, -1)
    names = []
    for raw in queue:
        message = serialization.loads(raw, "application/json", "utf-8")
        names.append(message["headers"]["task"])
    return names


def test_a_change_committed_while_redis_is_down_keeps_the_work_it_owes(
    personas, broker, django_capture_on_commit_callbacks
):
    broker(DEAD_BROKER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(personas)  # no exception: the invitation is saved
    waiting = OutboxTask.objects.get()
    assert waiting.task_name == "members.tasks.invitation_send"
    assert waiting.args[0] == invitation.pk
    assert waiting.attempts == 1 and waiting.last_error

    # Still down: the sweeper tries, keeps the row, and says it handed nothing.
    assert outbox_sweep(grace=timedelta(0)) == 0
    assert OutboxTask.objects.get().attempts == 2

    broker(LIVE_BROKER)
    assert outbox_sweep(grace=timedelta(0)) == 1
    assert not OutboxTask.objects.exists()
    assert _queued_task_names() == ["members.tasks.invitation_send"]


def test_a_change_committed_while_redis_is_up_is_queued_at_once_and_leaves_no_row(
    personas, broker, django_capture_on_commit_callbacks
):
    broker(LIVE_BROKER)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(personas)
    assert not OutboxTask.objects.exists()
    assert _queued_task_names() == ["members.tasks.invitation_send"]


def test_the_sweeper_leaves_young_rows_to_the_request_handing_them_over(db, broker):
    broker(LIVE_BROKER)
    OutboxTask.objects.create(task_name=sessions_clear.name, args=[])
    assert outbox_sweep() == 0
    assert OutboxTask.objects.count() == 1


def test_a_rolled_back_change_owes_nothing(db, broker, django_capture_on_commit_callbacks):
    from django.db import transaction

    broker(LIVE_BROKER)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            task_enqueue(sessions_clear)
            raise RuntimeError("the change failed")
    assert not OutboxTask.objects.exists()
    assert _queued_task_names() == []


def test_every_task_handed_over_on_commit_goes_through_the_outbox():
    # A `transaction.on_commit(lambda: task.delay(...))` would lose its work when Redis is
    # down at commit time; services use core.outbox.task_enqueue instead.
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR).glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or path.name == "outbox.py":
            continue
        source = path.read_text()
        if re.search(r"on_commit\([^)]*\.(delay|apply_async)\(", source):
            offenders.append(str(path))
    assert not offenders, offenders


def test_a_row_for_a_task_that_no_longer_exists_is_dropped_not_kept_in_the_way(db, broker):
    broker(LIVE_BROKER)
    OutboxTask.objects.create(task_name="members.tasks.renamed_long_ago", args=[1])
    OutboxTask.objects.create(task_name=sessions_clear.name, args=[])
    OutboxTask.objects.update(created_at=timezone.now() - timedelta(minutes=5))

    assert outbox_sweep() == 1
    assert not OutboxTask.objects.exists()
    assert _queued_task_names() == [sessions_clear.name]
