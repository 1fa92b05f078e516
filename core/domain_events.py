"""Facts of the domain that something outside the portal may want to hear of (a member's
accounting tool, a CRM), published by the services where they happen, inside their
transaction, to whoever registered for them.

core and the domain apps know nothing of their listeners: an app above them (webhooks)
registers a subscriber from its `AppConfig.ready()`, and writes what it owes in the same
transaction as the fact, so a fact rolled back is never announced and a fact committed
always is.

The names are stable (receivers branch on them); a new fact gets a new name.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

# name → what it means, as staff read it when they choose what an endpoint receives.
EVENT_TYPES = {
    "organization.became_member": _(
        "An organization became a member (application approved or first dues paid)."
    ),
    "membership.renewed": _("An organization's membership was renewed for the next period."),
    "dues.paid": _("Dues were recorded as paid."),
    "application.received": _("A membership application was received from the join page."),
    "registration.confirmed": _(
        "A registration to an event was confirmed, including a seat given from the waitlist."
    ),
    "registration.cancelled": _("A registration to an event was cancelled."),
    "subscriber.confirmed": _("Someone confirmed their newsletter subscription."),
    "survey.answered": _("A survey received an answer."),
}

Subscriber = Callable[..., None]
_subscribers: list[Subscriber] = []


def subscriber_register(subscriber: Subscriber) -> Subscriber:
    """Call `subscriber(event_type=..., instance=...)` for every fact published; it runs in
    the publisher's transaction."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def publish(event_type: str, instance) -> None:
    """Announce that `event_type` happened to `instance`. Call it inside the transaction of
    the fact, once per fact: where a repeated request changes nothing, nothing is published."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown domain event {event_type!r}")
    for subscriber in _subscribers:
        subscriber(event_type=event_type, instance=instance)
