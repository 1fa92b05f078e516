"""Faults with real processes: a mail server down for longer than Celery's own retries, and a
worker killed in the middle of an import. A Celery worker and beat run on the real Redis and
the test database, with short retry, lease and sweep timings; nothing is eager.

Each test prints what it measured (pytest -s shows it).
"""

import collections
import re
import time

import pytest
import redis

from communications.models import Subscriber
from communications.services import subscriptions
from core.models import SentEmail
from core.tests.factories import UserFactory
from members import services
from members.models import Affiliation, ImportJob, Invitation, Organization
from members.services import imports
from members.tests.factories import OrganizationFactory
from members.tests.test_imports import csv_file, siren
from tests.celery_processes import (
    Process,
    beat_start,
    broker_url,
    forget_broker_connections,
    free_port,
    process_environment,
    smtp_server_start,
    stop,
    worker_start,
)

pytestmark = pytest.mark.slow

# Longer than Celery's own retries of an email task can last (5 retries backing off 1, 2,
# 4, 8 and 16 s at most): what arrives after it, only the sweeper can have sent.
SMTP_OUTAGE = 33
INVITATIONS = 8
SIGN_UPS = 4
IMPORT_ROWS = 60
# 60 rows at 100 ms: the commit takes about 6 s, time to kill its worker mid-way.
ROW_DELAY_MS = 100
FAST_SWEEPS = {
    "SWEEP_INTERVAL_SECONDS": "1",
    "EMAIL_RETRY_FIRST_DELAY_SECONDS": "1",
    "EMAIL_RETRY_MAX_DELAY_SECONDS": "4",
    "IMPORT_LEASE_SECONDS": "3",
    # Redis would hand the killed worker's task back only after an hour: not in this test.
    "CELERY_VISIBILITY_TIMEOUT": "3600",
}


@pytest.fixture
def processes(settings, transactional_db, tmp_path):
    """Start processes on this test's broker; all stopped, and the broker emptied, after."""
    broker = broker_url()
    redis.Redis.from_url(broker).flushdb()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = broker
    forget_broker_connections()
    started: list[Process] = []

    class Processes:
        broker_url = broker

        @staticmethod
        def add(process: Process) -> Process:
            started.append(process)
            return process

    yield Processes
    forget_broker_connections()
    for process in reversed(started):
        stop(process)
        print(f"--- {process.log.name} ---", process.output()[-6000:], sep="\n")
    redis.Redis.from_url(broker).flushdb()


def _wait_for(condition, *, timeout: float, what: str) -> float:
    """Seconds it took for `condition()` to hold."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            pytest.fail(f"{what}: not after {timeout} s")
        time.sleep(0.25)
    return time.monotonic() - began


def test_emails_owed_during_an_smtp_outage_all_arrive_once_it_is_back(processes, tmp_path):
    smtp_port = free_port()  # nothing listens there yet: the mail server is down
    environment = process_environment(
        broker=processes.broker_url, smtp_port=smtp_port, **FAST_SWEEPS
    )
    processes.add(worker_start(log=tmp_path / "worker.log", environment=environment))
    processes.add(beat_start(directory=tmp_path, environment=environment))
    organization = OrganizationFactory(name="Alpha Numérique")
    staff = UserFactory(is_staff=True)
    outage_began = time.monotonic()

    invitations = [
        services.invitation_create(
            organization=organization,
            email=f"person{number}@alpha.test",
            first_name="Camille",
            last_name="Martin",
            access=Affiliation.Access.CONTACT,
            language="fr",
            invited_by=staff,
        )
        for number in range(INVITATIONS)
    ]
    sign_ups = [
        subscriptions.subscription_request(
            email=f"reader{number}@beta.test",
            language="en",
            source=Subscriber.Source.SIGNUP_PAGE,
            consent_text_version=subscriptions.CONSENT_TEXT_VERSION,
        )
        for number in range(SIGN_UPS)
    ]
    owed = {invitation.email for invitation in invitations} | {
        subscriber.email for subscriber in sign_ups
    }
    _wait_for(
        lambda: SentEmail.objects.filter(status=SentEmail.Status.FAILED).count() == len(owed),
        timeout=30,
        what="Every invitation refused while the mail server is down",
    )
    time.sleep(max(0, SMTP_OUTAGE - (time.monotonic() - outage_began)))
    smtp_dir = tmp_path / "smtp"
    smtp_dir.mkdir()
    smtp_server = processes.add(smtp_server_start(smtp_dir, port=smtp_port))
    back_at = time.monotonic()

    pending = Invitation.objects.filter(pk__in=[invitation.pk for invitation in invitations])
    sent = SentEmail.objects.filter(to__in=owed, status=SentEmail.Status.SENT)
    delivered_in = _wait_for(
        lambda: sent.count() == len(owed) and not pending.filter(sent_at=None).exists(),
        timeout=60,
        what="Every email sent once the mail server is back",
    )
    # A few more sweeps: nothing may arrive twice.
    time.sleep(4)

    received = collections.Counter(message["X-RcptTo"] for message in smtp_server.messages())
    records = SentEmail.objects.filter(to__in=owed)
    print(
        f"Emails owed {len(owed)}, delivered {len(received)}, duplicated "
        f"{sum(count - 1 for count in received.values())}; outage {back_at - outage_began:.0f} s, "
        f"all delivered {delivered_in:.1f} s after the server came back; attempts per email "
        f"{sorted(record.attempts for record in records)}"
    )
    assert received == dict.fromkeys(owed, 1)
    assert {record.status for record in records} == {SentEmail.Status.SENT}
    # Celery's own retries were all spent during the outage: the sweeper sent them.
    assert min(record.attempts for record in records) > 6


def test_an_import_whose_worker_is_killed_is_finished_by_the_next_one(processes, tmp_path):
    smtp_port = free_port()
    environment = process_environment(
        broker=processes.broker_url,
        smtp_port=smtp_port,
        IMPORT_ROW_DELAY_MS=str(ROW_DELAY_MS),
        **FAST_SWEEPS,
    )
    first = processes.add(worker_start(log=tmp_path / "first.log", environment=environment))
    processes.add(beat_start(directory=tmp_path, environment=environment))
    rows = "".join(f"Société {n};{siren(200 + n)}\n" for n in range(IMPORT_ROWS))
    job = imports.import_job_create(
        kind=ImportJob.Kind.ORGANIZATIONS,
        upload=csv_file("Raison sociale;SIREN\n" + rows),
        created_by=UserFactory(is_staff=True),
    )
    imports.import_mapping_set(job=job, mapping=job.mapping, language="en")
    _wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).status != ImportJob.Status.CHECKING,
        timeout=60,
        what="The worker checked the file",
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.errors
    assert imports.import_job_confirm(job=ImportJob.objects.get(pk=job.pk), language="en")
    _wait_for(
        lambda: re.search(r"Task members\.tasks\.import_commit\[.*\] received", first.output()),
        timeout=30,
        what="The worker took the commit",
    )
    time.sleep(2)  # about a third of the rows

    first.popen.kill()  # SIGKILL: no clean-up, no acknowledgement
    first.popen.wait(timeout=10)
    killed_at = time.monotonic()
    # Redis loses everything it held, the killed worker's task included.
    redis.Redis.from_url(processes.broker_url).flushdb()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING
    assert not Organization.objects.filter(name__startswith="Société ").exists()
    # The worker's supervisor starts it again.
    processes.add(worker_start(log=tmp_path / "second.log", environment=environment))

    finished_in = _wait_for(
        lambda: (
            ImportJob.objects.get(pk=job.pk).status
            in {ImportJob.Status.DONE, ImportJob.Status.FAILED}
        ),
        timeout=120,
        what="The import finished after its worker was killed",
    )

    job.refresh_from_db()
    print(
        f"Import of {IMPORT_ROWS} rows: worker killed mid-commit, Redis emptied; the job "
        f"finished {time.monotonic() - killed_at:.1f} s after the kill"
    )
    assert job.status == ImportJob.Status.DONE, job.errors
    assert finished_in < 120
    assert Organization.objects.filter(name__startswith="Société ").count() == IMPORT_ROWS
    assert job.summary["created"] == IMPORT_ROWS


def test_a_report_build_whose_worker_is_killed_leaves_one_pair_of_pdfs(processes, tmp_path):
    """The worker dies in the middle of a report's build, and Redis loses the task: the
    sweeper queues the build again once its lease runs out, the next worker builds it, and
    the report keeps exactly its two PDFs (French and English)."""
    from datetime import date

    from django.conf import settings

    from members.models import Membership
    from reports.models import BuildState, Report
    from reports.services import reports as report_services

    environment = process_environment(
        broker=processes.broker_url,
        smtp_port=free_port(),
        REPORT_BUILD_STEP_DELAY_MS="700",
        # Longer than a step takes (one PDF: about a second), shorter than the test can wait.
        REPORT_BUILD_LEASE_SECONDS="10",
        **FAST_SWEEPS,
    )
    first = processes.add(worker_start(log=tmp_path / "first.log", environment=environment))
    processes.add(beat_start(directory=tmp_path, environment=environment))
    organization = OrganizationFactory(name="Alpha Numérique", lifecycle="member")
    Membership.objects.create(
        organization=organization,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        status=Membership.Status.EXPIRED,
    )
    report = report_services.report_create(kind="year", year=2025)
    assert report_services.report_build_request(report=report)
    _wait_for(
        lambda: Report.objects.get(pk=report.pk).build_progress >= 20,
        timeout=60,
        what="The worker is taking the figures",
    )
    first.popen.kill()  # SIGKILL: no clean-up, no acknowledgement
    first.popen.wait(timeout=10)
    killed_at = time.monotonic()
    redis.Redis.from_url(processes.broker_url).flushdb()
    stopped = Report.objects.get(pk=report.pk)
    assert stopped.build_state == BuildState.RUNNING
    processes.add(worker_start(log=tmp_path / "second.log", environment=environment))

    _wait_for(
        lambda: Report.objects.get(pk=report.pk).build_state == BuildState.DONE,
        timeout=120,
        what="The report was built after its worker was killed",
    )
    report.refresh_from_db()
    files = sorted(
        path.name for path in (settings.PRIVATE_MEDIA_ROOT / "reports" / str(report.pk)).iterdir()
    )
    print(
        f"Annual report: worker killed at {stopped.build_progress}% of its build, Redis emptied; "
        f"built {time.monotonic() - killed_at:.1f} s after the kill; files {files}"
    )
    assert files == ["draft-1-en.pdf", "draft-1-fr.pdf"]
    assert report.snapshot["membership"]["current"]["at_end"] == 1
    assert report.pdfs_current
