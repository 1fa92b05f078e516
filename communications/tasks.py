"""Celery tasks of the communications app: each loads its objects and calls a service."""

import smtplib
import time

from celery import shared_task

from communications.models import NewsArticle, Newsletter, Subscriber
from communications.services import indicators, member_news, newsletters, subscriptions
from core.email import RETRYABLE_ERRORS

SEND_SLICE_SECONDS = 10 * 60


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def newsletter_confirmation_send(subscriber_id: int) -> None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    # Confirmed or unsubscribed since the request: the email has nothing left to ask.
    if subscriber is not None and subscriber.status == Subscriber.Status.PENDING:
        subscriptions.subscription_confirmation_email_send(subscriber=subscriber)


# A worker killed mid-send gets the task back (acks_late); a send that stops on an SMTP
# outage is retried later. Either way newsletter_send goes on with the rows still queued.
@shared_task(autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=60, max_retries=8)
def newsletter_send(newsletter_id: int) -> None:
    newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
    if newsletter is None:
        return
    # Stop well within the task's time limit and go on in a new task, rather than being
    # killed by the limit mid-batch.
    deadline = time.monotonic() + SEND_SLICE_SECONDS
    # Only a send already started (by staff or the beat) goes on: a task left over for a
    # newsletter put back to draft sends nothing.
    newsletter = newsletters.newsletter_send(newsletter=newsletter, deadline=deadline, statuses=())
    # Still sending before the deadline means another worker holds the send: leave it be.
    if newsletter.status == Newsletter.Status.SENDING and time.monotonic() > deadline:
        newsletter_send.delay(newsletter.pk)


@shared_task
def newsletters_send_due() -> list[int]:
    """Beat, every minute: start the scheduled newsletters whose time has come."""
    return newsletters.newsletters_send_due()


@shared_task
def newsletters_resume_stalled() -> list[int]:
    """Beat: restart sends that stopped progressing."""
    return newsletters.newsletters_resume_stalled()


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=3)
def newsletter_test_send(newsletter_id: int, email: str, language: str) -> None:
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    newsletters.newsletter_test_send(newsletter=newsletter, email=email, language=language)


@shared_task
def indicators_snapshot() -> int:
    """Beat, daily: today's measurement of every indicator the portal measures."""
    return indicators.measurements_snapshot()


@shared_task(autoretry_for=RETRYABLE_ERRORS, retry_backoff=True, max_retries=5)
def member_news_decision_send(article_id: int) -> None:
    article = NewsArticle.objects.select_related("submitted_by").filter(pk=article_id).first()
    if article is not None:
        member_news.member_news_decision_send(article=article)


@shared_task
def news_home_refresh() -> None:
    """Beat task, just after midnight: features that ended yesterday leave the home page."""
    member_news.news_home_refresh()
