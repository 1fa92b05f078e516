"""Sending the newsletter: rendering (once per language, personalised per recipient),
audience snapshot into Delivery rows, batched idempotent sending and tracking, and the
editor's save. Its automatic blocks and progress figures are read in
communications.selectors.newsletters."""

import html as html_module
import logging
import re
import smtplib
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from communications.models import Delivery, Newsletter, Subscriber
from communications.selectors.audiences import audience_recipients
from communications.selectors.newsletters import newsletter_blocks
from communications.services.subscriptions import (
    InvalidLink,
    preferences_token,
    site_url,
    unsubscribe_token,
    url_in,
)
from core.markup import markdown_render
from core.outbox import task_enqueue
from core.pagecache import topics_changed_on_commit
from core.translation import in_language

logger = logging.getLogger(__name__)


# Rendering


# Personal parts of a message, filled per recipient into the HTML and text rendered once per
# language: rendering the templates for each of thousands of recipients would be the
# bottleneck of a send.
_GREETING = "%%NL_GREETING%%"
_UNSUBSCRIBE = "%%NL_UNSUBSCRIBE%%"
_PREFERENCES = "%%NL_PREFERENCES%%"
_PIXEL = "%%NL_PIXEL%%"
_TRACKED_LINK = re.compile(r'href="(https?://[^"]+)"')
_CLICK_PLACEHOLDER = re.compile(r"%%NL_CLICK_(\d+)%%")
_OPEN_SALT = "communications.newsletter.open"
_CLICK_SALT = "communications.newsletter.click"


def _news_url(article) -> str:
    return site_url(reverse("communications:news_detail", kwargs={"slug": article.slug}))


def newsletter_web_url(*, newsletter: Newsletter, language: str) -> str:
    return url_in(language, "communications:newsletter_web", slug=newsletter.slug)


def newsletter_context(*, newsletter: Newsletter, blocks: dict) -> dict:
    """What the web version and the email templates show, in the active language."""
    body = in_language(newsletter.body_fr, newsletter.body_en)
    return {
        "newsletter": newsletter,
        "subject": in_language(newsletter.subject_fr, newsletter.subject_en),
        "preheader": in_language(newsletter.preheader_fr, newsletter.preheader_en),
        "body_html": markdown_render(body),
        "body_text": body,
        "news": [(article, _news_url(article)) for article in blocks["news"]],
        "member_news": [(article, _news_url(article)) for article in blocks.get("member_news", ())],
        "events": [
            (event, site_url(reverse("events:event_detail", kwargs={"slug": event.slug})))
            for event in blocks["events"]
        ],
        "calls": [
            (call, site_url(reverse("collaboration:call_detail", kwargs={"slug": call.slug})))
            for call in blocks.get("calls", ())
        ],
        "new_members": blocks["new_members"],
    }


@dataclass
class LanguageRender:
    """One language's message with the personal parts left as placeholders."""

    language: str
    tracking: bool
    subject: str
    text: str
    html: str
    tracked_urls: list[str]
    greeting_named: str
    greeting_anonymous: str
    # The language's tracking and subscription addresses, with "T" where the token goes:
    # reversing URLs for each recipient costs more than the rest of the message.
    click_base: str
    open_base: str
    unsubscribe_base: str
    preferences_base: str


def _render_language(*, newsletter: Newsletter, blocks: dict, language: str) -> LanguageRender:
    with translation.override(language):
        context = {
            **newsletter_context(newsletter=newsletter, blocks=blocks),
            "greeting": _GREETING,
            "unsubscribe_url": _UNSUBSCRIBE,
            "preferences_url": _PREFERENCES,
            "web_url": newsletter_web_url(newsletter=newsletter, language=language),
            "pixel": _PIXEL,
            "site_url": settings.SITE_URL,
            "cluster_name": settings.CLUSTER_NAME,
        }
        subject = render_to_string("communications/emails/newsletter_subject.txt", context)
        text = render_to_string("communications/emails/newsletter.txt", context)
        html = render_to_string("communications/emails/newsletter.html", context)
        greeting_named = gettext("Hello %(name)s,")
        greeting_anonymous = gettext("Hello,")
        click_base = site_url(reverse("communications:newsletter_click", kwargs={"token": "T"}))
        open_base = site_url(reverse("communications:newsletter_open", kwargs={"token": "T"}))
        unsubscribe_base = site_url(
            reverse("communications:newsletter_unsubscribe", kwargs={"token": "T"})
        )
        preferences_base = site_url(
            reverse("communications:newsletter_preferences", kwargs={"token": "T"})
        )
    tracked_urls: list[str] = []
    if newsletter.tracking_enabled:

        def placeholder(match: re.Match) -> str:
            tracked_urls.append(html_module.unescape(match.group(1)))
            return f'href="%%NL_CLICK_{len(tracked_urls) - 1}%%"'

        html = _TRACKED_LINK.sub(placeholder, html)
    return LanguageRender(
        language=language,
        tracking=newsletter.tracking_enabled,
        subject=" ".join(subject.split()),
        text=text,
        html=html,
        tracked_urls=tracked_urls,
        greeting_named=greeting_named,
        greeting_anonymous=greeting_anonymous,
        click_base=click_base,
        open_base=open_base,
        unsubscribe_base=unsubscribe_base,
        preferences_base=preferences_base,
    )


def open_token(*, delivery_id: int) -> str:
    return signing.Signer(salt=_OPEN_SALT).sign(str(delivery_id))


def delivery_id_from_open_token(token: str) -> int:
    try:
        return int(signing.Signer(salt=_OPEN_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise InvalidLink from error


def click_token(*, delivery_id: int, url: str) -> str:
    # The target is signed with the delivery: the redirect cannot be pointed elsewhere.
    return f"{delivery_id}-" + signing.Signer(salt=_CLICK_SALT).signature(f"{delivery_id}\n{url}")


def delivery_id_from_click_token(token: str, *, url: str) -> int:
    delivery_id, _sep, signature = token.partition("-")
    # isdigit() also accepts digits such as "²" that int() refuses.
    if not (delivery_id.isascii() and delivery_id.isdecimal()) or not url:
        raise InvalidLink
    # unsign() compares in constant time, with the former keys too (SECRET_KEY_FALLBACKS):
    # links in newsletters sent before a key rotation still count and redirect.
    signer = signing.Signer(salt=_CLICK_SALT)
    try:
        signer.unsign(f"{delivery_id}\n{url}{signer.sep}{signature}")
    except signing.BadSignature as error:
        raise InvalidLink from error
    return int(delivery_id)


def _tracked_url(render: LanguageRender, delivery_id: int, url: str) -> str:
    token = click_token(delivery_id=delivery_id, url=url)
    return render.click_base.replace("/T/", f"/{token}/") + "?" + urlencode({"u": url})


def _personal_message(
    *, render: LanguageRender, email: str, name: str, delivery_id: int | None, subject_prefix=""
) -> EmailMultiAlternatives:
    unsubscribe = render.unsubscribe_base.replace("/T/", f"/{unsubscribe_token(email=email)}/")
    preferences = render.preferences_base.replace("/T/", f"/{preferences_token(email=email)}/")
    greeting = render.greeting_named % {"name": name} if name else render.greeting_anonymous
    text = (
        render.text.replace(_GREETING, greeting)
        .replace(_UNSUBSCRIBE, unsubscribe)
        .replace(_PREFERENCES, preferences)
    )
    html = (
        render.html.replace(_GREETING, html_module.escape(greeting))
        .replace(_UNSUBSCRIBE, html_module.escape(unsubscribe))
        .replace(_PREFERENCES, html_module.escape(preferences))
    )
    if delivery_id is not None and render.tracking:
        html = _CLICK_PLACEHOLDER.sub(
            lambda match: html_module.escape(
                _tracked_url(render, delivery_id, render.tracked_urls[int(match.group(1))])
            ),
            html,
        )
        pixel = render.open_base.replace("/T.gif", f"/{open_token(delivery_id=delivery_id)}.gif")
        html = html.replace(_PIXEL, f'<img src="{pixel}" width="1" height="1" alt="">')
    else:
        # A test copy or a preview: the links go straight to their targets, nothing counted.
        html = _CLICK_PLACEHOLDER.sub(
            lambda match: html_module.escape(render.tracked_urls[int(match.group(1))]), html
        )
        html = html.replace(_PIXEL, "")
    message = EmailMultiAlternatives(
        subject=subject_prefix + render.subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[email],
        reply_to=[settings.NEWSLETTER_REPLY_TO] if settings.NEWSLETTER_REPLY_TO else None,
        headers={
            # RFC 8058: mail clients show an unsubscribe button that POSTs to this address.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def newsletter_email_html(*, newsletter: Newsletter, language: str) -> str:
    """The email as a recipient would see it, for the staff preview (no personal links)."""
    render = _render_language(
        newsletter=newsletter, blocks=newsletter_blocks(newsletter=newsletter), language=language
    )
    message = _personal_message(
        render=render, email="preview@example.org", name="", delivery_id=None
    )
    return message.alternatives[0][0]


def newsletter_test_send(*, newsletter: Newsletter, email: str, language: str) -> None:
    """A copy for the editor's own mailbox, marked as a test; nothing is recorded."""
    render = _render_language(
        newsletter=newsletter, blocks=newsletter_blocks(newsletter=newsletter), language=language
    )
    with translation.override(language):
        prefix = gettext("[Test]") + " "
    _personal_message(
        render=render, email=email, name="", delivery_id=None, subject_prefix=prefix
    ).send()


# Sending


_STARTABLE = (Newsletter.Status.DRAFT, Newsletter.Status.SCHEDULED)


class NewsletterEmpty(Exception):
    """Nobody is in the newsletter's audience: nothing was started."""


def newsletter_deliveries_prepare(
    *, newsletter: Newsletter, statuses: tuple[str, ...] = _STARTABLE, due_by=None
) -> Newsletter:
    """Write one Delivery per recipient and mark the newsletter as sending, at once.

    Only a newsletter in one of `statuses` (and, with `due_by`, scheduled no later) starts:
    both are checked under the row lock, so a newsletter unscheduled or rescheduled since
    the caller read it is left alone. The audience is read only the first time: once
    sending, the rows are the list of who is left, and a retry or a second call adds nobody.
    """
    return _deliveries_prepare(newsletter=newsletter, statuses=statuses, due_by=due_by)[0]


@transaction.atomic
def _deliveries_prepare(
    *, newsletter: Newsletter, statuses: tuple[str, ...], due_by
) -> tuple[Newsletter, bool]:
    """newsletter_deliveries_prepare, also saying whether this call started the send."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.status not in statuses:
        return newsletter, False
    if due_by is not None and (newsletter.scheduled_at is None or newsletter.scheduled_at > due_by):
        return newsletter, False
    recipients = audience_recipients(audience=newsletter.audience)
    Delivery.objects.bulk_create(
        [
            Delivery(
                newsletter=newsletter,
                email=recipient.email,
                name=recipient.name,
                language=recipient.language,
                subscriber_id=recipient.subscriber_id,
                contact_id=recipient.contact_id,
            )
            for recipient in recipients
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    newsletter.status = Newsletter.Status.SENDING
    newsletter.sending_started_at = timezone.now()
    newsletter.recipient_count = Delivery.objects.filter(newsletter=newsletter).count()
    newsletter.save(update_fields=["status", "sending_started_at", "recipient_count", "updated_at"])
    return newsletter, True


def newsletter_queue(
    *, newsletter: Newsletter, statuses: tuple[str, ...] = _STARTABLE, due_by=None
) -> Newsletter:
    """Send now: the recipients are fixed at once, a worker sends (see
    newsletter_deliveries_prepare for `statuses` and `due_by`).

    Raises NewsletterEmpty, with nothing changed, when the audience reaches nobody."""
    from communications.tasks import newsletter_send as newsletter_send_task

    with transaction.atomic():
        newsletter, started = _deliveries_prepare(
            newsletter=newsletter, statuses=statuses, due_by=due_by
        )
        if started:
            if newsletter.recipient_count == 0:
                raise NewsletterEmpty
            pk = newsletter.pk
            task_enqueue(newsletter_send_task, pk)
    return newsletter


def newsletter_schedule(*, newsletter: Newsletter, at) -> Newsletter:
    Newsletter.objects.filter(pk=newsletter.pk, status__in=_STARTABLE).update(
        status=Newsletter.Status.SCHEDULED, scheduled_at=at, updated_at=timezone.now()
    )
    newsletter.refresh_from_db()
    return newsletter


def newsletter_unschedule(*, newsletter: Newsletter) -> Newsletter:
    Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.SCHEDULED).update(
        status=Newsletter.Status.DRAFT, updated_at=timezone.now()
    )
    newsletter.refresh_from_db()
    return newsletter


def newsletters_send_due(*, now=None) -> list[int]:
    """Beat: start the scheduled newsletters whose time has come; returns their ids."""
    now = now or timezone.now()
    due = Newsletter.objects.filter(
        status=Newsletter.Status.SCHEDULED, scheduled_at__lte=now
    ).order_by("scheduled_at")
    started = []
    for newsletter in due:
        try:
            newsletter = newsletter_queue(
                newsletter=newsletter, statuses=(Newsletter.Status.SCHEDULED,), due_by=now
            )
        except NewsletterEmpty:
            # It stays scheduled, in sight on the staff pages, until someone joins the
            # audience or staff unschedule it.
            logger.warning("Scheduled newsletter %s has nobody to send to", newsletter.pk)
            continue
        if newsletter.status == Newsletter.Status.SENDING:
            started.append(newsletter.pk)
    return started


def newsletters_resume_stalled(*, now=None) -> list[int]:
    """Beat: send again newsletters left sending with nobody progressing (a worker killed
    for good, a task lost). Safe even if a worker is still at it: see `_sender_lock`."""
    from communications.tasks import newsletter_send as newsletter_send_task

    limit = (now or timezone.now()) - timedelta(minutes=settings.NEWSLETTER_STALLED_MINUTES)
    stalled = (
        Newsletter.objects.filter(status=Newsletter.Status.SENDING, sending_started_at__lte=limit)
        .annotate(last_sent=Max("deliveries__sent_at"))
        .filter(Q(last_sent__isnull=True) | Q(last_sent__lte=limit))
        .values_list("pk", flat=True)
    )
    pks = list(stalled)
    for pk in pks:
        newsletter_send_task.delay(pk)
    return pks


@contextmanager
def _sender_lock(newsletter: Newsletter):
    """One sender per newsletter at a time, for as long as its process lives.

    A PostgreSQL session lock, not a row lock: rows are marked sent as each message leaves
    (committed at once), and the lock must outlive those commits. When the process dies,
    its connection closes and the lock goes with it, so a redelivered task can go on at
    once. SQLite runs only the single-process quick start, where nobody competes.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, newsletter.pk])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, newsletter.pk]
                )


# First key of the two-key advisory locks of newsletter sends (an arbitrary constant).
_LOCK_NAMESPACE = 5_804_011

# A refusal that concerns one recipient or one message: record it, go on with the others.
# Anything else (connection lost, server gone) stops the send; the task is retried and
# picks up the rows still queued.
_PER_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


def newsletter_send(
    *,
    newsletter: Newsletter,
    deadline: float | None = None,
    statuses: tuple[str, ...] = _STARTABLE,
) -> Newsletter:
    """Send the newsletter to every recipient still queued, in batches. Idempotent.

    A newsletter in one of `statuses` is started first (see newsletter_deliveries_prepare);
    with none, only a send already started goes on.

    With a `deadline` (a time.monotonic() value) no batch starts after it: the newsletter
    stays sending and the caller sends the rest later (a task has a time limit).

    Safe to call again at any time, concurrently or after a worker was killed mid-send:
    each Delivery is marked sent as soon as the SMTP server accepted its message, and only
    queued rows are sent. The one message that can go twice is the one a worker was killed
    between the server's acceptance and that mark, a few microseconds.
    """
    newsletter = newsletter_deliveries_prepare(newsletter=newsletter, statuses=statuses)
    if newsletter.status != Newsletter.Status.SENDING:
        return newsletter
    with _sender_lock(newsletter) as acquired:
        if not acquired:
            logger.info("Newsletter %s is being sent by another worker", newsletter.pk)
            return newsletter
        renders: dict[str, LanguageRender] = {}
        blocks = newsletter_blocks(newsletter=newsletter)
        batch_size = max(1, settings.NEWSLETTER_BATCH_SIZE)
        rate = settings.NEWSLETTER_RATE_PER_SECOND
        while True:
            batch = list(
                Delivery.objects.filter(newsletter=newsletter, status=Delivery.Status.QUEUED)
                .order_by("pk")
                .only("pk", "email", "name", "language")[:batch_size]
            )
            if not batch:
                break
            if deadline is not None and time.monotonic() > deadline:
                return newsletter
            started = time.monotonic()
            batch = _drop_suppressed(batch)
            for delivery in batch:
                language = delivery.language if delivery.language in _LANGUAGES else "fr"
                if language not in renders:
                    renders[language] = _render_language(
                        newsletter=newsletter, blocks=blocks, language=language
                    )
                delivery.language = language
            _batch_send(batch, renders)
            if rate > 0:
                time.sleep(max(0.0, len(batch) / rate - (time.monotonic() - started)))
        Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.SENDING).update(
            status=Newsletter.Status.SENT, sent_at=timezone.now(), updated_at=timezone.now()
        )
        # update() sends no signal: the archive and the web version learn it here.
        topics_changed_on_commit("newsletters")
    newsletter.refresh_from_db()
    return newsletter


_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _drop_suppressed(batch: list[Delivery]) -> list[Delivery]:
    """Leave out, marked failed, the people who unsubscribed or bounced since the send
    started: a long, paced send must not write to someone who left an hour ago."""
    # Compared lower-cased, as audiences do: a row saved as "Lea@…" suppresses "lea@…".
    suppressed = set(
        Subscriber.objects.annotate(email_lower=Lower("email"))
        .filter(
            email_lower__in=[delivery.email.lower() for delivery in batch],
            status__in=[Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED],
        )
        .values_list("email_lower", flat=True)
    )
    if not suppressed:
        return batch
    dropped = [d.pk for d in batch if d.email.lower() in suppressed]
    Delivery.objects.filter(pk__in=dropped).update(
        status=Delivery.Status.FAILED, error="Unsubscribed or bounced before it was sent."
    )
    return [delivery for delivery in batch if delivery.pk not in dropped]


def _batch_send(batch: list[Delivery], renders: dict[str, LanguageRender]) -> None:
    """One SMTP connection for the batch; each row marked as soon as its message is done."""
    if not batch:
        return
    smtp = get_connection()
    smtp.open()
    try:
        for delivery in batch:
            message = _personal_message(
                render=renders[delivery.language],
                email=delivery.email,
                name=delivery.name,
                delivery_id=delivery.pk,
            )
            try:
                smtp.send_messages([message])
            except _PER_MESSAGE_ERRORS as error:
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=Delivery.Status.FAILED, error=repr(error)[:500]
                )
            else:
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=Delivery.Status.SENT, sent_at=timezone.now()
                )
    finally:
        smtp.close()


# Tracking


def delivery_open_record(*, token: str) -> None:
    """The tracking pixel was loaded. Raises InvalidLink."""
    delivery_id = delivery_id_from_open_token(token)
    Delivery.objects.filter(
        pk=delivery_id, opened_at__isnull=True, newsletter__tracking_enabled=True
    ).update(opened_at=timezone.now())


def delivery_click_record(*, token: str, url: str) -> str:
    """A tracked link was followed; returns where to. Raises InvalidLink."""
    delivery_id = delivery_id_from_click_token(token, url=url)
    now = timezone.now()
    Delivery.objects.filter(pk=delivery_id, newsletter__tracking_enabled=True).update(
        click_count=F("click_count") + 1,
        clicked_at=Coalesce("clicked_at", Value(now)),
        # A click proves the email was opened, even with images blocked.
        opened_at=Coalesce("opened_at", Value(now)),
    )
    return url


# Editing

# The fields of a newsletter staff write, as they are, in its form; the audience is edited
# too, but through boxes of the form's own, which build it.
NEWSLETTER_EDITABLE_FIELDS = (
    "subject_fr",
    "subject_en",
    "preheader_fr",
    "preheader_en",
    "body_fr",
    "body_en",
    "slug",
    "include_news",
    "include_member_news",
    "include_events",
    "include_calls",
    "include_new_members",
    "tracking_enabled",
)


class NewsletterLocked(Exception):
    """The newsletter is being sent or was sent: its content is what people received."""


@transaction.atomic
def newsletter_save(*, newsletter: Newsletter, data: dict, user) -> Newsletter:
    if newsletter.pk:
        newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if newsletter.status in (Newsletter.Status.SENDING, Newsletter.Status.SENT):
            raise NewsletterLocked
    else:
        newsletter.created_by = user
    for field in (*NEWSLETTER_EDITABLE_FIELDS, "audience"):
        setattr(newsletter, field, data[field])
    newsletter.save()
    return newsletter
