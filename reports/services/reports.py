"""The life of a report: created for a period, built (figures and PDFs) by a task,
edited, published in numbered versions, announced to members once per version.

Building is a lease: the task claims the report, renews the claim as it goes and writes its
result only while its claim holds, so a task redelivered after a worker died, or run twice,
leaves one set of PDFs. Publishing locks the report row and freezes the revision it shows:
two clicks in a race give one version.
"""

import logging
import time
import uuid
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.outbox import task_enqueue
from core.pagecache import topics_changed_on_commit
from members.models import WorkingGroup
from reports.models import SECTIONS, BuildState, Report, ReportDownload, ReportVersion
from reports.periods import Period, PeriodError
from reports.selectors.snapshot import snapshot_take
from reports.services import rendering

logger = logging.getLogger(__name__)


def _build_lease() -> timedelta:
    """A build renews its claim at each step; a claim older than this belongs to a dead
    worker (or a task Redis lost)."""
    return timedelta(seconds=settings.REPORT_BUILD_LEASE_SECONDS)


LANGUAGES = ("fr", "en")


class ReportError(Exception):
    """Something staff asked for that cannot be done now; the message says why."""


class ReportExists(ReportError):
    def __init__(self, report: Report):
        super().__init__(_("This report already exists."))
        self.report = report


def report_filename(report: Report) -> str:
    """For downloads, in the active language: "rapport-activite-2026-Q3",
    "synthese-industrie-4-0-2026-Q3"."""
    code = report.period.code
    if report.is_synthesis:
        return f"{pgettext('file name', 'synthesis')}-{report.working_group.slug}-{code}"
    return f"{pgettext('file name', 'activity-report')}-{code}"


def report_period(kind: str, year: int, number: int) -> Period:
    period_kind = "quarter" if kind == Report.Kind.SYNTHESIS else kind
    return Period.of(period_kind, year, number)


@transaction.atomic
def report_create(
    *,
    kind: str,
    year: int,
    number: int = 1,
    working_group: WorkingGroup | None = None,
    user=None,
    today: date | None = None,
) -> Report:
    """A draft report of `kind` for the `number`th quarter or half of `year` (or the year).
    Raises PeriodError for a period that has not started, ReportExists for one already made."""
    today = today or timezone.localdate()
    if kind not in Report.Kind.values:
        raise PeriodError(_("Choose a kind of report."))
    if (kind == Report.Kind.SYNTHESIS) != (working_group is not None):
        raise PeriodError(_("A synthesis is written for one working group."))
    period = report_period(kind, year, number)
    period.check_reportable(today)
    existing = Report.objects.filter(
        kind=kind, period_start=period.start, working_group=working_group
    ).first()
    if existing is not None:
        raise ReportExists(existing)
    try:
        with transaction.atomic():
            return Report.objects.create(
                kind=kind,
                period_start=period.start,
                period_end=period.end,
                working_group=working_group,
                created_by=user,
            )
    except IntegrityError:
        # Created meanwhile by someone else (or by beat).
        raise ReportExists(
            Report.objects.get(kind=kind, period_start=period.start, working_group=working_group)
        ) from None


@transaction.atomic
def report_texts_update(
    *,
    report: Report,
    intro_fr: str = "",
    intro_en: str = "",
    highlights: dict | None = None,
    narrative_fr: str = "",
    narrative_en: str = "",
) -> Report:
    """Staff's text. Any change makes the draft's PDFs out of date (a new revision)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    highlights = {
        key: {"fr": text.get("fr", ""), "en": text.get("en", "")}
        for key, text in (highlights or {}).items()
        if key in dict(SECTIONS) and (text.get("fr") or text.get("en"))
    }
    new = {
        "intro_fr": intro_fr,
        "intro_en": intro_en,
        "highlights": highlights,
        "narrative_fr": narrative_fr,
        "narrative_en": narrative_en,
    }
    if all(getattr(report, field) == value for field, value in new.items()):
        return report
    for field, value in new.items():
        setattr(report, field, value)
    report.revision += 1
    report.save(update_fields=[*new, "revision", "updated_at"])
    return report


def report_build_request(*, report: Report, refresh_figures: bool = True) -> bool:
    """Queue a build: the figures taken again (unless `refresh_figures` is False and the
    report has figures) and the PDFs made. False when a build is already under way."""
    from reports import tasks

    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Report.objects.filter(pk=report.pk)
            .filter(
                ~Q(build_state__in=[BuildState.QUEUED, BuildState.RUNNING])
                | Q(build_lease_expires_at__lt=now)
            )
            .update(
                build_state=BuildState.QUEUED,
                build_step="",
                build_progress=0,
                build_error="",
                build_requested_at=now,
                build_lease_expires_at=now + _build_lease(),
                build_run="",
                build_refresh_figures=refresh_figures or not report.snapshot,
            )
        )
        if claimed:
            task_enqueue(tasks.report_build, report.pk)
    report.refresh_from_db()
    return bool(claimed)


def report_builds_resume_stalled(*, now=None) -> list[int]:
    """Queue again every build whose lease ran out: its worker died, or Redis lost the
    task. Returns the reports' ids. The build it queues claims the report afresh; a late
    run of the dead one, if any, writes nothing (its run is no longer the report's)."""
    from reports import tasks

    now = now or timezone.now()
    resumed = []
    with transaction.atomic():
        stalled = (
            Report.objects.select_for_update(skip_locked=True)
            .filter(build_state__in=[BuildState.QUEUED, BuildState.RUNNING])
            .filter(Q(build_lease_expires_at__lte=now) | Q(build_lease_expires_at__isnull=True))
            .order_by("pk")
        )
        for report in stalled:
            logger.warning("The build of report %s stopped: starting it again", report.pk)
            report.build_state = BuildState.QUEUED
            report.build_run = ""
            report.build_lease_expires_at = now + _build_lease()
            report.save(update_fields=["build_state", "build_run", "build_lease_expires_at"])
            # The new run reads from the row what the dead one was asked for.
            task_enqueue(tasks.report_build, report.pk)
            resumed.append(report.pk)
    return resumed


def _claim(report_id: int, run: str) -> bool:
    now = timezone.now()
    return bool(
        Report.objects.filter(pk=report_id)
        .filter(
            Q(build_state=BuildState.QUEUED)
            | Q(build_state=BuildState.RUNNING, build_lease_expires_at__lt=now)
        )
        .update(
            build_state=BuildState.RUNNING,
            build_run=run,
            build_lease_expires_at=now + _build_lease(),
        )
    )


def _step(report_id: int, run: str, label: str, percent: int) -> None:
    """Show the step in the page (outside any transaction: the page polls it)."""
    if settings.REPORT_BUILD_STEP_DELAY_MS:
        time.sleep(settings.REPORT_BUILD_STEP_DELAY_MS / 1000)
    Report.objects.filter(pk=report_id, build_run=run).update(
        build_step=label[:120],
        build_progress=percent,
        build_lease_expires_at=timezone.now() + _build_lease(),
    )


def report_build_now(*, report: Report, refresh_figures: bool = True) -> Report:
    """Build in this process (seeding, benchmarks): the same work as the task."""
    Report.objects.filter(pk=report.pk).update(
        build_state=BuildState.QUEUED, build_run="", build_refresh_figures=refresh_figures
    )
    report_build(report_id=report.pk)
    report.refresh_from_db()
    return report


def report_build(*, report_id: int) -> bool:
    """The task's work: take the figures (a new snapshot) unless only new PDFs were asked
    for, render the member edition's PDF in each language, and keep them. What was asked is
    read from the report once claimed, never from the message: a message redelivered late
    must not build what an older request wanted. Returns False when another run holds the
    build or nothing was asked."""
    run = uuid.uuid4().hex
    if not _claim(report_id, run):
        return False
    report = Report.objects.select_related("working_group").get(pk=report_id)
    refresh_figures = report.build_refresh_figures or not report.snapshot
    try:
        if refresh_figures:
            _step(report_id, run, "figures", 5)
            snapshot = snapshot_take(
                period=report.period,
                working_group=report.working_group,
                progress=lambda key, percent: _step(report_id, run, key, 5 + percent * 6 // 10),
            )
            taken_at = timezone.now()
        else:
            snapshot, taken_at = report.snapshot, report.snapshot_at
        # The figures and the text the PDFs show, as of now.
        texts = report.texts()
        files = {}
        for number, language in enumerate(LANGUAGES):
            _step(report_id, run, f"pdf-{language}", 70 + 12 * number)
            files[language] = rendering.report_pdf(
                report=report, snapshot=snapshot, texts=texts, edition="member", language=language
            )
        _step(report_id, run, "saving", 95)
        return _build_finish(report_id, run, snapshot, taken_at, texts, files, refresh_figures)
    except Exception as error:
        # Shown on the report's page with a retry button; the worker's log has the trace.
        logger.exception("Building report %s failed", report_id)
        Report.objects.filter(pk=report_id, build_run=run).update(
            build_state=BuildState.FAILED,
            build_error=f"{type(error).__name__}: {error}"[:2000],
            build_finished_at=timezone.now(),
            build_lease_expires_at=None,
        )
        return False


@transaction.atomic
def _build_finish(report_id, run, snapshot, taken_at, texts, files, refreshed) -> bool:
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.build_run != run:
        # Another run took over (ours outlived its lease): it writes the result.
        return False
    # New figures make a new revision only when they differ: the same figures taken again
    # are not a new version to publish (and announce) again.
    changed = refreshed and _figures_of(snapshot) != _figures_of(report.snapshot)
    if report.texts() != texts:
        # Staff edited the text while the PDFs were made: they show the previous revision.
        built_revision = None
    else:
        built_revision = report.revision + (1 if changed else 0)
    if refreshed:
        report.snapshot = snapshot
        report.snapshot_at = taken_at
    if changed:
        report.revision += 1
    for language, content in files.items():
        field = report.pdf_en if language == "en" else report.pdf_fr
        if field:
            # Once the new files are saved for good: a rollback keeps the row's files.
            transaction.on_commit(partial(field.storage.delete, field.name))
        field.save(f"draft-{report.revision}-{language}.pdf", ContentFile(content), save=False)
    report.built_revision = built_revision
    report.build_state = BuildState.DONE
    report.build_step = ""
    report.build_progress = 100
    report.build_finished_at = timezone.now()
    report.build_lease_expires_at = None
    report.save()
    return True


def _figures_of(snapshot: dict) -> dict:
    """A snapshot without the time it was taken."""
    return {key: value for key, value in (snapshot or {}).items() if key != "taken_at"}


def report_publish(
    *, report: Report, user=None, public: bool = False, announce: bool = True
) -> tuple[ReportVersion, bool]:
    """Freeze the draft as the next version: its figures, text and PDFs. The same revision
    published twice (two clicks, two animators) gives one version. Returns (version,
    created). Raises ReportError when the draft is not ready."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        existing = report.versions.filter(source_revision=report.revision).first()
        if existing is not None:
            return existing, False
        if report.is_building:
            raise ReportError(_("The report is being built: publish it once the build is done."))
        if not report.is_built:
            raise ReportError(_("Build the report before publishing it."))
        if not report.has_content:
            raise ReportError(
                _("Nothing was recorded in this period: there is nothing to publish.")
            )
        if not report.pdfs_current:
            raise ReportError(
                _("The text changed since the PDFs were made: build the PDFs again first.")
            )
        if public and report.kind != Report.Kind.YEAR:
            raise ReportError(_("Only an annual report has a public edition."))
        number = (report.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = ReportVersion(
            report=report,
            number=number,
            source_revision=report.revision,
            snapshot=report.snapshot,
            snapshot_at=report.snapshot_at,
            texts=report.texts(),
            is_public=public,
            published_by=user,
            announce=announce,
        )
        for language in LANGUAGES:
            source = report.pdf(language)
            with source.open("rb") as handle:
                content = handle.read()
            target = version.pdf_en if language == "en" else version.pdf_fr
            target.save(f"v{number}-{language}.pdf", ContentFile(content), save=False)
        version.save()
        if announce and not report.is_synthesis:
            from reports import tasks

            task_enqueue(tasks.report_version_announce, version.pk)
    return version, True


def report_version_public_set(*, version: ReportVersion, public: bool) -> ReportVersion:
    """Show or withdraw an annual report's public edition in the press room."""
    if public and version.report.kind != Report.Kind.YEAR:
        raise ReportError(_("Only an annual report has a public edition."))
    ReportVersion.objects.filter(pk=version.pk).update(is_public=public)
    # update() sends no signal: the press room and the public report learn it here.
    topics_changed_on_commit("reports")
    version.is_public = public
    return version


def report_download_count(*, version: ReportVersion, language: str) -> None:
    """One more download of the version's PDF in `language` today."""
    row, created = ReportDownload.objects.get_or_create(
        version=version, language=language, day=timezone.localdate(), defaults={"count": 1}
    )
    if not created:
        ReportDownload.objects.filter(pk=row.pk).update(count=F("count") + 1)


# Beat creates the drafts on a period's first day, and catches up for this many days if no
# worker ran then.
DRAFTS_CATCH_UP_DAYS = 7


def reports_drafts_create(*, today: date | None = None) -> list[Report]:
    """The drafts of the periods that ended just before `today`: the quarter, the half and
    the year when they end together, and a synthesis per active working group for the
    quarter. Those that exist are left as they are. Returns the drafts of those periods
    still unpublished (made now or before), or [] once the catch-up days are over."""
    today = today or timezone.localdate()
    drafts = []
    quarter = Period.ended_before("quarter", today)
    if (today - quarter.end).days > DRAFTS_CATCH_UP_DAYS:
        return drafts
    wanted = [(Report.Kind.QUARTER, quarter, None)]
    for kind in ("half", "year"):
        period = Period.ended_before(kind, today)
        if period.end == quarter.end:
            wanted.append((kind, period, None))
    for group in WorkingGroup.objects.filter(status=WorkingGroup.Status.ACTIVE).order_by("pk"):
        wanted.append((Report.Kind.SYNTHESIS, quarter, group))
    for kind, period, group in wanted:
        try:
            report = report_create(
                kind=kind, year=period.year, number=period.number, working_group=group, today=today
            )
        except ReportExists as exists:
            report = exists.report
        if not report.versions.exists():
            drafts.append(report)
    return drafts


def synthesis_prefill(*, facts: dict, language: str) -> str:
    """The start of a working group's synthesis, from the facts the portal recorded, in
    `language`: the animator writes the rest."""
    with translation.override(language):
        lines = [
            _("Meetings: %(count)s") % {"count": facts.get("meetings", 0)},
            _("Participants: %(count)s") % {"count": facts.get("participants", 0)},
            _("Documents added: %(count)s") % {"count": facts.get("documents", 0)},
            _("New members: %(count)s") % {"count": facts.get("joined", 0)},
        ]
        heading = _("What the group worked on")
    # A bold line, not a heading: the text is shown under headings of its own (the group's
    # page, the report), whose levels a "##" would break.
    return "\n".join(f"- {line}" for line in lines) + f"\n\n**{heading}**\n\n"
