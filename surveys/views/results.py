"""Staff read a survey's results and export its answers."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.exports import export_response
from surveys import permissions, selectors
from surveys.charts import result_charts_svg
from surveys.forms.results import ResultsFilterForm
from surveys.models import Survey

FREE_TEXT_PER_PAGE = 50


@permissions.staff_required
def staff_survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("previous_edition"), pk=pk)
    form = ResultsFilterForm(request.GET or None)
    filters, search = {}, ""
    if form.is_valid():
        filters = {
            "kind": form.cleaned_data["kind"],
            "segment": form.cleaned_data["segment"],
            "group": form.cleaned_data["group"],
        }
        search = form.cleaned_data["q"].strip()
    results = selectors.survey_results(survey=survey, filters=filters)
    questions = results.pop("questions")

    def charted_questions() -> list:
        # Called by the template only when it draws the questions, which it keeps in the
        # cache for stored results: no chart is looked up for a page drawn before.
        for result, svg in zip(questions, result_charts_svg(questions), strict=True):
            if svg is not None:
                result.svg = svg
        return questions

    ids = selectors.free_text_answer_ids(survey=survey, filters=filters, search=search)
    page = Paginator(ids, FREE_TEXT_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.free_text_answers_of(page.object_list)
    return render(
        request,
        "surveys/staff/survey_results.html",
        {"survey": survey, "form": form, "texts": page, "questions": charted_questions, **results},
    )


@permissions.staff_required
def staff_survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    header, rows = selectors.export_rows(survey=survey)
    return export_response(
        export_format=request.GET.get("format", "csv"),
        filename=f"survey-{survey.slug}",
        header=header,
        rows=rows,
    )
