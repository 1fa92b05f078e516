"""Real processes for the tests that cross process boundaries: a Celery worker and beat on
the real Redis, reading the test database, and an aiosmtpd SMTP server writing a Maildir.

Used by tests/test_celery_worker.py and tests/test_fault_recovery.py.
"""

import email
import email.policy
import mailbox
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.db import connection

from cluster_portal.celery import app as celery_app

START_TIMEOUT = 30


@dataclass
class Process:
    popen: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class SmtpServer(Process):
    port: int
    maildir: Path

    def messages(self) -> list[EmailMessage]:
        box = mailbox.Maildir(self.maildir, create=False)
        return [
            email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            for key in sorted(box.keys())
        ]

    def clear(self) -> None:
        mailbox.Maildir(self.maildir, create=False).clear()


@dataclass
class Worker(Process):
    broker_url: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def accepts_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def start(command: list[str], log: Path, **popen_options) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            **popen_options,
        )


def wait_until(ready: Callable[[], bool], process: Process, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not ready():
        if process.popen.poll() is not None:
            pytest.fail(f"{what} exited with {process.popen.returncode}:\n{process.output()}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what} not ready after {START_TIMEOUT} s:\n{process.output()}")
        time.sleep(0.1)


def stop(process: Process) -> None:
    if process.popen.poll() is None:
        process.popen.terminate()
        try:
            process.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.popen.kill()
            process.popen.wait(timeout=5)


def test_database_url() -> str:
    # settings_dict names the test database once pytest-django has created it.
    database = connection.settings_dict
    credentials = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    address = database["HOST"] + (f":{database['PORT']}" if database["PORT"] else "")
    query = f"?{urlencode(database['OPTIONS'])}" if database["OPTIONS"] else ""
    return f"postgres://{credentials}@{address}/{quote(database['NAME'], safe='')}{query}"


# Not collected as a test by pytest despite its name.
test_database_url.__test__ = False


def broker_url() -> str:
    """The broker of the processes a test starts: this run's own Redis database (REDIS_URL),
    never a fixed number, which another run's REDIS_URL could name and flush while its
    tasks wait. The conftest empties this database around every test; a worker kept for a
    whole module survives it, since each test that queues work forgets the broker
    connections first (forget_broker_connections) and so declares its queue again."""
    return django_settings.REDIS_URL or "redis://127.0.0.1:6379/1"


def forget_broker_connections() -> None:
    # The app keeps its connection and producer pools for the broker URL it first used;
    # without dropping them a publish could still go to the previous broker. (Not closed:
    # kombu keeps pools per URL and would hand the closed one back for that URL later.)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def smtp_server_start(directory: Path, port: int | None = None) -> SmtpServer:
    """An aiosmtpd process writing every message it accepts into directory/maildir."""
    port = port or free_port()
    maildir = directory / "maildir"
    log = directory / "smtp.log"
    # -n: stay the current user (aiosmtpd otherwise switches to `nobody` when run as root).
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"]
    command += ["-c", "aiosmtpd.handlers.Mailbox", str(maildir)]
    server = SmtpServer(popen=start(command, log), log=log, port=port, maildir=maildir)
    try:
        wait_until(lambda: accepts_connections(port), server, "The SMTP server")
    except BaseException:
        stop(server)
        raise
    return server


def process_environment(*, broker: str, smtp_port: int, **extra: str) -> dict[str, str]:
    """What a worker or beat process of the tests reads: the test database, the broker, the
    SMTP server, and `extra` settings (short delays for the fault tests)."""
    return {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": broker,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "SITE_URL": django_settings.SITE_URL,
        # The files the test process stored (an import's spreadsheet) where it stored them.
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(django_settings.PRIVATE_MEDIA_ROOT),
        **extra,
    }


def worker_start(
    *,
    log: Path,
    environment: dict[str, str],
    name: str = "portal-tests",
    app: str = "cluster_portal",
    pool: str = "solo",
) -> Worker:
    """A Celery worker of `app`, ready when this returns: one task at a time in the solo
    pool, or two child processes in the prefork pool production uses."""
    concurrency = 1 if pool == "solo" else 2
    # Mingle and gossip wait for other workers to answer; there are none to wait for.
    command = [sys.executable, "-m", "celery", "-A", app, "worker"]
    command += [f"--pool={pool}", f"--concurrency={concurrency}", "--loglevel=INFO"]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    command += [f"--hostname={name}-{os.getpid()}@%h"]
    popen = start(command, log, cwd=django_settings.BASE_DIR, env=environment)
    worker = Worker(popen=popen, log=log, broker_url=environment["REDIS_URL"])
    try:
        wait_until(lambda: " ready." in worker.output(), worker, "The Celery worker")
    except BaseException:
        stop(worker)
        raise
    return worker


def beat_start(*, directory: Path, environment: dict[str, str]) -> Process:
    """Celery beat with the project's schedule (its sweepers every SWEEP_INTERVAL_SECONDS)."""
    log = directory / "beat.log"
    command = [sys.executable, "-m", "celery", "-A", "cluster_portal", "beat", "--loglevel=INFO"]
    command += [f"--schedule={directory / 'beat-schedule'}", f"--pidfile={directory / 'beat.pid'}"]
    popen = start(command, log, cwd=django_settings.BASE_DIR, env=environment)
    beat = Process(popen=popen, log=log)
    try:
        wait_until(lambda: "Sending due task" in beat.output(), beat, "Celery beat")
    except BaseException:
        stop(beat)
        raise
    return beat
