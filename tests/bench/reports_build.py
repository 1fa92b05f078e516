"""The build of an annual report on the bench's database, as one worker does it: the
snapshot (every figure, in a fixed number of queries) and the member edition's PDF in
French and English. Run by tests/bench/measure.py after the pages; the target is under 10 s."""

import time

NAME = "annual report build"


def annual_report_build() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reports.models import Report
    from reports.periods import Period
    from reports.selectors.snapshot import snapshot_take
    from reports.services import rendering
    from reports.services import reports as services

    period = Period.of("year", timezone.localdate().year - 1)
    report = Report.objects.filter(kind=Report.Kind.YEAR, period_start=period.start).first()
    if report is None:
        report = services.report_create(kind="year", year=period.year)

    # The parts, measured on their own first, then the whole build as the task runs it.
    started = time.monotonic()
    with CaptureQueriesContext(connection) as captured:
        snapshot = snapshot_take(period=period)
    snapshot_seconds = time.monotonic() - started
    pdf_seconds = {}
    for language in services.LANGUAGES:
        started = time.monotonic()
        rendering.report_pdf(
            report=report,
            snapshot=snapshot,
            texts=report.texts(),
            edition="member",
            language=language,
        )
        pdf_seconds[language] = time.monotonic() - started
    started = time.monotonic()
    report = services.report_build_now(report=report)
    build_seconds = time.monotonic() - started
    if report.build_state != "done":
        raise SystemExit(f"The annual report's build failed: {report.build_error}")
    organizations = snapshot["membership"]["current"]["at_end"]
    print(
        f"\nAnnual report {period.code} ({organizations} member organizations), one process:\n"
        f"  whole build (snapshot and both PDFs, as the task): {build_seconds:.1f} s\n"
        f"  snapshot: {snapshot_seconds:.2f} s in {len(captured)} queries\n"
        f"  PDF: French {pdf_seconds['fr']:.2f} s, English {pdf_seconds['en']:.2f} s",
        flush=True,
    )
    return {
        "page": NAME,
        "build_seconds": build_seconds,
        "snapshot_seconds": snapshot_seconds,
        "snapshot_queries": len(captured),
        "pdf_seconds": pdf_seconds,
    }
