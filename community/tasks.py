"""Celery tasks of community: they load objects by key and call a service."""

# Awards ------------------------------------------------------------------------------------
from celery import shared_task  # noqa: E402

from core.email import RETRYABLE_ERRORS  # noqa: E402


def _award_application(application_id: int):
    from community.models import AwardApplication

    return (
        AwardApplication.objects.select_related(
            "edition", "category", "organization", "submitted_by"
        )
        .filter(pk=application_id)
        .first()
    )


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def award_application_received_send(application_id: int) -> None:
    from community.services import awards

    application = _award_application(application_id)
    if application is not None:
        awards.application_received_send(application=application)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def award_nomination_send(application_id: int) -> None:
    from community.services import awards

    application = _award_application(application_id)
    if application is not None:
        awards.nomination_send(application=application)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def award_juror_invitation_send(juror_id: int) -> None:
    from community.models import Juror
    from community.services import awards

    juror = Juror.objects.select_related("edition").filter(pk=juror_id).first()
    if juror is not None:
        awards.juror_invitation_send(juror=juror)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def award_results_send(edition_id: int) -> None:
    from community.models import Edition
    from community.services import awards

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is not None:
        awards.results_send(edition=edition)


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------
