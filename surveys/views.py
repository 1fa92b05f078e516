"""Staff build, send and read surveys; contacts answer through a personal link (no login),
the member space lists their open surveys, and a public link takes one answer per browser
or, where one answer per person matters, one per confirmed email address."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.exports import export_response
from core.forms import StatusFilterForm
from core.http import client_ip
from events.models import Event
from surveys import permissions, selectors, services
from surveys.charts import bar_chart_svg, nps_chart_svg
from surveys.forms import AnswerForm, QuestionForm, ResultsFilterForm, SectionForm, SurveyForm
from surveys.models import Invitation, Question, Response, Section, Survey

SURVEYS_PER_PAGE = 25
FREE_TEXT_PER_PAGE = 50
PUBLIC_COOKIE = "survey_answered_{pk}"
PUBLIC_COOKIE_SALT = "surveys.public"
PUBLIC_COOKIE_MAX_AGE = 365 * 24 * 3600


# Staff: list and builder


def _count_of(model):
    rows = model.objects.filter(survey=OuterRef("pk")).order_by().values("survey")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


@permissions.staff_required
def staff_surveys(request: HttpRequest) -> HttpResponse:
    # Subqueries rather than joins: joining both would multiply responses by questions.
    surveys = Survey.objects.annotate(
        response_count=_count_of(Response), question_count=_count_of(Question)
    ).order_by("-created_at")
    filter_form = StatusFilterForm(request.GET, choices=Survey.Status.choices)
    status = filter_form.filters()["status"]
    if status:
        surveys = surveys.filter(status=status)
    page = Paginator(surveys, SURVEYS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/staff/surveys.html",
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
        survey = services.survey_create(data=form.cleaned_data, created_by=request.user)
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
        "surveys/staff/survey.html",
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
        services.survey_update(survey=survey, data=form.cleaned_data)
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
        services.section_save(survey=survey, data=form.cleaned_data, section=section)
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
    services.section_delete(section=section)
    messages.success(request, _("Section deleted; its questions stay in the survey."))
    return redirect("surveys:staff_survey", pk=section.survey_id)


@permissions.staff_required
@require_POST
def staff_section_move(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=pk)
    services.item_move(item=section, up=request.POST.get("direction") == "up")
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
        services.question_save(survey=survey, data=form.service_data(), question=question)
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
        services.question_delete(question=question)
        messages.success(request, _("Question deleted."))
    return redirect("surveys:staff_survey", pk=question.survey_id)


@permissions.staff_required
@require_POST
def staff_question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    services.item_move(item=question, up=request.POST.get("direction") == "up")
    return redirect("surveys:staff_survey", pk=question.survey_id)


@permissions.staff_required
@require_POST
def staff_survey_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    copy = services.survey_duplicate(survey=survey, created_by=request.user)
    messages.success(request, _("New edition created as a draft."))
    return redirect("surveys:staff_survey", pk=copy.pk)


@permissions.staff_required
def staff_survey_preview(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    questions = selectors.questions_in_order(survey=survey)
    if _is_refresh(request):
        return _refreshed(request, survey, questions)
    form = AnswerForm(_posted(request), questions=questions)
    if request.method == "POST":
        # Checks the answers like the real form does, and saves nothing.
        form.is_valid()
    return render(
        request,
        "surveys/answer.html",
        {"survey": survey, "form": form, "fields": _fields(form), "preview": True},
    )


def _send_refusal(survey: Survey) -> str:
    if survey.status == Survey.Status.CLOSED:
        return _("This survey is closed.")
    if not survey.questions.exists():
        return _("Add questions before sending the survey.")
    if survey.closes_at is not None and survey.closes_at <= timezone.now():
        return _("The closing date has passed: change it before sending the survey.")
    return ""


# One click would email hundreds of people: the page states how many and asks first. The
# POST carries the count it confirmed; if the audience changed meanwhile, it asks again.
@permissions.staff_required
def staff_survey_send(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("event", "working_group"), pk=pk)
    refusal = _send_refusal(survey)
    if refusal:
        messages.error(request, refusal)
        return redirect("surveys:staff_survey", pk=survey.pk)
    count = services.audience_newcomers(survey=survey).count()
    confirmed = request.POST.get("confirmed") if request.method == "POST" else None
    if confirmed == str(count):
        services.survey_open(survey=survey)
        if survey.is_accepting():
            messages.success(request, _("The survey is open; invitations are being sent."))
        else:
            messages.success(request, _("The invitations will be sent when the survey opens."))
        return redirect("surveys:staff_survey", pk=survey.pk)
    return render(
        request,
        "surveys/staff/survey_send.html",
        {"survey": survey, "count": count, "audience_changed": confirmed is not None},
    )


@permissions.staff_required
@require_POST
def staff_survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status == Survey.Status.OPEN:
        services.survey_close(survey=survey)
        messages.success(request, _("The survey is closed."))
    else:
        messages.error(request, _("Only an open survey can be closed."))
    return redirect("surveys:staff_survey", pk=survey.pk)


# Staff: results


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
    for result in results["questions"]:
        if result.nps:
            result.svg = nps_chart_svg(result.nps)
        elif result.bars:
            result.svg = bar_chart_svg(result.bars)
    texts = selectors.free_text_answers(survey=survey, filters=filters, search=search)
    page = Paginator(texts, FREE_TEXT_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/staff/results.html",
        {"survey": survey, "form": form, "texts": page, **results},
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


# Answering


def _posted(request: HttpRequest):
    # An empty POST still validates: a form sent with no answer must show its errors.
    return request.POST if request.method == "POST" else None


def _fields(form: AnswerForm) -> list[dict]:
    """The form's fields in order, with the section heading where a section starts and the
    condition of conditional questions (hidden once their trigger says no)."""
    # Every ticked box of a multiple-choice trigger counts, as in the form's validation;
    # `form.data` is a QueryDict whose `get` would keep only the last one.
    data = form.raw_answers() if form.is_bound else form.initial
    triggers = {q.show_if_question_id for q in form.questions if q.show_if_question_id}
    rows, current = [], object()
    for question in form.questions:
        condition = form.condition_met(question, data) if data else None
        if question.show_if_question_id and condition is False:
            continue
        section = question.section
        rows.append(
            {
                "question": question,
                "field": form[f"q{question.pk}"],
                "section": section if section != current else None,
                "condition": ", ".join(
                    question.show_if_question.label_of(v) for v in question.show_if_values
                )
                if question.show_if_question_id and condition is None
                else "",
                "is_group": question.kind not in selectors.FREE_TEXT_KINDS,
                "is_trigger": question.pk in triggers,
            }
        )
        current = section
    return rows


def _refreshed(request: HttpRequest, survey: Survey, questions: list[Question]) -> HttpResponse:
    """The questions again after an answer others depend on changed (htmx): follow-ups
    appear or go. Unbound, with what was typed as initial values, so no error shows yet."""
    raw = AnswerForm(request.POST, questions=questions).raw_answers()
    form = AnswerForm(questions=questions, initial=raw)
    return render(
        request,
        "surveys/answer.html#questions",
        {"survey": survey, "form": form, "fields": _fields(form)},
    )


def _is_refresh(request: HttpRequest) -> bool:
    return bool(request.htmx and request.method == "POST" and request.POST.get("refresh"))


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link of an invitation email."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "surveys/invalid_link.html", status=404)
    return _answer(request, invitation, reverse("surveys:answer", kwargs={"token": token}))


@permissions.member_required
def space_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """One's own invitation, from the member space: signed in, no link needed."""
    invitation = services.invitation_of_user(user=request.user, pk=pk)
    if invitation is None:
        raise Http404
    return _answer(request, invitation, reverse("surveys:space_answer", kwargs={"pk": pk}))


def _answer(request: HttpRequest, invitation: Invitation, here: str) -> HttpResponse:
    survey = invitation.survey
    if invitation.answered_at is not None:
        return render(request, "surveys/already_answered.html", {"survey": survey})
    if not survey.is_accepting():
        return render(request, "surveys/closed.html", {"survey": survey})
    questions = selectors.questions_in_order(survey=survey)
    # No draft for an anonymous survey: it would tie the answers to the person.
    keeps_drafts = not survey.is_anonymous
    if _is_refresh(request):
        if keeps_drafts:
            # Progress is saved on the way.
            services.draft_save(
                invitation=invitation,
                answers=AnswerForm(request.POST, questions=questions).raw_answers(),
            )
        return _refreshed(request, survey, questions)
    draft = None
    if request.method == "GET" and keeps_drafts:
        draft = getattr(invitation, "draft", None)
    form = AnswerForm(
        _posted(request), questions=questions, initial=draft.answers if draft else None
    )
    if request.method == "POST":
        if "save_draft" in request.POST and keeps_drafts:
            services.draft_save(invitation=invitation, answers=form.raw_answers())
            messages.success(
                request,
                _("Your answers are saved. Come back with the same link to finish."),
            )
            return redirect(here)
        if form.is_valid():
            try:
                services.response_submit(
                    survey=survey, questions=questions, values=form.values(), invitation=invitation
                )
            except services.SurveyClosed:
                return render(request, "surveys/closed.html", {"survey": survey})
            except services.AlreadyAnswered:
                return render(request, "surveys/already_answered.html", {"survey": survey})
            return redirect("surveys:thanks", slug=survey.slug)
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "fields": _fields(form),
            "personal": True,
            "keeps_drafts": keeps_drafts,
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def public_answer(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug, public_link_enabled=True)
    asks_email = survey.public_check == Survey.PublicCheck.EMAIL
    cookie = PUBLIC_COOKIE.format(pk=survey.pk)
    if not asks_email and request.get_signed_cookie(cookie, default=None, salt=PUBLIC_COOKIE_SALT):
        return render(request, "surveys/already_answered.html", {"survey": survey})
    if not survey.is_accepting():
        return render(request, "surveys/closed.html", {"survey": survey})
    questions = selectors.questions_in_order(survey=survey)
    if _is_refresh(request):
        return _refreshed(request, survey, questions)
    form = AnswerForm(_posted(request), questions=questions, asks_email=asks_email)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if not services.public_answer_allowed(client_ip=client_ip(request)):
            form.add_error(
                None,
                _("Too many answers were sent from your connection: try again later."),
            )
            status = 429
        elif asks_email:
            services.pending_response_create(
                survey=survey,
                email=form.cleaned_data["email"],
                values=form.values(),
                language=translation.get_language(),
            )
            return render(
                request,
                "surveys/public_check_email.html",
                {"survey": survey, "email": form.cleaned_data["email"]},
            )
        else:
            try:
                services.response_submit(survey=survey, questions=questions, values=form.values())
            except services.SurveyClosed:
                return render(request, "surveys/closed.html", {"survey": survey})
            response = redirect("surveys:thanks", slug=survey.slug)
            response.set_signed_cookie(
                cookie,
                "1",
                salt=PUBLIC_COOKIE_SALT,
                max_age=PUBLIC_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
            )
            return response
    return render(
        request,
        "surveys/answer.html",
        {"survey": survey, "form": form, "fields": _fields(form), "asks_email": asks_email},
        status=status,
    )


# A GET only shows a button: mail scanners and link previews open every link of an email,
# and must not count an answer. The POST (with its CSRF token) confirms.
@never_cache
def public_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pending = services.pending_response_for_token(token=token)
    except services.InvalidLink:
        return render(request, "surveys/invalid_link.html", {"public_link": True}, status=404)
    survey = pending.survey
    if request.method == "POST":
        try:
            services.pending_response_confirm(token=token)
        except services.InvalidLink:
            return render(request, "surveys/invalid_link.html", {"public_link": True}, status=404)
        except services.AlreadyAnswered:
            return render(request, "surveys/already_answered.html", {"survey": survey})
        except services.SurveyClosed:
            return render(request, "surveys/closed.html", {"survey": survey})
        return redirect("surveys:thanks", slug=survey.slug)
    if not survey.is_accepting():
        return render(request, "surveys/closed.html", {"survey": survey})
    return render(
        request, "surveys/public_confirm.html", {"survey": survey, "email": pending.email}
    )


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.exclude(status=Survey.Status.DRAFT), slug=slug)
    return render(request, "surveys/thanks.html", {"survey": survey})


@permissions.member_required
def space_surveys(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    invitations = (
        Invitation.objects.filter(contact__user=request.user, survey__status=Survey.Status.OPEN)
        .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
        .select_related("survey")
        .order_by("answered_at", "-survey__opens_at")
    )
    return render(request, "surveys/space_surveys.html", {"invitations": invitations})
