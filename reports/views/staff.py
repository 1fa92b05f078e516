"""The animators' pages of the reports: the list, a new report, a report's page (its build
with progress, its text, preview, publication and versions), its PDFs and workbook."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communications.selectors.audiences import audience_count
from core.exports import XLSX_CONTENT_TYPE, export_if_requested
from reports import permissions
from reports.forms.reports import ReportCreateForm, ReportTextsForm
from reports.models import Report, ReportVersion
from reports.periods import PeriodError
from reports.services import exports, rendering
from reports.services import reports as services

STAFF_PER_PAGE = 25


def _versions():
    return ReportVersion.objects.annotate(download_total=Sum("downloads__count")).order_by(
        "-number"
    )


@permissions.staff_required
def staff_reports(request: HttpRequest) -> HttpResponse:
    reports = (
        Report.objects.select_related("working_group")
        .annotate(version_count=Count("versions"))
        .order_by("-period_start", "kind", "working_group__name_fr")
    )
    kind = request.GET.get("kind", "")
    if kind in Report.Kind.values:
        reports = reports.filter(kind=kind)
    if export := export_if_requested(
        request,
        filename="reports",
        table=lambda: (
            [_("Report"), _("From"), _("To"), _("Build"), _("Versions")],
            [
                (
                    r.title,
                    r.period_start,
                    r.period_end,
                    r.get_build_state_display(),
                    r.version_count,
                )
                for r in reports
            ],
        ),
    ):
        return export
    page = Paginator(reports, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/staff/report_list.html",
        {"page": page, "kind": kind, "kinds": Report.Kind.choices},
    )


@permissions.staff_required
def staff_report_create(request: HttpRequest) -> HttpResponse:
    # The dashboard's "Start the report" links name the period in the query string.
    initial = {key: request.GET[key] for key in ("kind", "year", "number") if key in request.GET}
    form = ReportCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_create(
                kind=data["kind"],
                year=data["year"],
                number=data["number"],
                working_group=data["working_group"],
                user=request.user,
            )
        except services.ReportExists as exists:
            messages.info(request, _("This report already exists: here it is."))
            return redirect("reports:staff_report", pk=exists.report.pk)
        except PeriodError as error:
            form.add_error(None, str(error))
        else:
            services.report_build_request(report=report)
            messages.success(request, _("The report is created; its figures are being taken."))
            return redirect("reports:staff_report", pk=report.pk)
    return render(request, "reports/staff/report_form.html", {"form": form})


def _report_or_404(pk: int) -> Report:
    return get_object_or_404(Report.objects.select_related("working_group", "created_by"), pk=pk)


@permissions.staff_required
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's page; while it builds, htmx polls its state fragment."""
    report = _report_or_404(pk)
    if request.htmx:
        # The build's progress, polled each second while it runs; once it is over, the whole
        # page again, since what can be done with the report changed.
        response = render(request, "reports/staff/report_detail.html#build", {"report": report})
        if not report.is_building:
            response["HX-Refresh"] = "true"
        return response
    versions = list(_versions().filter(report=report).select_related("published_by"))
    # The draft as it is may already be the latest version: nothing new to publish then.
    unchanged = bool(versions) and versions[0].source_revision == report.revision
    context = {
        "report": report,
        "versions": versions,
        "can_publish": report.pdfs_current and report.has_content and not unchanged,
        "unchanged": unchanged,
    }
    return render(request, "reports/staff/report_detail.html", context)


@permissions.staff_required
@require_POST
def staff_report_build(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    refresh = request.POST.get("figures") != "keep"
    if services.report_build_request(report=report, refresh_figures=refresh):
        messages.success(request, _("The build has started; this page shows its progress."))
    else:
        messages.info(request, _("A build is already under way."))
    return redirect("reports:staff_report", pk=report.pk)


@permissions.staff_required
def staff_report_texts(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    form = ReportTextsForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        services.report_texts_update(report=report, **form.texts())
        messages.success(request, _("The text is saved. Build the PDFs again to include it."))
        return redirect("reports:staff_report", pk=report.pk)
    return render(request, "reports/staff/report_texts.html", {"report": report, "form": form})


@permissions.staff_required
def staff_report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as it will read, in the page's language, in the edition asked for."""
    report = _report_or_404(pk)
    if not report.snapshot:
        messages.info(request, _("Build the report first: it has no figures yet."))
        return redirect("reports:staff_report", pk=report.pk)
    edition = request.GET.get("edition", "member")
    if edition not in rendering.EDITIONS:
        edition = "member"
    context = rendering.report_context(
        report=report,
        snapshot=report.snapshot,
        texts=report.texts(),
        edition=edition,
        language=translation.get_language(),
    )
    context.update(report=report, edition=edition, editions=rendering.EDITIONS)
    return render(request, "reports/staff/report_preview.html", context)


def _pdf_response(field, filename: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        # No file yet (ValueError), or replaced by a build that just finished.
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename)


@permissions.staff_required
def staff_report_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The draft's PDF (member edition) as last built."""
    report = _report_or_404(pk)
    if language not in services.LANGUAGES:
        raise Http404
    field = report.pdf_en if language == "en" else report.pdf_fr
    return _pdf_response(field, f"{services.report_filename(report)}-draft-{language}.pdf")


@permissions.staff_required
def staff_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The figures of the draft, one sheet per section (staff edition)."""
    report = _report_or_404(pk)
    if not report.snapshot:
        raise Http404
    content = exports.report_xlsx(
        report=report,
        snapshot=report.snapshot,
        edition="staff",
        language=translation.get_language(),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{services.report_filename(report)}-figures.xlsx"'
    )
    return response


@permissions.staff_required
def staff_report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks for confirmation with the number of people the announcement goes to, then
    publishes the next version."""
    report = _report_or_404(pk)
    recipient_count = 0 if report.is_synthesis else audience_count(audience={"members": True})
    latest = report.versions.order_by("-number").first()
    if request.method != "POST" and latest and latest.source_revision == report.revision:
        messages.info(
            request,
            _("This text and these figures are already version %(number)s.")
            % {"number": latest.number},
        )
        return redirect("reports:staff_report", pk=report.pk)
    if request.method == "POST":
        public = request.POST.get("public") == "1"
        try:
            version, created = services.report_publish(
                report=report, user=request.user, public=public
            )
        except services.ReportError as error:
            messages.error(request, str(error))
        else:
            if created:
                messages.success(
                    request,
                    _("Version %(number)s is published.") % {"number": version.number},
                )
            else:
                messages.info(
                    request,
                    _("This text and these figures are already version %(number)s.")
                    % {"number": version.number},
                )
        return redirect("reports:staff_report", pk=report.pk)
    return render(
        request,
        "reports/staff/report_publish.html",
        {"report": report, "recipient_count": recipient_count},
    )


@permissions.staff_required
@require_POST
def staff_version_public(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(
        ReportVersion.objects.select_related("report"), report_id=pk, number=number
    )
    public = request.POST.get("public") == "1"
    try:
        services.report_version_public_set(version=version, public=public)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The public edition is in the press room.")
            if public
            else _("The public edition is withdrawn from the press room."),
        )
    return redirect("reports:staff_report", pk=pk)


@permissions.staff_required
def staff_version_pdf(request: HttpRequest, pk: int, number: int, language: str) -> HttpResponse:
    version = get_object_or_404(
        ReportVersion.objects.select_related("report", "report__working_group"),
        report_id=pk,
        number=number,
    )
    if language not in services.LANGUAGES:
        raise Http404
    name = f"{services.report_filename(version.report)}-v{version.number}-{language}.pdf"
    return _pdf_response(version.pdf(language), name)
