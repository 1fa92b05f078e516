"""Handing a message to its endpoint: signed, POSTed through core.fetch's guard, retried
with growing waits, given up at last; an endpoint that keeps failing is disabled and staff
are told."""

import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core.fetch import FetchError, post_to_public_url
from core.outbox import task_enqueue
from core.sealing import Unsealable
from webhooks import signing
from webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage

logger = logging.getLogger(__name__)

# The waits after the 1st, 2nd… failed try; past the last one the message is given up
# (seven tries over about 18 hours). Tests shorten it.
RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
)
# Waits up to this long are left to Celery's countdown; longer ones to the sweeper, since
# Redis would hand a task held that long to a second worker.
COUNTDOWN_MAX = timedelta(seconds=60)
# The sweeper leaves alone what is due since less than this: its countdown is on the way.
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500
# An endpoint is disabled after this many messages given up in a row, or when nothing was
# delivered to it for this long while it was failing.
DISABLE_AFTER_FAILED_MESSAGES = 5
DISABLE_AFTER_FAILING_FOR = timedelta(days=3)
TIMEOUT_SECONDS = 10


def message_body(message: WebhookMessage) -> bytes:
    """The bytes signed and sent: the same for every try of the message."""
    return json.dumps(message.payload, separators=(",", ":"), ensure_ascii=False).encode()


def _post(endpoint: WebhookEndpoint, message: WebhookMessage) -> tuple[int | None, str, int]:
    """(status or None, generic error, duration in ms) of one try."""
    body = message_body(message)
    started = time.monotonic()
    try:
        answer = post_to_public_url(
            endpoint.url,
            body=body,
            headers=signing.headers(
                secret=endpoint.secret,
                message_id=message.message_id,
                timestamp=int(time.time()),
                body=body,
            ),
            timeout=TIMEOUT_SECONDS,
            allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS,
        )
    except Unsealable:
        # Nothing is sent unsigned: the try fails, and staff read why in the delivery log
        # (then, if it lasts, the endpoint is disabled and they are told).
        logger.exception("The signing secret of %s cannot be opened", endpoint)
        status, reason = None, gettext("The signing secret cannot be opened: see the server log.")
    except FetchError as error:
        status, reason = None, str(error)
    else:
        status = answer.status
        reason = "" if answer.is_success else answer.describe()
        if 300 <= answer.status < 400:
            reason = gettext("Redirects are not followed: %(answer)s") % {
                "answer": answer.describe()
            }
    return status, reason[:300], int((time.monotonic() - started) * 1000)


def message_deliver(*, message_pk: int, manual: bool = False) -> WebhookAttempt | None:
    """One try of the message, if it is still owed (an automatic try) or asked for by staff
    (`manual`). Returns the attempt, or None when there was nothing to do. The message row is
    locked meanwhile, so two workers never send it at once."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            WebhookMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=message_pk)
            .first()
        )
        if message is None:
            return None
        endpoint = message.endpoint
        if not manual:
            due = message.next_attempt_at is None or message.next_attempt_at <= now + timedelta(
                seconds=1
            )
            if message.state != WebhookMessage.State.PENDING or not due or not endpoint.enabled:
                return None
        status, error, duration = _post(endpoint, message)
        attempt = WebhookAttempt.objects.create(
            message=message, status_code=status, error=error, duration_ms=duration, manual=manual
        )
        if attempt.succeeded:
            _delivered(message, endpoint)
        elif not manual:
            _failed(message, endpoint)
        return attempt


def _delivered(message: WebhookMessage, endpoint: WebhookEndpoint) -> None:
    message.state = WebhookMessage.State.DELIVERED
    message.delivered_at = timezone.now()
    message.next_attempt_at = None
    message.save(update_fields=["state", "delivered_at", "next_attempt_at"])
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=0, failing_since=None
    )


def _failed(message: WebhookMessage, endpoint: WebhookEndpoint) -> None:
    from webhooks import tasks

    now = timezone.now()
    message.tries += 1
    if message.tries <= len(RETRY_DELAYS):
        delay = RETRY_DELAYS[message.tries - 1]
        message.next_attempt_at = now + delay
        message.save(update_fields=["tries", "next_attempt_at"])
        if delay <= COUNTDOWN_MAX:
            transaction.on_commit(lambda: _countdown(tasks.webhook_message_deliver, message, delay))
        given_up = False
    else:
        message.state = WebhookMessage.State.FAILED
        message.next_attempt_at = None
        message.save(update_fields=["tries", "state", "next_attempt_at"])
        given_up = True
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.failing_since is None:
        endpoint.failing_since = now
    if given_up:
        endpoint.consecutive_failures += 1
    endpoint.save(update_fields=["failing_since", "consecutive_failures"])
    if not endpoint.enabled:
        return
    if endpoint.consecutive_failures >= DISABLE_AFTER_FAILED_MESSAGES:
        reason = ngettext(
            "%(count)s message in a row could not be delivered.",
            "%(count)s messages in a row could not be delivered.",
            endpoint.consecutive_failures,
        ) % {"count": endpoint.consecutive_failures}
    elif now - endpoint.failing_since > DISABLE_AFTER_FAILING_FOR:
        reason = ngettext(
            "Nothing could be delivered for more than %(days)s day.",
            "Nothing could be delivered for more than %(days)s days.",
            DISABLE_AFTER_FAILING_FOR.days,
        ) % {"days": DISABLE_AFTER_FAILING_FOR.days}
    else:
        return
    endpoint_disable_for_failures(endpoint=endpoint, reason=reason)


def _countdown(task, message: WebhookMessage, delay: timedelta) -> None:
    try:
        task.apply_async(args=[message.pk], countdown=delay.total_seconds(), retry=False)
    except Exception as error:  # noqa: BLE001 (the sweeper hands it over instead)
        logger.warning("Could not queue the retry of %s, the sweeper will: %s", message, error)


def endpoint_disable_for_failures(*, endpoint: WebhookEndpoint, reason: str) -> None:
    from webhooks import tasks
    from webhooks.services.endpoints import endpoint_disable

    endpoint_disable(endpoint=endpoint, reason=reason)
    task_enqueue(
        tasks.webhook_endpoint_disabled_notify, endpoint.pk, endpoint.disabled_at.isoformat()
    )


def messages_due_sweep(*, grace: timedelta = SWEEP_GRACE) -> int:
    """Queue a try of every message whose wait is over (long waits, and retries whose
    countdown Redis lost); the number queued. The task checks again under the row's lock,
    so a message queued twice is still sent once."""
    from webhooks import tasks

    due = list(
        WebhookMessage.objects.filter(
            state=WebhookMessage.State.PENDING,
            endpoint__enabled=True,
            next_attempt_at__lte=timezone.now() - grace,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    with transaction.atomic():
        for pk in due:
            task_enqueue(tasks.webhook_message_deliver, pk)
    return len(due)


def message_resend(*, message: WebhookMessage) -> None:
    """Staff send the message again, with the same id, whatever its state: a receiver that
    has it already drops the copy."""
    from webhooks import tasks

    with transaction.atomic():
        task_enqueue(tasks.webhook_message_resend, message.pk)


def messages_purge(*, now=None) -> int:
    """Delete the log of messages older than WEBHOOKS_LOG_DAYS (delivered or given up; one
    still owed stays); how many went."""
    now = now or timezone.now()
    deleted, _by_model = (
        WebhookMessage.objects.filter(
            created_at__lt=now - timedelta(days=settings.WEBHOOKS_LOG_DAYS)
        )
        .exclude(state=WebhookMessage.State.PENDING)
        .delete()
    )
    return deleted
