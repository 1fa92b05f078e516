"""Staff pages of spreadsheet imports: upload, column mapping, check and preview, commit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import export_response
from members import permissions
from members.forms.imports import ImportFilterForm, ImportMappingForm, ImportUploadForm
from members.models import ImportJob
from members.services import import_files, imports

IMPORTS_PER_PAGE = 25
RUNNING = {ImportJob.Status.CHECKING, ImportJob.Status.IMPORTING}


@permissions.staff_required
def staff_imports(request: HttpRequest) -> HttpResponse:
    """The past imports and, on POST, the upload of a new file."""
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = imports.import_job_create(
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    created_by=request.user,
                )
            except import_files.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("members:staff_import_mapping", pk=job.pk)
    else:
        form = ImportUploadForm()
    # Its own ids: the upload form has a "kind" field too.
    filter_form = ImportFilterForm(request.GET, auto_id="id_filter_%s")
    jobs = (
        ImportJob.objects.filter(**filter_form.filters())
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(jobs, IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "members/staff/import_list.html"
    if request.htmx and request.method == "GET":
        template += "#jobs"
    return render(request, template, {"form": form, "filter_form": filter_form, "page": page})


@permissions.staff_required
def staff_import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    if not imports.import_job_can_map(job=job):
        return redirect("members:staff_import", pk=job.pk)
    fields = import_files.import_fields(kind=job.kind)
    if request.method == "POST":
        form = ImportMappingForm(request.POST, fields=fields, headers=job.headers)
        if form.is_valid():
            imports.import_mapping_set(
                job=job, mapping=form.mapping(), language=translation.get_language()
            )
            return redirect("members:staff_import", pk=job.pk)
    else:
        form = ImportMappingForm(initial=job.mapping, fields=fields, headers=job.headers)
    return render(request, "members/staff/import_mapping_form.html", {"job": job, "form": form})


@permissions.staff_required
def staff_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the job stands: progress while a task works on it (polled by htmx), then the
    preview with the errors, or the result."""
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
    context = {
        "job": job,
        "running": job.status in RUNNING,
        "can_map": imports.import_job_can_map(job=job),
        "can_confirm": imports.import_job_can_confirm(job=job),
        "preview_columns": imports.import_preview_columns(job=job),
        "counts": imports.import_job_counts(job=job),
    }
    template = "members/staff/import_detail.html"
    if request.htmx:
        template += "#state"
    return render(request, template, context)


@permissions.staff_required
@require_POST
def staff_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    if imports.import_job_confirm(job=job, language=translation.get_language()):
        messages.success(request, _("The import has started; this page shows when it is done."))
    else:
        messages.error(request, _("This import cannot be confirmed: check its state below."))
    return redirect("members:staff_import", pk=job.pk)


@permissions.staff_required
def staff_import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty CSV file with the header row the column mapping recognises."""
    if kind not in ImportJob.Kind.values:
        raise Http404
    return export_response(
        export_format="csv",
        filename=f"import-{kind}",
        header=import_files.import_template_header(kind=kind),
        rows=[],
    )
