"""Enqueue Celery work so that no change can lose the work it owes (see `OutboxTask`).

Services call `task_enqueue(task, *args)` inside their transaction instead of
`transaction.on_commit(lambda: task.delay(*args))`: if Redis is down at commit time, the
row stays waiting and the sweeper hands it over once Redis is back, instead of the request
failing after its change was saved and the email or job being lost.
"""

import logging
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from core.models import OutboxTask

logger = logging.getLogger(__name__)

# Younger rows are still being handed over by the request that wrote them.
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500
# A broker that cannot be reached fails these; anything else is a bug and propagates.
HAND_OVER_ERRORS = (BrokerError, RedisError, ConnectionError, TimeoutError)


def task_enqueue(task, *args) -> OutboxTask:
    """Owe `task(*args)`: recorded now, in the caller's transaction; handed to Celery once
    it commits. Arguments must be JSON values (primary keys, strings)."""
    entry = OutboxTask.objects.create(task_name=task.name, args=list(args))
    transaction.on_commit(lambda: _hand_over(entry, task))
    return entry


def _hand_over(entry: OutboxTask, task) -> bool:
    if task.app.conf.task_always_eager:
        # The quick start and tests run tasks in-process: the row goes first, so a task's
        # own error propagates as it always did and nothing is handed over twice.
        OutboxTask.objects.filter(pk=entry.pk).delete()
        task.apply_async(args=entry.args)
        return True
    try:
        # No publish retries: the sweeper is the retry, and the request must not hang.
        task.apply_async(args=entry.args, retry=False)
    except HAND_OVER_ERRORS as error:
        logger.warning("Could not queue %s, the sweeper will: %s", entry, error)
        OutboxTask.objects.filter(pk=entry.pk).update(
            attempts=F("attempts") + 1, last_error=str(error)[:300]
        )
        return False
    # Handed over: the queue has it now. The row goes, and with it the arguments, which the
    # database need not keep.
    OutboxTask.objects.filter(pk=entry.pk).delete()
    return True


def outbox_sweep(*, grace: timedelta = SWEEP_GRACE) -> int:
    """Hand over every task still waiting since before `grace`; the number handed over.

    Rows are locked with SKIP LOCKED, so two sweepers never hand the same row at once.
    """
    handed = 0
    with transaction.atomic():
        waiting = (
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(created_at__lte=timezone.now() - grace)
            .order_by("created_at")[:SWEEP_BATCH]
        )
        for entry in waiting:
            task = current_app.tasks.get(entry.task_name)
            if task is None:
                # A task renamed or removed since: dropped (and logged), or such rows would
                # fill every batch and hold back the work behind them.
                logger.error("Unknown task in the outbox, dropped: %s", entry)
                entry.delete()
                continue
            if not _hand_over(entry, task):
                break  # the broker is still away: try again at the next sweep
            handed += 1
    return handed
