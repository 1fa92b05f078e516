"""The newsletter box of the membership application: communications owns the subscription
(communications/hooks.py), so these tests live here."""

from django.core import mail

from communications.models import Subscriber
from communications.selectors.audiences import audience_recipients
from members.models import ConsentRecord, MembershipApplication, Organization
from members.tests.test_joining import JOIN, JOIN_EN


def test_join_without_newsletter_consent_records_the_refusal(
    client, join_data, django_capture_on_commit_callbacks
):
    del join_data["consent_newsletter"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN, join_data)
    assert set(ConsentRecord.objects.values_list("purpose", "granted")) == {
        ("directory", True),
        ("newsletter", False),
    }
    # Once a member, the applicant is still left out of member subscriptions.
    Organization.objects.update(lifecycle=Organization.Lifecycle.MEMBER)
    assert audience_recipients(audience={"members": True}) == []


def test_the_newsletter_box_of_the_application_starts_a_pending_subscription(
    client, join_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN_EN, join_data)
    contact = MembershipApplication.objects.get().contact
    confirmation = next(m for m in mail.outbox if "/en/newsletter/confirm/" in m.body)
    assert confirmation.to == ["gaelle.garnier@gamma-robotique.example"]
    subscriber = Subscriber.objects.get(email="gaelle.garnier@gamma-robotique.example")
    assert (subscriber.status, subscriber.source, subscriber.contact) == (
        Subscriber.Status.PENDING,
        Subscriber.Source.JOIN_FORM,
        contact,
    )
