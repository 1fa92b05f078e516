"""The project's Celery app with one task that takes its time, for the test of a worker
that loses Redis in the middle of a task (tests/test_redis_outage.py). Only the test's
worker loads this module."""

import time

from cluster_portal.celery import app


@app.task(name="tests.sleep")
def sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds
