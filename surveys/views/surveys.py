"""Staff build surveys: the list, each survey with its sections and questions, new
editions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import StatusFilterForm
from events.models import Event
from surveys import permissions, selectors
from surveys.forms.surveys import QuestionForm, SectionForm, SurveyForm
from surveys.models import Question, Section, Survey
from surveys.services import surveys as survey_services

SURVEYS_PER_PAGE = 25


# Staff: list and builder


@permissions.staff_required
def staff_surveys(request: HttpRequest) -> HttpResponse:
    filter_form = StatusFilterForm(request.GET, choices=Survey.Status.choices)
    surveys = selectors.surveys_staff_list(status=filter_form.filters()["status"])
    page = Paginator(surveys, SURVEYS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/staff/survey_list.html",
        {"page": page, "filter_form": filter_form},
    )


def _satisfaction_title(event_title: str, language: str) -> str:
    with translation.override(language):
        return _("Satisfaction: %(event)s") % {"event": event_title}


@permissions.staff_required
def staff_survey_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    event_pk = request.GET.get("event", "")
    if event_pk.isdigit():
        event = Event.objects.filter(pk=event_pk).first()
        if event is not None:
            initial = {
                "event": event,
                "audience": Survey.Audience.ATTENDEES,
                "title_fr": _satisfaction_title(event.title_fr, "fr"),
                "title_en": _satisfaction_title(event.title_en, "en") if event.title_en else "",
                "reminder_days": "7",
            }
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        survey = survey_services.survey_create(data=form.cleaned_data, created_by=request.user)
        messages.success(request, _("Survey created. Add its questions."))
        return redirect("surveys:staff_survey", pk=survey.pk)
    return render(request, "surveys/staff/survey_form.html", {"form": form})


@permissions.staff_required
def staff_survey(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("event", "previous_edition"), pk=pk)
    sections = list(survey.sections.all())
    questions = list(survey.questions.select_related("show_if_question"))
    public_url = None
    if survey.public_link_enabled:
        public_url = request.build_absolute_uri(
            reverse("surveys:public_answer", kwargs={"slug": survey.slug})
        )
    return render(
        request,
        "surveys/staff/survey_detail.html",
        {
            "survey": survey,
            "blocks": _blocks(sections, questions),
            "sections": sections,
            "public_url": public_url,
        },
    )


def _blocks(sections: list[Section], questions: list[Question]) -> list[dict]:
    """Questions grouped by section, the ones outside any section first."""
    blocks = [{"section": None, "questions": [q for q in questions if q.section_id is None]}]
    for section in sections:
        blocks.append(
            {"section": section, "questions": [q for q in questions if q.section_id == section.pk]}
        )
    return blocks


@permissions.staff_required
def staff_survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        survey_services.survey_update(survey=survey, data=form.cleaned_data)
        messages.success(request, _("Survey saved."))
        return redirect("surveys:staff_survey", pk=survey.pk)
    return render(request, "surveys/staff/survey_form.html", {"form": form, "survey": survey})


@permissions.staff_required
def staff_section_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    return _section_form(request, survey, None)


@permissions.staff_required
def staff_section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    return _section_form(request, section.survey, section)


def _section_form(request, survey: Survey, section: Section | None) -> HttpResponse:
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        survey_services.section_save(survey=survey, data=form.cleaned_data, section=section)
        messages.success(request, _("Section saved."))
        return redirect("surveys:staff_survey", pk=survey.pk)
    return render(
        request,
        "surveys/staff/section_form.html",
        {"form": form, "survey": survey, "section": section},
    )


@permissions.staff_required
@require_POST
def staff_section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=pk)
    survey_services.section_delete(section=section)
    messages.success(request, _("Section deleted; its questions stay in the survey."))
    return redirect("surveys:staff_survey", pk=section.survey_id)


@permissions.staff_required
@require_POST
def staff_section_move(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=pk)
    survey_services.item_move(item=section, up=request.POST.get("direction") == "up")
    return redirect(reverse("surveys:staff_survey", kwargs={"pk": section.survey_id}))


@permissions.staff_required
def staff_question_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    return _question_form(request, survey, None)


@permissions.staff_required
def staff_question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    return _question_form(request, question.survey, question)


def _question_form(request, survey: Survey, question: Question | None) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        survey_services.question_save(survey=survey, data=form.service_data(), question=question)
        messages.success(request, _("Question saved."))
        return redirect("surveys:staff_survey", pk=survey.pk)
    return render(
        request,
        "surveys/staff/question_form.html",
        {"form": form, "survey": survey, "question": question},
    )


@permissions.staff_required
@require_POST
def staff_question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    if question.answers.exists():
        messages.error(request, _("People have answered this question: it cannot be deleted."))
    else:
        survey_services.question_delete(question=question)
        messages.success(request, _("Question deleted."))
    return redirect("surveys:staff_survey", pk=question.survey_id)


@permissions.staff_required
@require_POST
def staff_question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    survey_services.item_move(item=question, up=request.POST.get("direction") == "up")
    return redirect("surveys:staff_survey", pk=question.survey_id)


@permissions.staff_required
@require_POST
def staff_survey_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    copy = survey_services.survey_duplicate(survey=survey, created_by=request.user)
    messages.success(request, _("New edition created as a draft."))
    return redirect("surveys:staff_survey", pk=copy.pk)
