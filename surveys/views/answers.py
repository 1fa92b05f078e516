"""Contacts answer through a personal link (no login) or, signed in, from the member
space, which lists their open surveys; a public link takes one answer per browser or,
where one answer per person matters, one per confirmed email address. Staff preview the
form as respondents see it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.http import client_ip
from surveys import permissions, selectors
from surveys.forms.answers import AnswerForm
from surveys.models import Invitation, Question, Survey
from surveys.services import answers

PUBLIC_COOKIE = "survey_answered_{pk}"
PUBLIC_COOKIE_SALT = "surveys.public"
PUBLIC_COOKIE_MAX_AGE = 365 * 24 * 3600


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
        "surveys/public/response_form.html#questions",
        {"survey": survey, "form": form, "fields": _fields(form)},
    )


def _is_refresh(request: HttpRequest) -> bool:
    return bool(request.htmx and request.method == "POST" and request.POST.get("refresh"))


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link of an invitation email."""
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return render(request, "surveys/public/invalid_link.html", status=404)
    return _answer(request, invitation, reverse("surveys:answer", kwargs={"token": token}))


@permissions.member_required
def space_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """One's own invitation, from the member space: signed in, no link needed."""
    invitation = selectors.invitation_of_user(user=request.user, pk=pk)
    if invitation is None:
        raise Http404
    return _answer(request, invitation, reverse("surveys:space_answer", kwargs={"pk": pk}))


def _answer(request: HttpRequest, invitation: Invitation, here: str) -> HttpResponse:
    survey = invitation.survey
    if invitation.answered_at is not None:
        return render(request, "surveys/public/already_answered.html", {"survey": survey})
    if not survey.is_accepting():
        return render(request, "surveys/public/survey_closed.html", {"survey": survey})
    questions = selectors.questions_in_order(survey=survey)
    # No draft for an anonymous survey: it would tie the answers to the person.
    keeps_drafts = not survey.is_anonymous
    if _is_refresh(request):
        if keeps_drafts:
            # Progress is saved on the way.
            answers.draft_save(
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
            answers.draft_save(invitation=invitation, answers=form.raw_answers())
            messages.success(
                request,
                _("Your answers are saved. Come back with the same link to finish."),
            )
            return redirect(here)
        if form.is_valid():
            try:
                answers.response_submit(
                    survey=survey, questions=questions, values=form.values(), invitation=invitation
                )
            except answers.SurveyClosed:
                return render(request, "surveys/public/survey_closed.html", {"survey": survey})
            except answers.AlreadyAnswered:
                return render(request, "surveys/public/already_answered.html", {"survey": survey})
            return redirect("surveys:thanks", slug=survey.slug)
    return render(
        request,
        "surveys/public/response_form.html",
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
        return render(request, "surveys/public/already_answered.html", {"survey": survey})
    if not survey.is_accepting():
        return render(request, "surveys/public/survey_closed.html", {"survey": survey})
    questions = selectors.questions_in_order(survey=survey)
    if _is_refresh(request):
        return _refreshed(request, survey, questions)
    form = AnswerForm(_posted(request), questions=questions, asks_email=asks_email)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if not answers.public_answer_allowed(client_ip=client_ip(request)):
            form.add_error(
                None,
                _("Too many answers were sent from your connection: try again later."),
            )
            status = 429
        elif asks_email:
            answers.pending_response_create(
                survey=survey,
                email=form.cleaned_data["email"],
                values=form.values(),
                language=translation.get_language(),
            )
            return render(
                request,
                "surveys/public/check_email.html",
                {"survey": survey, "email": form.cleaned_data["email"]},
            )
        else:
            try:
                answers.response_submit(survey=survey, questions=questions, values=form.values())
            except answers.SurveyClosed:
                return render(request, "surveys/public/survey_closed.html", {"survey": survey})
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
        "surveys/public/response_form.html",
        {"survey": survey, "form": form, "fields": _fields(form), "asks_email": asks_email},
        status=status,
    )


# A GET only shows a button: mail scanners and link previews open every link of an email,
# and must not count an answer. The POST (with its CSRF token) confirms.
@never_cache
def public_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pending = answers.pending_response_for_token(token=token)
    except answers.InvalidLink:
        return render(
            request, "surveys/public/invalid_link.html", {"public_link": True}, status=404
        )
    survey = pending.survey
    if request.method == "POST":
        try:
            answers.pending_response_confirm(token=token)
        except answers.InvalidLink:
            return render(
                request, "surveys/public/invalid_link.html", {"public_link": True}, status=404
            )
        except answers.AlreadyAnswered:
            return render(request, "surveys/public/already_answered.html", {"survey": survey})
        except answers.SurveyClosed:
            return render(request, "surveys/public/survey_closed.html", {"survey": survey})
        return redirect("surveys:thanks", slug=survey.slug)
    if not survey.is_accepting():
        return render(request, "surveys/public/survey_closed.html", {"survey": survey})
    return render(
        request, "surveys/public/response_confirm.html", {"survey": survey, "email": pending.email}
    )


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.exclude(status=Survey.Status.DRAFT), slug=slug)
    return render(request, "surveys/public/thanks.html", {"survey": survey})


@permissions.member_required
def space_surveys(request: HttpRequest) -> HttpResponse:
    invitations = selectors.invitations_open_of_user(user=request.user)
    return render(request, "surveys/space/survey_list.html", {"invitations": invitations})


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
        "surveys/public/response_form.html",
        {"survey": survey, "form": form, "fields": _fields(form), "preview": True},
    )
