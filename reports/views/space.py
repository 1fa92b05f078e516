"""The member space's pages of the reports: the cluster's published reports, one report
with its versions, and the PDF in the member's language (downloads counted)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from members.models import WorkingGroupMember
from reports import permissions
from reports.models import Report, ReportVersion
from reports.services import rendering
from reports.services import reports as services


def _published(reports):
    return reports.filter(versions__isnull=False).distinct()


@permissions.member_required
def space_reports(request: HttpRequest) -> HttpResponse:
    """The cluster's reports, newest period first, and the syntheses of the user's groups."""
    groups = WorkingGroupMember.objects.filter(
        contact__user=request.user, status=WorkingGroupMember.Status.ACCEPTED
    ).values("group_id")
    published = _published(Report.objects.select_related("working_group")).order_by(
        "-period_start", "kind"
    )
    context = {
        "reports": list(published.filter(working_group__isnull=True)),
        "syntheses": list(published.filter(working_group_id__in=groups)),
    }
    return render(request, "reports/space/report_list.html", context)


def _readable_report(request: HttpRequest, pk: int) -> Report:
    """A published report the user may read, or 404."""
    report = get_object_or_404(_published(Report.objects.select_related("working_group")), pk=pk)
    if not permissions.can_read_report(request.user, report):
        raise Http404
    return report


@permissions.member_required
def space_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest version as a page (member edition), its PDFs, and the earlier versions."""
    report = _readable_report(request, pk)
    versions = list(report.versions.order_by("-number"))
    latest = versions[0]
    context = rendering.report_context(
        report=report,
        snapshot=latest.snapshot,
        texts=latest.texts,
        edition="member",
        language=translation.get_language(),
    )
    context.update(report=report, version=latest, versions=versions)
    return render(request, "reports/space/report_detail.html", context)


@permissions.member_required
def space_version_pdf(request: HttpRequest, pk: int, number: int, language: str) -> HttpResponse:
    report = _readable_report(request, pk)
    version = get_object_or_404(ReportVersion, report=report, number=number)
    if language not in services.LANGUAGES:
        raise Http404
    field = version.pdf(language)
    if not field:
        raise Http404
    services.report_download_count(version=version, language=language)
    name = f"{services.report_filename(report)}-v{version.number}-{language}.pdf"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)
