"""The public edition of an annual report, in the press room: key figures and highlights,
no personal data."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from core.pagecache import public_page
from reports.models import Report, ReportVersion
from reports.periods import MAX_YEAR, MIN_YEAR
from reports.services import rendering


@public_page("reports")
def public_annual_report(request: HttpRequest, year: int) -> HttpResponse:
    if not MIN_YEAR <= year <= MAX_YEAR:
        # No report there; a date lookup on such a year would fail.
        raise Http404
    version = (
        ReportVersion.objects.select_related("report")
        .filter(report__kind=Report.Kind.YEAR, report__period_start__year=year, is_public=True)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404
    context = rendering.report_context(
        report=version.report,
        snapshot=version.snapshot,
        texts=version.texts,
        edition="public",
        language=translation.get_language(),
    )
    context.update(report=version.report, version=version)
    return render(request, "reports/public/annual_report.html", context)
