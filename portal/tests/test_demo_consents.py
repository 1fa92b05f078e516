"""The demo's newsletter subscribers and their consents agree, as every page reads them."""

from django.utils import timezone

from communications.demo import newsletters_seed
from communications.models import Subscriber
from communications.selectors.subscriptions import NewsletterConsent
from members.demo import register_seed
from members.models import Contact
from members.services import consents
from portal.services import personal_data


def test_newsletter_consents_agree_with_the_subscriptions(db):
    register = register_seed(
        organization_count=200, seed=2026, password="demo", today=timezone.localdate()
    )
    newsletters_seed(
        rng=register.rng,
        people=register.people,
        staff_user=register.staff,
        today=timezone.localdate(),
    )
    State = NewsletterConsent.State
    expected = {
        Subscriber.Status.CONFIRMED: (State.SUBSCRIBED, True),
        Subscriber.Status.UNSUBSCRIBED: (State.UNSUBSCRIBED, False),
        Subscriber.Status.BOUNCED: (State.BOUNCED, None),
        Subscriber.Status.PENDING: (State.PENDING, None),
    }
    subscribers = Subscriber.objects.exclude(contact=None).select_related("contact")
    assert subscribers.filter(status=Subscriber.Status.CONFIRMED).exists()
    for subscriber in subscribers:
        state, latest_granted = expected[subscriber.status]
        answers = consents.consent_answers(contact=subscriber.contact)
        assert answers["newsletter"].state == state
        record = subscriber.contact.consents.filter(purpose="newsletter").first()
        # The history ends with the answer in force (a bounce or a pending request is no
        # answer of the person's).
        if latest_granted is not None:
            assert record.granted is latest_granted
    # The demo member subscribed from the member space: every page says so, with the date.
    member = Contact.objects.get(email="member@demo.local")
    answer = consents.consent_answers(contact=member)["newsletter"]
    assert answer.state == State.SUBSCRIBED
    assert member.consents.filter(purpose="newsletter", granted=True).exists()
    export = personal_data.personal_data_export(contact=member)
    in_force = {answer["purpose"]: answer["state"] for answer in export["consents_in_force"]}
    assert in_force["newsletter"] == consents.consent_answers(contact=member)["newsletter"].state
