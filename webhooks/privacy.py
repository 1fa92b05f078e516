"""Personal data held by the webhooks (see core.personal_data). Imported by
WebhooksConfig.ready().

A message carries what its event is about: a registration's name and address, an
applicant's, a subscriber's. The delivery log keeps it for WEBHOOKS_LOG_DAYS."""

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from core.personal_data import HOSTING, LOGIN_ONLY, LegalBasis, Person, Retention, iso, register
from webhooks.models import WebhookEndpoint, WebhookMessage


def _messages_about(person: Person):
    condition = Q(pk__in=[])
    for address in person.addresses:
        # An address is a JSON string of the payload, quotes included.
        condition |= Q(payload_text__icontains=f'"{address}"')
    return WebhookMessage.objects.annotate(
        payload_text=Cast("payload", output_field=TextField())
    ).filter(condition)


def _messages_export(person: Person) -> list[dict]:
    return [
        {
            "id": message.message_id,
            "type": message.event_type,
            "created_at": iso(message.created_at),
        }
        for message in _messages_about(person).order_by("created_at", "pk")
    ]


def _messages_erase(person: Person) -> None:
    WebhookMessage.objects.filter(pk__in=_messages_about(person).values("pk")).delete()


register(WebhookEndpoint, **LOGIN_ONLY)
register(
    WebhookMessage,
    key="webhook_messages",
    purpose=_(
        "Telling the applications the cluster works with (accounting, CRM) of what happens "
        "in the portal"
    ),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Name, email address and organization, as the event carries them"),
    retention=Retention(_("Deleted after %(log)s"), {"log": "WEBHOOKS_LOG_DAYS"}),
    export=_messages_export,
    erase=_messages_erase,
    processors=(HOSTING, _("The applications staff registered as webhook endpoints")),
    name=_("webhook messages"),
)
