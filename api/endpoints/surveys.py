"""Survey results, with a token that has the `surveys` scope: aggregates only, as the
results page counts them (responses, per question the counts of each choice, averages,
NPS). No individual answer, and nothing of free-text questions but their wording."""

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from api import permissions
from api.auth import TokenAuth
from api.pagination import KeysetPagination
from api.schemas import choice
from surveys.models import Question, Survey
from surveys.selectors import FREE_TEXT_KINDS, survey_results, surveys_staff_list

router = Router(tags=["Survey results"], auth=TokenAuth("surveys"))


class SurveyOut(Schema):
    slug: str
    title_fr: str
    title_en: str
    status: choice(Survey.Status) = Field(description="Open (answers come in) or closed.")
    is_anonymous: bool
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    response_count: int


class ChoiceCount(Schema):
    label: str = Field(description="The choice as the results page shows it.")
    count: int
    percent: float = Field(description="Of the people who answered the question.")


class Nps(Schema):
    total: int
    promoters: int
    passives: int
    detractors: int
    promoters_percent: float
    passives_percent: float
    detractors_percent: float
    score: int | None = Field(description="% promoters − % detractors.")


class QuestionResults(Schema):
    id: int
    text_fr: str
    text_en: str
    kind: choice(Question.Kind)
    answered: int | None = Field(
        description="How many people answered; null for free-text questions (not shown)."
    )
    choices: list[ChoiceCount]
    average: float | None = Field(description="Ratings' average.")
    nps: Nps | None = Field(description="Net Promoter Score, for NPS questions.")


class SurveyResultsOut(Schema):
    survey: SurveyOut
    response_count: int
    invitations_sent: int
    invitations_answered: int
    response_rate: float | None = Field(description="Percent of the invitations answered.")
    questions: list[QuestionResults]


class SurveyQuery(Schema):
    status: choice(Survey.Status) | None = None


def _surveys(request: HttpRequest):
    # The staff list's figures (responses counted in a subquery), for what the token sees.
    return surveys_staff_list().filter(pk__in=permissions.surveys_for(request.auth).values("pk"))


@router.get("/surveys/", response=list[SurveyOut])
@paginate(KeysetPagination, ordering=("-created_at", "pk"))
def survey_list(request: HttpRequest, filters: Query[SurveyQuery]):
    """Surveys sent, the newest first, with their number of responses."""
    surveys = _surveys(request)
    if filters.status:
        surveys = surveys.filter(status=filters.status)
    return surveys


@router.get("/surveys/{slug}/results", response=SurveyResultsOut)
def survey_results_detail(request: HttpRequest, slug: str):
    """A survey's results, counted as on its results page."""
    survey = _surveys(request).filter(slug=slug).first()
    if survey is None:
        raise Http404
    results = survey_results(survey=survey)
    questions = []
    for result in results["questions"]:
        question = result.question
        free_text = question.kind in FREE_TEXT_KINDS
        questions.append(
            {
                "id": question.pk,
                "text_fr": question.text_fr,
                "text_en": question.text_en,
                "kind": question.kind,
                "answered": None if free_text else result.answered,
                "choices": [
                    {"label": str(bar.label), "count": bar.count, "percent": bar.percent}
                    for bar in result.bars
                ],
                "average": result.average,
                "nps": result.nps,
            }
        )
    return {
        "survey": survey,
        "response_count": results["response_count"],
        "invitations_sent": results["invitations_sent"],
        "invitations_answered": results["invitations_answered"],
        "response_rate": results["response_rate"],
        "questions": questions,
    }
