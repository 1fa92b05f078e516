"""Celery tasks of community: they load objects by key and call a service."""

from celery import shared_task

from core.email import RETRYABLE_ERRORS

# Awards ------------------------------------------------------------------------------------


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def testimonial_published_send(testimonial_id: int) -> None:
    from community.models import Testimonial
    from community.services import testimonials

    testimonial = Testimonial.objects.select_related("contact").filter(pk=testimonial_id).first()
    if testimonial is not None:
        testimonials.testimonial_published_send(testimonial=testimonial)
