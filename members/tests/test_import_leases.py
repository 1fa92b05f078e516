"""A running import holds a lease in PostgreSQL; once it runs out (the worker died, or Redis
lost the task), the sweeper starts the job again, and running it again never writes twice."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone, translation

from members.models import ImportJob, Organization
from members.services import imports
from members.tests.test_imports import checked, csv_file, siren

pytestmark = pytest.mark.django_db


@pytest.fixture
def lease(settings):
    settings.IMPORT_LEASE_SECONDS = 60
    return timedelta(seconds=60)


def _register(count: int = 3):
    rows = "".join(f"Société {number};{siren(100 + number)}\n" for number in range(count))
    return csv_file("Raison sociale;SIREN\n" + rows)


def _confirmed(count: int = 3, language: str = "fr") -> ImportJob:
    job = checked(_register(count))
    assert imports.import_job_confirm(job=job, language=language)
    return ImportJob.objects.get(pk=job.pk)


def _imported() -> int:
    return Organization.objects.filter(name__startswith="Société ").count()


def test_confirming_gives_the_commit_a_lease_and_remembers_the_language(lease):
    before = timezone.now()

    job = _confirmed(language="fr")

    assert job.status == ImportJob.Status.IMPORTING
    assert job.language == "fr"
    assert before + lease <= job.lease_expires_at <= timezone.now() + lease


def test_a_job_whose_lease_still_runs_is_left_alone(lease, django_capture_on_commit_callbacks):
    job = _confirmed()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        resumed = imports.imports_resume_stalled(now=job.lease_expires_at - timedelta(seconds=1))

    assert (resumed, queued) == ([], [])
    assert _imported() == 0


def test_a_commit_whose_lease_ran_out_is_started_again_and_finished(
    lease, django_capture_on_commit_callbacks
):
    job = _confirmed(language="en")

    # Eager Celery runs the queued import_commit as the sweep commits.
    with django_capture_on_commit_callbacks(execute=True):
        resumed = imports.imports_resume_stalled(now=job.lease_expires_at)

    job.refresh_from_db()
    assert resumed == [job.pk]
    assert job.status == ImportJob.Status.DONE
    assert job.summary["created"] == 3
    assert _imported() == 3


def test_a_check_whose_lease_ran_out_is_started_again(lease, django_capture_on_commit_callbacks):
    staff_job = checked(_register())
    imports.import_mapping_set(job=staff_job, mapping=staff_job.mapping, language="en")
    job = ImportJob.objects.get(pk=staff_job.pk)
    assert job.status == ImportJob.Status.CHECKING

    with django_capture_on_commit_callbacks(execute=True):
        resumed = imports.imports_resume_stalled(now=job.lease_expires_at + timedelta(seconds=1))

    job.refresh_from_db()
    assert resumed == [job.pk]
    assert job.status == ImportJob.Status.CHECKED
    assert job.summary["new"] == 3


def test_a_job_left_running_without_a_lease_is_started_again(
    lease, django_capture_on_commit_callbacks
):
    job = _confirmed()
    ImportJob.objects.filter(pk=job.pk).update(lease_expires_at=None, language="")

    with django_capture_on_commit_callbacks(execute=True):
        assert imports.imports_resume_stalled() == [job.pk]

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE


def test_a_restarted_job_gets_a_new_lease_so_it_is_queued_once_per_lease(
    lease, django_capture_on_commit_callbacks
):
    job = _confirmed()
    now = job.lease_expires_at

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert imports.imports_resume_stalled(now=now) == [job.pk]
        assert imports.imports_resume_stalled(now=now + lease / 2) == []
        assert imports.imports_resume_stalled(now=now + lease) == [job.pk]

    assert len(queued) == 2


def test_a_commit_run_again_after_it_finished_writes_nothing_twice(lease):
    job = _confirmed()
    with translation.override("en"):
        imports.import_job_commit(job=ImportJob.objects.get(pk=job.pk))
        # The task delivered again by Redis, with the job as it was when it was queued.
        job.status = ImportJob.Status.IMPORTING
        again = imports.import_job_commit(job=job)

    assert again.status == ImportJob.Status.DONE
    assert _imported() == 3


def test_the_check_renews_the_lease_as_it_reads_the_rows(lease, monkeypatch):
    renewals = []
    real = imports._lease_renew
    monkeypatch.setattr(
        imports, "_lease_renew", lambda job, **f: renewals.append(f) or real(job, **f)
    )

    job = checked(_register(120))

    # Once as it starts, then every PROGRESS_EVERY rows and at the last row.
    assert [renewal.get("processed_rows") for renewal in renewals] == [None, 50, 100, 120]
    assert job.lease_expires_at > timezone.now() + lease - timedelta(seconds=5)


@pytest.mark.django_db(transaction=True)
def test_a_commit_still_holding_its_job_is_not_restarted_though_its_lease_ran_out(lease):
    # Committed for real here, confirming would run the eager commit at once: the job is
    # put in the state a worker left it in instead.
    job = checked(_register())
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTING, lease_expires_at=timezone.now() - lease
    )
    holding, release = threading.Event(), threading.Event()

    def running_commit():
        # What a live commit does: its transaction holds the job's row.
        try:
            with transaction.atomic():
                ImportJob.objects.select_for_update().get(pk=job.pk)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=running_commit)
    worker.start()
    try:
        assert holding.wait(10)
        assert imports.imports_resume_stalled() == []
    finally:
        release.set()
        worker.join(10)

    # The commit's worker died without finishing: the row is free, the job restarts.
    assert imports.imports_resume_stalled() == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert _imported() == 3


def test_a_run_that_fails_late_leaves_a_job_another_run_finished_as_done(lease):
    job = _confirmed()
    with translation.override("en"):
        imports.import_job_commit(job=ImportJob.objects.get(pk=job.pk))
    stale = ImportJob.objects.get(pk=job.pk)
    stale.status = ImportJob.Status.IMPORTING  # what the failing run still believes

    imports._job_fail(stale, errors=[{"row": None, "message": "a transient error"}])

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert _imported() == 3
