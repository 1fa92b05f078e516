"""Celery tasks of community: they load objects by key and call a service."""

import datetime

from celery import shared_task
from django.utils import timezone

from core.email import RETRYABLE_ERRORS

# Awards ------------------------------------------------------------------------------------


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
def award_juror_invitation_send(juror_id: int, replacing: str = "") -> None:
    from community.models import Juror
    from community.services import awards

    juror = Juror.objects.select_related("edition").filter(pk=juror_id).first()
    if juror is not None:
        awards.juror_invitation_send(juror=juror, replacing=replacing)


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def award_results_send(edition_id: int) -> None:
    from community.models import Edition
    from community.services import awards

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is not None:
        awards.results_send(edition=edition)


# Discussions -------------------------------------------------------------------------------
@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def discussion_message_notify(message_id: int) -> None:
    from community.models import DiscussionMessage
    from community.services import discussions

    message = (
        DiscussionMessage.objects.select_related("thread__group", "author")
        .filter(pk=message_id)
        .first()
    )
    if message is not None:
        discussions.message_notify(message=message)


@shared_task
def discussion_digests_queue() -> int:
    """Beat task, early morning: queue each person's digest of yesterday's messages."""
    from community.services import discussions

    return discussions.digests_queue(today=timezone.localdate())


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def discussion_digest_send(contact_id: int, group_id: int, day: str) -> None:
    from community.services import discussions
    from members.models import Contact, WorkingGroup

    contact = Contact.objects.filter(pk=contact_id).first()
    group = WorkingGroup.objects.filter(pk=group_id).first()
    if contact is not None and group is not None:
        discussions.digest_send(contact=contact, group=group, day=datetime.date.fromisoformat(day))


# Testimonials and success stories ----------------------------------------------------------


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def testimonial_published_send(testimonial_id: int) -> None:
    from community.models import Testimonial
    from community.services import testimonials

    testimonial = Testimonial.objects.select_related("contact").filter(pk=testimonial_id).first()
    if testimonial is not None:
        testimonials.testimonial_published_send(testimonial=testimonial)
