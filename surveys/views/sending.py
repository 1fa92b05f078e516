"""Staff open a survey, which emails its invitations, and close it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from surveys import permissions, selectors
from surveys.models import Survey
from surveys.services import sending


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
    count = selectors.audience_newcomers(survey=survey).count()
    confirmed = request.POST.get("confirmed") if request.method == "POST" else None
    if confirmed == str(count):
        sending.survey_open(survey=survey)
        if survey.is_accepting():
            messages.success(request, _("The survey is open; invitations are being sent."))
        else:
            messages.success(request, _("The invitations will be sent when the survey opens."))
        return redirect("surveys:staff_survey", pk=survey.pk)
    return render(
        request,
        "surveys/staff/survey_confirm_send.html",
        {"survey": survey, "count": count, "audience_changed": confirmed is not None},
    )


@permissions.staff_required
@require_POST
def staff_survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status == Survey.Status.OPEN:
        sending.survey_close(survey=survey)
        messages.success(request, _("The survey is closed."))
    else:
        messages.error(request, _("Only an open survey can be closed."))
    return redirect("surveys:staff_survey", pk=survey.pk)
