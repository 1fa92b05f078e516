import datetime

import factory
from django.utils import timezone

from events.models import AgendaItem, Event, EventDocument, Registration
from members.tests.factories import ContactFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published, members-only monthly meeting two weeks from now, open for registration."""

    class Meta:
        model = Event

    title_fr = factory.Sequence(lambda n: f"Réunion mensuelle {n}")
    title_en = factory.Sequence(lambda n: f"Monthly meeting {n}")
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    kind = Event.Kind.MONTHLY_MEETING
    audience = Event.Audience.MEMBERS
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=14)).replace(
            hour=16, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "Hôtel d'entreprises"
    address = "1 rue de la Paix, 31000 Toulouse"
    description_fr = "Ordre du jour et échanges entre membres."
    description_en = "Agenda and discussion between members."


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    position = factory.Sequence(lambda n: n)
    title_fr = factory.Sequence(lambda n: f"Point {n}")
    title_en = factory.Sequence(lambda n: f"Item {n}")


class EventDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventDocument

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Support {n}")
    file = factory.django.FileField(filename="support.pdf", data=b"%PDF-1.4 test")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a member contact (name and address copied from it)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    contact = factory.SubFactory(ContactFactory)
    email = factory.LazyAttribute(lambda o: o.contact.email.lower() if o.contact else "")
    first_name = factory.LazyAttribute(lambda o: o.contact.first_name if o.contact else "Guest")
    last_name = factory.LazyAttribute(lambda o: o.contact.last_name if o.contact else "Person")
    language = "en"
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class GuestRegistrationFactory(RegistrationFactory):
    """A guest (no contact) who registered by email for a public event."""

    contact = None
    event = factory.SubFactory(EventFactory, audience=Event.Audience.PUBLIC)
    email = factory.Sequence(lambda n: f"guest{n}@example.com")
    first_name = "Guest"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    organization_name = "Outside Ltd"
