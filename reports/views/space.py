"""The member space's pages of the reports: the cluster's published reports, one report
with its versions, and the PDF in the member's language (downloads counted); each
organization's annual statements, as pages and PDFs, which staff open from the
organization's 360° page."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache

from members.models import Organization
from reports import permissions
from reports.models import MemberStatement, Report, ReportVersion
from reports.services import rendering
from reports.services import reports as services
from reports.services import statements as statement_services


def _published(reports):
    return reports.filter(versions__isnull=False).distinct()


@permissions.member_required
def space_reports(request: HttpRequest) -> HttpResponse:
    """The cluster's reports, newest period first, and the syntheses of the user's groups."""
    groups = permissions.syntheses_groups_of(request.user)
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
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        # No file (ValueError), or gone from the disk: nothing was downloaded.
        raise Http404 from None
    services.report_download_count(version=version, language=language)
    name = f"{services.report_filename(report)}-v{version.number}-{language}.pdf"
    return FileResponse(handle, as_attachment=True, filename=name)


# --- Annual statements ---------------------------------------------------------------


def _statement_for_reader(request: HttpRequest, slug: str, year: int) -> MemberStatement:
    """The statement, for someone the rule lets read it; 404 for anyone else, as for a
    statement that does not exist, so that nobody learns which ones do."""
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.statement_readable_by(request.user, organization):
        raise Http404
    statement = get_object_or_404(MemberStatement, organization=organization, year=year)
    # The organization is already loaded: the page and the PDF need not fetch it again.
    statement.organization = organization
    return statement


@permissions.signed_in_required
def space_statements(request: HttpRequest) -> HttpResponse:
    """The statements of the user's organizations, newest year first."""
    organization_ids = permissions.affiliations_of(request.user).values("organization_id")
    statements = (
        MemberStatement.objects.filter(organization_id__in=organization_ids)
        .select_related("organization")
        .order_by("-year", "organization__name", "pk")
    )
    return render(
        request,
        "reports/space/statement_list.html",
        {"statements": statements, "is_animator": permissions.is_animator(request.user)},
    )


@permissions.signed_in_required
def space_statement(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    statement = _statement_for_reader(request, slug, year)
    context = statement_services.statement_pdf_context(statement=statement)
    # Staff came from the organization's 360° page: the back link leads there.
    context["reader_is_animator"] = permissions.is_animator(request.user)
    return render(request, "reports/space/statement_detail.html", context)


@permissions.signed_in_required
@never_cache
def space_statement_pdf(request: HttpRequest, slug: str, year: int, language: str) -> FileResponse:
    if language not in statement_services.LANGUAGE_CODES:
        raise Http404
    statement = _statement_for_reader(request, slug, year)
    pdf = statement_services.statement_pdf(statement=statement, language=language)
    try:
        handle = pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    with translation.override(language):
        name = pgettext("file name", "annual-statement")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}-{statement.organization.slug}-{statement.year}-{language}.pdf",
        content_type="application/pdf",
    )
