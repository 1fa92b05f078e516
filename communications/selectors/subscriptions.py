"""Where people stand with the newsletter, and the lookups of the subscription pages."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet, TextChoices
from django.utils.translation import gettext_lazy

from communications.models import Subscriber
from core.search import search_filter
from members.models import ConsentRecord, Contact


def email_normalise(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class NewsletterConsent:
    """Where a person stands with the newsletter: the one answer that "My data", the member
    space's newsletter page and the personal-data export all show."""

    class State(TextChoices):
        SUBSCRIBED = "subscribed", gettext_lazy("Yes, subscribed")
        PENDING = "pending", gettext_lazy("Waiting for the confirmation of the address")
        UNSUBSCRIBED = "unsubscribed", gettext_lazy("No, unsubscribed")
        BOUNCED = "bounced", gettext_lazy("No, the address bounced")
        NOT_SUBSCRIBED = "not_subscribed", gettext_lazy("No")
        NOT_ASKED = "not_asked", gettext_lazy("Not asked yet")

    state: str
    since: datetime | None
    subscriber: Subscriber | None = None

    @property
    def granted(self) -> bool:
        return self.state == self.State.SUBSCRIBED

    @property
    def label(self) -> str:
        return self.State(self.state).label


def contact_newsletter_consent(*, contact) -> NewsletterConsent:
    """The person's newsletter answer. The Subscriber row of their address is what sending
    obeys, so it decides whenever there is one; ConsentRecord keeps the history (the proof
    of each answer) and only says whether someone without a row refused or was never asked.
    """
    State = NewsletterConsent.State
    subscriber = None
    if contact.email:
        subscriber = (
            Subscriber.objects.filter(email__iexact=email_normalise(contact.email))
            .exclude(status=Subscriber.Status.LEAD)
            .first()
        )
    if subscriber is not None:
        state, since = {
            Subscriber.Status.CONFIRMED: (State.SUBSCRIBED, subscriber.confirmed_at),
            Subscriber.Status.PENDING: (State.PENDING, subscriber.confirmation_sent_at),
            Subscriber.Status.UNSUBSCRIBED: (State.UNSUBSCRIBED, subscriber.unsubscribed_at),
            Subscriber.Status.BOUNCED: (State.BOUNCED, subscriber.bounced_at),
        }[subscriber.status]
        return NewsletterConsent(state=state, since=since, subscriber=subscriber)
    record = (
        ConsentRecord.objects.filter(contact=contact, purpose=ConsentRecord.Purpose.NEWSLETTER)
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if record is None:
        return NewsletterConsent(state=State.NOT_ASKED, since=None)
    # A no (the unticked box of /join/), or a yes whose address is not on the list any more
    # (it changed since): either way no newsletter goes out.
    return NewsletterConsent(state=State.NOT_SUBSCRIBED, since=record.recorded_at)


def subscriber_for_email(email: str) -> Subscriber | None:
    """The address's row, whatever its case; None if there is none."""
    return Subscriber.objects.filter(email__iexact=email).first()


def subscribers_staff_list(*, status: str = "", query: str = "") -> QuerySet[Subscriber]:
    """The address book of the staff page, by address, filtered by status and search."""
    subscribers = Subscriber.objects.order_by("email")
    if status in Subscriber.Status.values:
        subscribers = subscribers.filter(status=status)
    if query:
        subscribers = subscribers.filter(
            search_filter(query, ["email", "first_name", "last_name", "organization_name"])
        )
    return subscribers


def space_contact(*, user):
    """The member contact of a logged-in user, None if the account has none."""
    return Contact.objects.filter(user=user).first()
