"""Importing organizations and contacts from a spreadsheet (CSV or XLSX).

The steps: the upload reads the header row and stores the file; staff say which column holds
what; a Celery task checks every row (the same rules as the register's forms, duplicates in
the file and matches in the register) and writes a preview; on confirmation a second task
re-checks and writes everything in one transaction, so a bad row means nothing is written.

A worker may die in the middle of either task. The job holds a lease in PostgreSQL that the
task renews as it reads the rows (the commit also keeps the job's row locked until it ends);
`imports_resume_stalled`, run by the beat every minute, starts again any job whose lease ran
out and whose row nobody holds, whatever Redis remembers of the task. Both tasks may run
again safely: the check rewrites the same preview, and the commit wrote nothing if it died.

Rows are numbered as the spreadsheet shows them: the header is row 1. A cell such as
`=HYPERLINK(...)` is stored as those characters, and the exports neutralise it when it goes
back out to a spreadsheet.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import PurePath

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from core.outbox import task_enqueue
from members.forms.imports import ContactRowForm, OrganizationRowForm, choice_key, choice_lookup
from members.models import (
    Affiliation,
    Competence,
    Contact,
    ImportJob,
    Organization,
    Sector,
)
from members.services.directory import organization_search_refresh_bulk
from members.services.import_files import (
    ImportFileError,
    Sheet,
    import_fields,
    import_mapping_guess,
    sheet_read,
)
from members.services.joining import department_of_postal_code
from members.services.organizations import tag_find_or_create

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 20
# The check writes its progress every so many rows: often enough for the progress bar,
# rarely enough not to slow the check down.
PROGRESS_EVERY = 50
# More errors than this are counted but not listed: the file needs fixing anyway.
ERRORS_LISTED = 500

ACTION_NEW = "new"
ACTION_MATCHED = "matched"


# Creating the job and mapping the columns --------------------------------------------------


@transaction.atomic
def import_job_create(*, kind: str, upload: UploadedFile, created_by) -> ImportJob:
    """Read the file's header row and rows, and keep the file in a new job. Raises
    ImportFileError when the file cannot be imported."""
    content = upload.read()
    sheet = sheet_read(content=content, name=upload.name)
    upload.seek(0)
    job = ImportJob(
        kind=kind,
        original_name=PurePath(upload.name).name[:255],
        headers=sheet.headers,
        mapping=import_mapping_guess(kind=kind, headers=sheet.headers),
        total_rows=len(sheet.rows),
        created_by=created_by,
    )
    job.file.save(PurePath(upload.name).name, upload, save=False)
    job.save()
    return job


def import_job_can_map(*, job: ImportJob) -> bool:
    # Once confirmed, the job is what it is; a failed one is fixed by uploading the file again.
    return job.status in {ImportJob.Status.UPLOADED, ImportJob.Status.CHECKED}


@transaction.atomic
def import_mapping_set(*, job: ImportJob, mapping: dict[str, str], language: str) -> ImportJob:
    """Keep the column mapping and have every row checked by a Celery task, which writes its
    messages in `language` (the job keeps them as text)."""
    from members.tasks import import_check

    job.mapping = mapping
    job.status = ImportJob.Status.CHECKING
    job.processed_rows = 0
    job.errors, job.preview, job.summary = [], [], {}
    job.finished_at = None
    job.language = language
    # The task's first lease: time for a worker to pick it up.
    job.lease_expires_at = _lease_end()
    job.save()
    task_enqueue(import_check, job.pk, language)
    return job


# The lease of a running job -------------------------------------------------------------


def _lease_end() -> datetime:
    return timezone.now() + timedelta(seconds=settings.IMPORT_LEASE_SECONDS)


def _lease_renew(job: ImportJob, **fields) -> None:
    ImportJob.objects.filter(pk=job.pk).update(lease_expires_at=_lease_end(), **fields)
    job._lease_renewed = time.monotonic()


def imports_resume_stalled(*, now: datetime | None = None) -> list[int]:
    """Start again the check or the commit of every job whose lease ran out: its worker
    died, or Redis lost the task. Returns the jobs' ids.

    SKIP LOCKED passes over a job whose commit is still running (its transaction holds the
    row) and over jobs another sweeper is restarting. A job is given a new lease as it is
    queued, so it is not queued again before a worker has had the time to start it.
    """
    from members.tasks import import_check, import_commit

    now = now or timezone.now()
    tasks = {ImportJob.Status.CHECKING: import_check, ImportJob.Status.IMPORTING: import_commit}
    resumed = []
    with transaction.atomic():
        stalled = (
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(status__in=tasks)
            # No lease at all: a job left running before leases existed.
            .filter(Q(lease_expires_at__lte=now) | Q(lease_expires_at__isnull=True))
            .order_by("pk")
        )
        for job in stalled:
            logger.warning("Import job %s stopped while %s: starting it again", job.pk, job.status)
            job.lease_expires_at = now + timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
            job.save(update_fields=["lease_expires_at"])
            task_enqueue(tasks[job.status], job.pk, job.language or settings.LANGUAGE_CODE)
            resumed.append(job.pk)
    return resumed


# Checking the rows ----------------------------------------------------------------------


@dataclass
class _PlannedRow:
    row: int
    values: dict  # cleaned_data of the row form
    action: str = ACTION_NEW
    target: object = None  # the organization or contact of the register it updates
    organization: Organization | None = None  # for contacts: where they are attached
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    rows: list[_PlannedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, *, row: int, column: str, message) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})

    def summary(self) -> dict:
        return {
            "new": sum(1 for row in self.rows if row.action == ACTION_NEW),
            "matched": sum(1 for row in self.rows if row.action == ACTION_MATCHED),
            "errors": len(self.errors),
            "rows_with_errors": len({error["row"] for error in self.errors}),
            "warnings": sum(len(row.warnings) for row in self.rows),
        }


def _progress(job: ImportJob, processed: int) -> None:
    """Write the progress, and renew the lease, every PROGRESS_EVERY rows and at least four
    times per lease. (In the commit's transaction neither shows outside: there, the lock on
    the job's row tells the sweeper the commit is alive.)"""
    lease_due = (
        time.monotonic() - getattr(job, "_lease_renewed", 0) > settings.IMPORT_LEASE_SECONDS / 4
    )
    if processed % PROGRESS_EVERY == 0 or processed == job.total_rows or lease_due:
        _lease_renew(job, processed_rows=processed)


def _term_lookup(model) -> dict[str, int]:
    lookup = {}
    for pk, name_fr, name_en, slug in model.objects.values_list("pk", "name_fr", "name_en", "slug"):
        for name in (slug, name_en, name_fr):
            if name:
                lookup[choice_key(name)] = pk
    return lookup


def _form_errors(plan: _Plan, *, number: int, form, mapping: dict[str, str]) -> None:
    for name, messages in form.errors.items():
        column = mapping.get(name, "")
        for message in messages:
            plan.error(row=number, column=column, message=message)


def _row_forms(job: ImportJob, sheet: Sheet, form_class, **form_kwargs):
    """(row number, bound and validated form) of every row, reporting progress."""
    choices = {name: choice_lookup(choices) for name, choices in form_class.CHOICE_FIELDS.items()}
    for processed, (number, cells) in enumerate(sheet.rows, start=1):
        data = {name: cells.get(header, "") for name, header in job.mapping.items()}
        form = form_class(data, choices=choices, **form_kwargs)
        form.is_valid()
        yield number, form
        if settings.IMPORT_ROW_DELAY_MS:
            time.sleep(settings.IMPORT_ROW_DELAY_MS / 1000)
        _progress(job, processed)


def _organizations_plan(job: ImportJob, sheet: Sheet) -> _Plan:
    plan = _Plan()
    mapping = job.mapping
    # Each organization once in the file: a SIRET names an establishment, a SIREN without a
    # SIRET a company, a name without either is all there is to tell two rows apart.
    rows_by_identity: dict[tuple[str, str], int] = {}
    forms = _row_forms(
        job,
        sheet,
        OrganizationRowForm,
        sectors=_term_lookup(Sector),
        competences=_term_lookup(Competence),
    )
    for number, form in forms:
        if not form.is_valid():
            _form_errors(plan, number=number, form=form, mapping=mapping)
            continue
        values = form.cleaned_data
        if values["siret"]:
            identity, column = ("siret", values["siret"]), mapping.get("siret", "")
            message = gettext("Same SIRET as row %(row)s: each establishment once.")
        elif values["siren"]:
            identity, column = ("siren", values["siren"]), mapping.get("siren", "")
            message = gettext(
                "Same SIREN as row %(row)s and no SIRET to tell them apart: each organization once."
            )
        else:
            identity, column = ("name", values["name"].lower()), mapping.get("name", "")
            message = gettext(
                "Same name as row %(row)s and no SIREN to tell them apart: each organization once."
            )
        if identity in rows_by_identity:
            plan.error(
                row=number, column=column, message=message % {"row": rows_by_identity[identity]}
            )
            continue
        rows_by_identity[identity] = number
        plan.rows.append(_PlannedRow(row=number, values=values))

    # Matches in the register: by SIRET, which identifies an establishment, then by SIREN,
    # which identifies a company (that may have several establishments in the register).
    # A name alone does not (two companies may share one), so it only warns.
    sirets = {row.values["siret"] for row in plan.rows} - {""}
    sirens = {row.values["siren"] for row in plan.rows} - {""}
    by_siret: dict[str, list[Organization]] = {}
    by_siren: dict[str, list[Organization]] = {}
    for organization in Organization.objects.filter(Q(siret__in=sirets) | Q(siren__in=sirens)):
        if organization.siret in sirets:
            by_siret.setdefault(organization.siret, []).append(organization)
        if organization.siren in sirens:
            by_siren.setdefault(organization.siren, []).append(organization)
    names_without_siren = {
        row.values["name"].lower() for row in plan.rows if not row.values["siren"]
    }
    named = set(
        Organization.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name__in=names_without_siren)
        .values_list("lower_name", flat=True)
    )
    lifecycles = dict(Organization.Lifecycle.choices)
    kept = []
    for planned in plan.rows:
        values = planned.values
        match = _organization_match(plan, planned, by_siret, by_siren, mapping)
        if match is False:
            continue
        if match is not None:
            planned.action, planned.target = ACTION_MATCHED, match
            if choice_key(match.name) != choice_key(values["name"]):
                planned.warnings.append(
                    gettext(
                        "The register has this organization under the name “%(registered)s”: "
                        "it will be updated, its name kept."
                    )
                    % {"registered": match.name}
                )
            if values["lifecycle"] and values["lifecycle"] != match.lifecycle:
                planned.warnings.append(
                    gettext(
                        "The lifecycle column only applies to new organizations: this one "
                        "stays “%(lifecycle)s”."
                    )
                    % {"lifecycle": lifecycles.get(match.lifecycle, match.lifecycle)}
                )
        elif values["siren"] and by_siren.get(values["siren"]):
            planned.warnings.append(
                gettext(
                    "Other establishments of this company are in the register (%(names)s): "
                    "a new organization will be created for this SIRET."
                )
                % {"names": ", ".join(other.name for other in by_siren[values["siren"]])}
            )
        elif not values["siren"] and values["name"].lower() in named:
            planned.warnings.append(
                gettext(
                    "An organization of this name is already in the register, without this "
                    "SIREN: a new one will be created."
                )
            )
        kept.append(planned)
    plan.rows = kept
    return plan


def _organization_match(plan, planned, by_siret, by_siren, mapping):
    """The organization of the register a row updates, None for a new one, False on an
    error (reported in the plan)."""
    siret, siren = planned.values["siret"], planned.values["siren"]
    matches = by_siret.get(siret, []) if siret else []
    if len(matches) > 1:
        plan.error(
            row=planned.row,
            column=mapping.get("siret", ""),
            message=gettext(
                "Several organizations of the register have this SIRET (%(names)s): "
                "merge them before importing."
            )
            % {"names": ", ".join(match.name for match in matches)},
        )
        return False
    if matches:
        return matches[0]
    if not siren:
        return None
    candidates = by_siren.get(siren, [])
    if siret:
        # The same company under another SIRET is another establishment, not this one.
        candidates = [candidate for candidate in candidates if not candidate.siret]
    if len(candidates) > 1:
        if siret:
            message = gettext(
                "Several organizations of the register have this SIREN and no SIRET "
                "(%(names)s): fill in their SIRET, or merge them, before importing."
            )
        else:
            message = gettext(
                "Several organizations of the register have this SIREN (%(names)s): "
                "add a SIRET column to say which one each row updates."
            )
        plan.error(
            row=planned.row,
            column=mapping.get("siren", ""),
            message=message % {"names": ", ".join(match.name for match in candidates)},
        )
        return False
    return candidates[0] if candidates else None


def _contacts_plan(job: ImportJob, sheet: Sheet) -> _Plan:
    plan = _Plan()
    mapping = job.mapping
    rows_by_email: dict[str, int] = {}
    for number, form in _row_forms(job, sheet, ContactRowForm):
        if not form.is_valid():
            _form_errors(plan, number=number, form=form, mapping=mapping)
            continue
        email = form.cleaned_data["email"]
        if email in rows_by_email:
            plan.error(
                row=number,
                column=mapping["email"],
                message=gettext("Same email as row %(row)s: each person once.")
                % {"row": rows_by_email[email]},
            )
            continue
        rows_by_email[email] = number
        plan.rows.append(_PlannedRow(row=number, values=form.cleaned_data))

    contacts: dict[str, list[Contact]] = {}
    for contact in Contact.objects.annotate(lower_email=Lower("email")).filter(
        lower_email__in=list(rows_by_email)
    ):
        contacts.setdefault(contact.lower_email, []).append(contact)
    sirens = {row.values["organization_siren"] for row in plan.rows} - {""}
    names = {row.values["organization_name"].lower() for row in plan.rows} - {""}
    by_siren: dict[str, list[Organization]] = {}
    by_name: dict[str, list[Organization]] = {}
    for organization in Organization.objects.annotate(lower_name=Lower("name")).filter(
        Q(siren__in=sirens) | Q(lower_name__in=names)
    ):
        if organization.siren in sirens:
            by_siren.setdefault(organization.siren, []).append(organization)
        if organization.lower_name in names:
            by_name.setdefault(organization.lower_name, []).append(organization)

    kept = []
    for planned in plan.rows:
        values = planned.values
        matches = contacts.get(values["email"], [])
        if len(matches) > 1:
            plan.error(
                row=planned.row,
                column=mapping["email"],
                message=gettext(
                    "Several contacts of the register have this email: merge them first."
                ),
            )
            continue
        if matches:
            planned.action, planned.target = ACTION_MATCHED, matches[0]
        organization = _contact_organization(plan, planned, by_siren, by_name, mapping)
        if organization is False:
            continue
        planned.organization = organization
        kept.append(planned)
    plan.rows = kept
    return plan


def _contact_organization(plan, planned, by_siren, by_name, mapping):
    """The organization a contact row names, None when it names none, False on an error."""
    siren, name = planned.values["organization_siren"], planned.values["organization_name"]
    if siren:
        candidates, column = by_siren.get(siren, []), mapping.get("organization_siren", "")
        if len(candidates) > 1 and name:
            # Establishments of one company share its SIREN: the name says which one.
            candidates = [
                candidate
                for candidate in candidates
                if choice_key(candidate.name) == choice_key(name)
            ] or candidates
    elif name:
        candidates, column = by_name.get(name.lower(), []), mapping.get("organization_name", "")
    else:
        return None
    if not candidates:
        plan.error(
            row=planned.row,
            column=column,
            message=gettext("No organization of the register has this SIREN.")
            if siren
            else gettext("No organization of the register has this name."),
        )
        return False
    if len(candidates) > 1:
        names = ", ".join(candidate.name for candidate in candidates)
        if siren:
            message = gettext(
                "Several organizations of the register have this SIREN (%(names)s): "
                "give the organization's name as the register spells it to say which one."
            )
        else:
            message = gettext(
                "Several organizations of the register have this name: give the SIREN "
                "of the right one."
            )
        plan.error(row=planned.row, column=column, message=message % {"names": names})
        return False
    organization = candidates[0]
    if siren and name and choice_key(name) != choice_key(organization.name):
        planned.warnings.append(
            gettext("This SIREN is “%(registered)s” in the register, not “%(name)s”.")
            % {"registered": organization.name, "name": name}
        )
    return organization


def _plan(job: ImportJob) -> _Plan:
    with job.file.open("rb") as stored:
        sheet = sheet_read(content=stored.read(), name=job.original_name)
    if job.kind == ImportJob.Kind.CONTACTS:
        return _contacts_plan(job, sheet)
    return _organizations_plan(job, sheet)


def _preview_row(job: ImportJob, planned: _PlannedRow, sector_names, competence_names) -> dict:
    values = []
    for import_field in import_fields(kind=job.kind):
        if import_field.name not in job.mapping:
            continue
        value = planned.values.get(import_field.name)
        if import_field.name == "sectors":
            value = ", ".join(sector_names[pk] for pk in value)
        elif import_field.name == "competences":
            value = ", ".join(competence_names[pk] for pk in value)
        elif isinstance(value, list):
            value = ", ".join(value)
        values.append("" if value is None else str(value))
    return {
        "row": planned.row,
        "action": planned.action,
        "target": str(planned.target) if planned.target else "",
        "organization": str(planned.organization) if planned.organization else "",
        "values": values,
        "warnings": planned.warnings,
    }


def _preview(job: ImportJob, plan: _Plan) -> list[dict]:
    sector_names = dict(Sector.objects.values_list("pk", "name_fr"))
    competence_names = dict(Competence.objects.values_list("pk", "name_fr"))
    # Rows with warnings first: they are the ones staff must look at before confirming.
    shown = [row for row in plan.rows if row.warnings]
    shown += [row for row in plan.rows if not row.warnings]
    shown = sorted(shown[:PREVIEW_ROWS], key=lambda row: row.row)
    return [_preview_row(job, row, sector_names, competence_names) for row in shown]


def import_preview_columns(*, job: ImportJob) -> list[str]:
    """The labels of the preview's value columns, in the order of `preview[i]["values"]`."""
    return [
        str(import_field.label)
        for import_field in import_fields(kind=job.kind)
        if import_field.name in job.mapping
    ]


def import_job_check(*, job: ImportJob) -> ImportJob:
    """Check every row and write the preview, the error list and the counts (status CHECKED),
    or FAILED when the stored file cannot be read any more."""
    if job.status != ImportJob.Status.CHECKING:
        # A task delivered twice, or after staff moved on: the job's state stands.
        return job
    _lease_renew(job)
    try:
        plan = _plan(job)
        preview = _preview(job, plan)
    except ImportFileError as error:
        return _job_fail(job, errors=[_file_error(error)])
    except Exception as error:
        _job_fail_unexpectedly(job, error)
        if isinstance(error, SoftTimeLimitExceeded):
            raise
        return job
    # Only a job still being checked: a second run of the check that ends after staff
    # confirmed the first one's result must not put the job back.
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKING).update(
        errors=plan.errors[:ERRORS_LISTED],
        preview=preview,
        summary=plan.summary(),
        processed_rows=job.total_rows,
        status=ImportJob.Status.CHECKED,
    )
    job.refresh_from_db()
    return job


def _file_error(message) -> dict:
    """An error of the whole file rather than of one row (row 0 shows as a dash)."""
    return {"row": 0, "column": "", "message": str(message)}


def _job_fail(job: ImportJob, *, errors: list[dict]) -> ImportJob:
    # Only a job still running fails: another run of it (the task delivered again, the
    # sweeper's restart) may have finished it meanwhile, and its outcome stands.
    running = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportJob.Status.CHECKING, ImportJob.Status.IMPORTING]
    )
    if not running.update(
        status=ImportJob.Status.FAILED, errors=errors, finished_at=timezone.now(), preview=[]
    ):
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    _file_delete(job)
    job.save(update_fields=["file"])
    return job


def _job_fail_unexpectedly(job: ImportJob, error: Exception) -> ImportJob:
    """A bug, the database or the time limit stopped the task: the reason goes to the log,
    staff read that nothing was written (the commit's transaction saw to that)."""
    logger.error("Import job %s stopped unexpectedly", job.pk, exc_info=error)
    message = gettext("The import stopped unexpectedly; nothing was written.")
    return _job_fail(job, errors=[_file_error(message)])


def _file_delete(job: ImportJob) -> None:
    """The spreadsheet holds people's data: once the job is over it is not kept. The counts
    and the errors stay on the job."""
    if job.file:
        job.file.delete(save=False)
    job.file = ""


def import_job_counts(*, job: ImportJob) -> dict:
    """The counts the page shows: what the check plans, then what the commit wrote."""
    summary = job.summary
    if job.status == ImportJob.Status.DONE:
        return {
            "new": summary.get("created", 0),
            "matched": summary.get("updated", 0),
            "attached": summary.get("attached", 0),
        }
    return {key: summary.get(key, 0) for key in ("new", "matched", "attached")}


# Writing everything ---------------------------------------------------------------------


def import_job_can_confirm(*, job: ImportJob) -> bool:
    return (
        job.status == ImportJob.Status.CHECKED
        and not job.errors
        and bool(job.summary.get("new") or job.summary.get("matched"))
    )


@transaction.atomic
def import_job_confirm(*, job: ImportJob, language: str) -> bool:
    """Have the checked job written by a Celery task. False when it is not (or no longer)
    ready, e.g. a second click: the status only moves on once."""
    from members.tasks import import_commit

    if not import_job_can_confirm(job=job):
        return False
    moved = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.IMPORTING, language=language, lease_expires_at=_lease_end()
    )
    if not moved:
        return False
    job.status = ImportJob.Status.IMPORTING
    task_enqueue(import_commit, job.pk, language)
    return True


class _ImportAborted(Exception):
    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


class _AlreadyCommitted(Exception):
    """Another run of the commit holds the job's row, or has finished the job."""


def import_job_commit(*, job: ImportJob) -> ImportJob:
    """Re-check every row and write them all in one transaction: DONE with a summary, or
    FAILED with the reasons and nothing written."""
    if job.status != ImportJob.Status.IMPORTING:
        return job
    _lease_renew(job)
    try:
        with transaction.atomic():
            # The job's row stays locked until this transaction ends: a second run (the task
            # delivered again, the sweeper's restart) finds it taken and leaves at once rather
            # than holding a worker while it waits. If the worker dies, PostgreSQL rolls back
            # and frees the row for the sweeper.
            holding = ImportJob.objects.select_for_update(skip_locked=True).filter(
                pk=job.pk, status=ImportJob.Status.IMPORTING
            )
            if not list(holding.values_list("pk", flat=True)):
                raise _AlreadyCommitted
            plan = _plan(job)
            if plan.errors:
                raise _ImportAborted(plan.errors[:ERRORS_LISTED])
            if job.kind == ImportJob.Kind.CONTACTS:
                summary = _contacts_write(plan)
            else:
                summary = _organizations_write(plan)
            # DONE in the same transaction as the rows: there is no moment when the rows
            # are written and the job still looks like one to restart.
            job.status = ImportJob.Status.DONE
            job.summary = {**job.summary, **summary}
            job.errors = []
            job.preview = []
            job.processed_rows = job.total_rows
            job.finished_at = timezone.now()
            job.save(
                update_fields=[
                    "status",
                    "summary",
                    "errors",
                    "preview",
                    "processed_rows",
                    "finished_at",
                ]
            )
    except _AlreadyCommitted:
        job.refresh_from_db()
        return job
    except _ImportAborted as aborted:
        return _job_fail(job, errors=aborted.errors)
    except ImportFileError as error:
        return _job_fail(job, errors=[_file_error(error)])
    except Exception as error:
        _job_fail_unexpectedly(job, error)
        if isinstance(error, SoftTimeLimitExceeded):
            raise
        return job
    _file_delete(job)
    job.save(update_fields=["file"])
    return job


def _slugs_unique(names: list[str]) -> list[str]:
    """A free slug per name, in one query (organization_slug_unique() queries once per name);
    names of the same batch get distinct slugs too."""
    if not names:
        return []
    bases = [slugify(name)[:200] or "organization" for name in names]
    taken = set(
        Organization.objects.filter(
            Q.create([("slug__startswith", base) for base in set(bases)], connector=Q.OR)
        ).values_list("slug", flat=True)
    )
    slugs = []
    for base in bases:
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


# The columns of Organization a row writes, with the form field each comes from.
ORGANIZATION_COLUMNS = {
    "name": "name",
    "kind": "kind",
    "siren": "siren",
    "siret": "siret",
    "naf_code": "naf_code",
    "headcount_band": "headcount_band",
    "founded_year": "founded_year",
    "street": "street",
    "postal_code": "postal_code",
    "city": "city",
    "website": "website",
    "email": "email",
    "phone": "phone",
    "lifecycle": "lifecycle",
    "description": "description_fr",
}


def _organization_apply(organization: Organization, values: dict) -> set[str]:
    """Copy the row's non-empty cells onto the organization: an empty cell never erases what
    the register knows. Returns the model fields changed."""
    changed = set()
    for name, column in ORGANIZATION_COLUMNS.items():
        value = values.get(name)
        if value in (None, ""):
            continue
        if name in ("name", "lifecycle") and organization.pk:
            # A matched organization keeps its registered name and where it stands with the
            # cluster (the preview warned): a spreadsheet does not make a member a prospect.
            continue
        setattr(organization, column, value)
        changed.add(column)
    if "postal_code" in changed:
        organization.department = department_of_postal_code(postal_code=organization.postal_code)
        changed.add("department")
    return changed


def _organizations_write(plan: _Plan) -> dict:
    tag_names = {choice_key(name): name for row in plan.rows for name in row.values["tags"]}
    tags = {key: tag_find_or_create(name=name) for key, name in tag_names.items()}

    new_rows = [row for row in plan.rows if row.action == ACTION_NEW]
    matched_rows = [row for row in plan.rows if row.action == ACTION_MATCHED]
    for planned, slug in zip(
        new_rows, _slugs_unique([row.values["name"] for row in new_rows]), strict=True
    ):
        planned.target = Organization(slug=slug, lifecycle=Organization.Lifecycle.PROSPECT)
        _organization_apply(planned.target, planned.values)
    Organization.objects.bulk_create([row.target for row in new_rows])

    changed: set[str] = set()
    now = timezone.now()
    for planned in matched_rows:
        changed |= _organization_apply(planned.target, planned.values)
        planned.target.updated_at = now
    if matched_rows:
        Organization.objects.bulk_update(
            [row.target for row in matched_rows], sorted(changed | {"updated_at"}), batch_size=500
        )

    # Taxonomies are added to what an organization has, never replaced.
    for relation, key in (("sectors", "sector_id"), ("competences", "competence_id")):
        through = getattr(Organization, relation).through
        through.objects.bulk_create(
            [
                through(organization_id=row.target.pk, **{key: pk})
                for row in plan.rows
                for pk in row.values[relation]
            ],
            ignore_conflicts=True,
        )
    Organization.tags.through.objects.bulk_create(
        [
            Organization.tags.through(
                organization_id=row.target.pk, tag_id=tags[choice_key(name)].pk
            )
            for row in plan.rows
            for name in row.values["tags"]
        ],
        ignore_conflicts=True,
    )
    organization_search_refresh_bulk(
        organizations=Organization.objects.filter(pk__in=[row.target.pk for row in plan.rows])
    )
    return {"created": len(new_rows), "updated": len(matched_rows)}


CONTACT_COLUMNS = ("first_name", "last_name", "email", "job_title", "phone", "preferred_language")


def _contact_apply(contact: Contact, values: dict) -> set[str]:
    changed = set()
    for name in CONTACT_COLUMNS:
        value = values.get(name)
        if value in (None, ""):
            continue
        if name == "email" and contact.pk:
            # Matched on this address, case aside: keep the register's spelling.
            continue
        setattr(contact, name, value)
        changed.add(name)
    return changed


def _contacts_write(plan: _Plan) -> dict:
    new_rows = [row for row in plan.rows if row.action == ACTION_NEW]
    matched_rows = [row for row in plan.rows if row.action == ACTION_MATCHED]
    for planned in new_rows:
        planned.target = Contact()
        _contact_apply(planned.target, planned.values)
    Contact.objects.bulk_create([row.target for row in new_rows])
    changed: set[str] = set()
    for planned in matched_rows:
        changed |= _contact_apply(planned.target, planned.values)
    if matched_rows and changed:
        Contact.objects.bulk_update(
            [row.target for row in matched_rows], sorted(changed), batch_size=500
        )

    attached = [row for row in plan.rows if row.organization is not None]
    existing = {
        (affiliation.contact_id, affiliation.organization_id): affiliation
        for affiliation in Affiliation.objects.filter(
            contact__in=[row.target.pk for row in matched_rows],
            organization__in={row.organization.pk for row in attached},
        )
    }
    new_affiliations, repositioned = [], []
    for planned in attached:
        position = planned.values["position"]
        affiliation = existing.get((planned.target.pk, planned.organization.pk))
        if affiliation is None:
            new_affiliations.append(
                Affiliation(
                    contact=planned.target,
                    organization=planned.organization,
                    position=position or Affiliation.Position.EMPLOYEE,
                )
            )
        elif position and affiliation.position != position:
            affiliation.position = position
            repositioned.append(affiliation)
    Affiliation.objects.bulk_create(new_affiliations)
    Affiliation.objects.bulk_update(repositioned, ["position"])
    return {
        "created": len(new_rows),
        "updated": len(matched_rows),
        "attached": len(new_affiliations),
    }
