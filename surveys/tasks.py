from celery import shared_task

from surveys.models import PendingResponse, Survey
from surveys.services import answers, results, sending


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def survey_invitations_send(survey_id: int) -> int:
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        return 0
    return sending.survey_invitations_send(survey=survey)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def surveys_emails_due() -> int:
    return sending.surveys_emails_due()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def survey_public_confirmation_send(pending_response_id: int) -> bool:
    pending = PendingResponse.objects.select_related("survey").filter(pk=pending_response_id)
    pending = pending.first()
    if pending is None:
        return False
    return answers.public_confirmation_email_send(pending=pending)


@shared_task
def survey_results_store(survey_id: int) -> bool:
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        return False
    return results.survey_results_store(survey=survey) is not None
