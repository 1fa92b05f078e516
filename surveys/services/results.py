"""A closed survey's results, counted once and stored (see `SurveyResults`)."""

from django.db import transaction
from django.db.models import Q

from core.outbox import task_enqueue
from surveys.models import Survey, SurveyResults
from surveys.selectors import satisfaction_counted, survey_counts


@transaction.atomic
def survey_results_store(*, survey: Survey) -> SurveyResults | None:
    """Count a closed survey's results and store them; None for a survey not closed."""
    # Under the survey's row lock: a late change (`survey_results_recount`) waits for this
    # count to be stored before it drops it and asks for a new one.
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.CLOSED:
        return None
    figures = {
        **survey_counts(survey=survey),
        "satisfaction": satisfaction_counted(survey=survey),
    }
    results, _ = SurveyResults.objects.update_or_create(
        survey=survey, defaults={"figures": figures}
    )
    return results


@transaction.atomic
def survey_results_recount(*, survey: Survey) -> None:
    """After a change that may move a closed survey's figures (its questions, its previous
    edition): drop the stored results, which the page no longer reads, and count them again
    in the background. The editions that compare with this one follow, as their comparison
    reads its questions."""
    from surveys.tasks import survey_results_store as store_task

    closed = list(
        Survey.objects.select_for_update()
        .filter(Q(pk=survey.pk) | Q(previous_edition=survey), status=Survey.Status.CLOSED)
        .values_list("pk", flat=True)
    )
    if not closed:
        return
    SurveyResults.objects.filter(survey__in=closed).delete()
    for pk in closed:
        task_enqueue(store_task, pk)
