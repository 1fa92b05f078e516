"""Newsletter subscriptions: double opt-in, unsubscribe, preferences, bounces, and the
links that lead to them. Sending is in communications.services.newsletters; where a person
stands (contact_newsletter_consent) in communications.selectors.subscriptions.

The confirmation link is a personal link (core.links): stored as a hash, for one request,
for CONFIRMATION_MAX_AGE. Unsubscribe and preferences links are signed instead
(django.core.signing): they are in every newsletter, must work for years and need nothing
stored; SECRET_KEY_FALLBACKS keeps them working across a key rotation.

Every address has at most one Subscriber row; its status decides whether the cluster may
write to it, whatever audience a newsletter targets (see communications.selectors.audiences).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from communications.models import Subscriber
from communications.selectors.subscriptions import email_normalise
from core.domain_events import publish
from core.email import email_send_once
from core.links import link_issue, link_objects
from core.outbox import task_enqueue
from core.ratelimit import rate_limit_hit
from members.models import ConsentRecord, Contact
from members.services.consents import consent_change

# Links in the confirmation email work this long; after that the person signs up again.
CONFIRMATION_MAX_AGE = 7 * 24 * 3600
# The wording next to the consent box of the sign-up forms. Change the version whenever the
# wording changes, so each subscriber says which text they agreed to.
CONSENT_TEXT_VERSION = "newsletter-2026-1"

# The purpose of the confirmation link (core.links).
CONFIRM_LINK = "communications.newsletter-confirm"
_UNSUBSCRIBE_SALT = "communications.newsletter.unsubscribe"
_PREFERENCES_SALT = "communications.newsletter.preferences"


class InvalidLink(Exception):
    """A link that was tampered with, or expired."""


def subscriber_for_update(email: str) -> Subscriber | None:
    """The address's row, locked until the end of the transaction; None if there is none."""
    return (
        Subscriber.objects.select_for_update().filter(email__iexact=email_normalise(email)).first()
    )


def _contact_with_email(email: str):
    """The member contact behind an address, if any (the oldest, should two share it)."""
    return (
        Contact.objects.filter(email__iexact=email, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return site_url(reverse(name, kwargs=kwargs))


# Links


def confirmation_token(*, subscriber: Subscriber) -> str:
    """A new token for the link confirming the subscriber's request, valid
    CONFIRMATION_MAX_AGE. It opens that row, whose address never changes: a link mailed to
    one address never confirms another."""
    return link_issue(
        target=subscriber,
        purpose=CONFIRM_LINK,
        expires_at=timezone.now() + timedelta(seconds=CONFIRMATION_MAX_AGE),
    )


def unsubscribe_token(*, email: str) -> str:
    # No expiry: an unsubscribe link in a years-old email must still work (RFC 8058).
    return signing.dumps(email_normalise(email), salt=_UNSUBSCRIBE_SALT)


def preferences_token(*, email: str) -> str:
    return signing.dumps(email_normalise(email), salt=_PREFERENCES_SALT)


def _email_from(token: str, *, salt: str) -> str:
    try:
        value = signing.loads(token, salt=salt)
    except signing.BadSignature as error:
        raise InvalidLink from error
    if not isinstance(value, str):
        raise InvalidLink
    return value


def email_from_unsubscribe_token(token: str) -> str:
    return _email_from(token, salt=_UNSUBSCRIBE_SALT)


def email_from_preferences_token(token: str) -> str:
    return _email_from(token, salt=_PREFERENCES_SALT)


def unsubscribe_url(*, email: str, language: str) -> str:
    return url_in(
        language, "communications:newsletter_unsubscribe", token=unsubscribe_token(email=email)
    )


def preferences_url(*, email: str, language: str) -> str:
    return url_in(
        language, "communications:newsletter_preferences", token=preferences_token(email=email)
    )


# Subscriptions

# Sign-ups accepted from one client address per hour: each sends an email to an address
# typed by a stranger, so a robot must not turn the form into a mail cannon.
SIGNUPS_PER_HOUR = 10
SIGNUP_LIMIT_MESSAGE = gettext_lazy("Too many sign-ups from your connection: try again later.")
# A pending address asking again within this time gets no new email: requests spread over
# many client addresses must not flood one mailbox either.
CONFIRMATION_RESEND_DELAY = timedelta(minutes=10)


def subscription_request_allowed(*, client_ip: str) -> bool:
    """Count one sign-up from `client_ip` and say whether it is within the hourly limit
    (a fixed window in the cache, shared by every worker)."""
    return rate_limit_hit(
        key=f"communications:newsletter:signups:{client_ip}", limit=SIGNUPS_PER_HOUR
    )


def _confirmation_send(subscriber: Subscriber) -> None:
    from communications.tasks import newsletter_confirmation_send

    task_enqueue(newsletter_confirmation_send, subscriber.pk)


@transaction.atomic
def subscription_request(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    organization_name: str = "",
    language: str,
    source: str,
    consent_text_version: str,
) -> Subscriber:
    """Someone asks for the newsletter: double opt-in.

    A new, pending or lead address becomes pending and gets a confirmation email. So does an
    unsubscribed or bounced one: coming back needs a new opt-in. A confirmed address stays
    confirmed and gets nothing (asking twice is not an error, and says nothing to whoever
    types someone else's address).
    """
    email = email_normalise(email)
    subscriber = subscriber_for_update(email)
    if subscriber is None:
        subscriber = Subscriber(email=email, source=source)
    elif subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    elif (
        subscriber.status == Subscriber.Status.PENDING
        and subscriber.confirmation_sent_at is not None
        and subscriber.confirmation_sent_at > timezone.now() - CONFIRMATION_RESEND_DELAY
    ):
        # The email just sent is still on its way.
        return subscriber
    for field, value in (
        ("first_name", first_name),
        ("last_name", last_name),
        ("organization_name", organization_name),
    ):
        if value:
            setattr(subscriber, field, value.strip())
    subscriber.language = language
    subscriber.status = Subscriber.Status.PENDING
    subscriber.consent_text_version = consent_text_version
    subscriber.confirmation_sent_at = timezone.now()
    if subscriber.contact_id is None:
        subscriber.contact = _contact_with_email(email)
    subscriber.save()
    _confirmation_send(subscriber)
    return subscriber


def subscription_confirmation_email_send(*, subscriber: Subscriber) -> None:
    """The double opt-in email; sent again on every new request (a lost email is common),
    once per request."""
    language = subscriber.language

    def context() -> dict:
        # Issued once the email is claimed: the email is the only copy of the token.
        token = confirmation_token(subscriber=subscriber)
        return {
            "subscriber": subscriber,
            "confirm_url": url_in(language, "communications:newsletter_confirm", token=token),
            "valid_days": CONFIRMATION_MAX_AGE // (24 * 3600),
        }

    email_send_once(
        key=f"newsletter-confirm:{subscriber.pk}:{subscriber.confirmation_sent_at.isoformat()}",
        template="communications/emails/subscription_confirm",
        to=subscriber.email,
        context=context,
        language=language,
    )


def _confirmation_subscribers(token: str):
    return link_objects(purpose=CONFIRM_LINK, token=token, queryset=Subscriber.objects.all())


def subscription_confirmation_subscriber(*, token: str) -> Subscriber:
    """Who a confirmation link is for, without confirming anything: the page it opens asks
    for a click first, because mail scanners open every link they see. Raises InvalidLink
    when the link is bad, expired, or its request was cancelled since."""
    subscriber = _confirmation_subscribers(token).first()
    if subscriber is None or subscriber.status not in (
        Subscriber.Status.PENDING,
        Subscriber.Status.CONFIRMED,
    ):
        raise InvalidLink
    return subscriber


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber:
    """The person confirmed from the link of the confirmation email. Raises InvalidLink."""
    subscriber = _confirmation_subscribers(token).select_for_update().first()
    if subscriber is None:
        raise InvalidLink
    # Only a pending request is confirmed: an unsubscribe or a bounce since the link was
    # sent outranks an old click.
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
        _consent_record(subscriber, granted=True)
        publish("subscriber.confirmed", subscriber)
    elif subscriber.status != Subscriber.Status.CONFIRMED:
        raise InvalidLink
    return subscriber


def _consent_record(subscriber: Subscriber, *, granted: bool, from_member_space=False) -> None:
    """Member contacts keep their consents in ConsentRecord too (shown on "My data")."""
    if subscriber.contact_id is None:
        return

    consent_change(
        contact=subscriber.contact,
        purpose=ConsentRecord.Purpose.NEWSLETTER,
        granted=granted,
        source=ConsentRecord.Source.MEMBER_SPACE
        if from_member_space
        else ConsentRecord.Source.WEB_FORM,
        text_version=subscriber.consent_text_version or CONSENT_TEXT_VERSION,
    )


@transaction.atomic
def subscription_cancel(*, email: str, source: str = Subscriber.Source.SIGNUP_PAGE) -> Subscriber:
    """Stop writing to this address, whatever audience it was reached through.

    Also for member contacts who were never subscribers: the row is created, so the address
    is suppressed from every later newsletter. A bounced address stays bounced.
    """
    email = email_normalise(email)
    subscriber = subscriber_for_update(email)
    if subscriber is None:
        contact = _contact_with_email(email)
        subscriber = Subscriber(
            email=email,
            source=source,
            contact=contact,
            language=contact.preferred_language if contact else settings.LANGUAGE_CODE,
        )
    if subscriber.status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED):
        return subscriber
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save()
    _consent_record(
        subscriber, granted=False, from_member_space=source == Subscriber.Source.MEMBER_SPACE
    )
    return subscriber


def subscription_language_set(*, email: str, language: str) -> Subscriber | None:
    """Change the language newsletters are sent in. None when the address is unknown."""
    subscriber = Subscriber.objects.filter(email__iexact=email_normalise(email)).first()
    if subscriber is not None and subscriber.language != language:
        subscriber.language = language
        subscriber.save(update_fields=["language"])
    return subscriber


@transaction.atomic
def subscriber_bounce(*, email: str, reason: str = "") -> Subscriber:
    """A hard bounce: the address does not exist any more and is never written to again."""
    email = email_normalise(email)
    subscriber = subscriber_for_update(email)
    if subscriber is None:
        subscriber = Subscriber(email=email, source=Subscriber.Source.STAFF)
    subscriber.status = Subscriber.Status.BOUNCED
    subscriber.bounced_at = timezone.now()
    subscriber.bounce_reason = reason[:255]
    subscriber.save()
    return subscriber


@transaction.atomic
def subscription_member_set(
    *, contact, subscribed: bool, consent_text_version: str = CONSENT_TEXT_VERSION
) -> Subscriber:
    """A member contact's own choice from the member space (`consent_text_version`: the
    wording of the page they answered on).

    No confirmation email: the address is the one of their login, which the account
    sign-up already proved they read.
    """
    email = email_normalise(contact.email)
    if not subscribed:
        return subscription_cancel(email=email, source=Subscriber.Source.MEMBER_SPACE)
    subscriber = subscriber_for_update(email)
    if subscriber is None:
        subscriber = Subscriber(
            email=email, source=Subscriber.Source.MEMBER_SPACE, language=contact.preferred_language
        )
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    subscriber.contact = contact
    subscriber.first_name = subscriber.first_name or contact.first_name
    subscriber.last_name = subscriber.last_name or contact.last_name
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.consent_text_version = consent_text_version
    subscriber.save()
    _consent_record(subscriber, granted=True, from_member_space=True)
    publish("subscriber.confirmed", subscriber)
    return subscriber
