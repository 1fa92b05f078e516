"""How many newsletter messages a second one Celery worker sends.

Not a test. Sends one newsletter to 10,000 subscribers through a local SMTP server
(aiosmtpd, in a process of its own, accepting everything at once) with one worker process,
as production runs it (Redis broker, PostgreSQL, batches of NEWSLETTER_BATCH_SIZE per SMTP
connection), and prints messages per second. It uses a database of its own, created and
migrated on the first run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_portal_bench_newsletter \\
    REDIS_URL=redis://127.0.0.1:6379/9 DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-0123456789 \\
    DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python -m tests.bench.newsletter_send [--recipients N]

The Redis database is flushed: give one nothing else uses.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parents[2]
SINK = BASE_DIR / "tests" / "newsletter_smtp_sink.py"
TIMEOUT = 600


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(ready, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"{what} did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)


def _database_create(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        sys.exit("Set DATABASE_URL (PostgreSQL, a bench database) and REDIS_URL.")
    _database_create(database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    from communications.models import Newsletter, Subscriber
    from communications.services import newsletters

    call_command("migrate", verbosity=0)
    redis.Redis.from_url(redis_url).flushdb()
    Newsletter.objects.filter(slug="bench-newsletter").delete()
    Subscriber.objects.filter(email__endswith="@bench.example").delete()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{number}@bench.example",
                first_name="Camille",
                language="en" if number % 4 == 0 else "fr",
                status=Subscriber.Status.CONFIRMED,
                source=Subscriber.Source.STAFF,
            )
            for number in range(options.recipients)
        ),
        batch_size=5000,
    )
    newsletter = Newsletter.objects.create(
        subject_fr="Lettre de test de charge",
        subject_en="Load test letter",
        body_fr="Bonjour,\n\n"
        + "Un paragraphe de la lettre, avec un [lien](https://example.org/). " * 20,
        slug="bench-newsletter",
        audience={"subscribers": True},
        include_news=True,
        include_events=True,
        include_new_members=True,
    )

    workdir = Path(tempfile.mkdtemp(prefix="newsletter-bench-"))
    port = _free_port()
    received = workdir / "rcpt.log"
    sink_log = workdir / "sink.log"
    worker_log = workdir / "worker.log"
    with sink_log.open("wb") as output:
        sink = subprocess.Popen(
            [sys.executable, str(SINK), "--port", str(port), "--log", str(received)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    environment = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "0",
    }
    with worker_log.open("wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "cluster_portal", "worker", "--pool=solo"]
            + ["--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "INFO"],
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=BASE_DIR,
            env=environment,
        )
    try:
        _wait(lambda: received.exists(), "The SMTP server", sink, sink_log)
        _wait(lambda: " ready." in worker_log.read_text(), "The worker", worker, worker_log)
        started = time.monotonic()
        newsletters.newsletter_queue(newsletter=newsletter)
        while newsletter.status != Newsletter.Status.SENT:
            if time.monotonic() - started > TIMEOUT or worker.poll() is not None:
                sys.exit(f"Not sent in time:\n{worker_log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
            newsletter.refresh_from_db()
        elapsed = time.monotonic() - started
        messages = len(received.read_text().split())
        sending = (newsletter.sent_at - newsletter.sending_started_at).total_seconds()
    finally:
        worker.terminate()
        sink.terminate()
        worker.wait(timeout=30)
        sink.wait(timeout=30)
    print(
        f"newsletter send: {messages} messages received by the SMTP server; "
        f"{messages / elapsed:.0f} msgs/s from the click on send ({elapsed:.1f} s), "
        f"{messages / sending:.0f} msgs/s while sending ({sending:.1f} s); "
        f"one worker, batches of {django.conf.settings.NEWSLETTER_BATCH_SIZE}"
    )


if __name__ == "__main__":
    main()
