"""Each fact the domain apps publish (core.domain_events) becomes one message per endpoint
listening to it, written by the real service call, and a repeated call writes none."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from communications.models import Subscriber
from communications.services import subscriptions
from events.models import Registration
from events.services import registrations
from events.tests.factories import EventFactory
from members.models import Membership, Organization
from members.services import joining
from members.services.memberships import membership_renew
from members.tests.factories import application_submitted, membership_paid
from surveys.services.answers import response_submit
from surveys.tests.factories import QuestionFactory, SurveyFactory, invitation_for
from webhooks.models import WebhookMessage
from webhooks.tests.factories import endpoint_listening

pytestmark = pytest.mark.django_db


def _messages(event_type):
    return list(WebhookMessage.objects.filter(event_type=event_type))


def test_no_listener_writes_nothing_and_costs_no_query(personas, django_assert_num_queries):
    endpoint_listening("dues.paid")
    event = EventFactory()
    # The listened-to types are cached: a fact nobody listens to adds no query.
    registrations.registration_create(event=event, contact=personas.member_contact.contact)
    assert not WebhookMessage.objects.exists()


def test_a_disabled_endpoint_gets_no_message(personas):
    from webhooks.services.endpoints import endpoint_disable

    endpoint = endpoint_listening("registration.confirmed")
    endpoint_disable(endpoint=endpoint, reason="test")
    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    assert not WebhookMessage.objects.exists()


def test_the_cached_nobody_listens_is_forgotten_when_an_endpoint_starts_listening(personas):
    from webhooks.selectors import subscribed_event_types
    from webhooks.services.endpoints import (
        endpoint_disable,
        endpoint_enable,
        webhook_endpoint_update,
    )

    contact = personas.member_contact.contact
    # Computed and cached while nothing listens to registrations.
    assert "registration.confirmed" not in subscribed_event_types()
    endpoint = endpoint_listening("registration.confirmed")
    registrations.registration_create(event=EventFactory(), contact=contact)
    assert len(_messages("registration.confirmed")) == 1

    endpoint_disable(endpoint=endpoint, reason="test")
    assert "registration.confirmed" not in subscribed_event_types()
    endpoint_enable(endpoint=endpoint)
    registrations.registration_create(event=EventFactory(), contact=contact)
    assert len(_messages("registration.confirmed")) == 2

    webhook_endpoint_update(
        endpoint=endpoint, url=endpoint.url, purpose="", event_types=["dues.paid"]
    )
    assert subscribed_event_types() == {"dues.paid"}
    registrations.registration_create(event=EventFactory(), contact=contact)
    assert len(_messages("registration.confirmed")) == 2
    webhook_endpoint_update(
        endpoint=endpoint, url=endpoint.url, purpose="", event_types=["registration.confirmed"]
    )
    registrations.registration_create(event=EventFactory(), contact=contact)
    assert len(_messages("registration.confirmed")) == 3


def test_registration_confirmed_is_published_once_with_its_payload(personas):
    endpoint = endpoint_listening("registration.confirmed")
    other = endpoint_listening("registration.confirmed", url="https://crm.example.org/hook")
    event = EventFactory(title_fr="Atelier IA")
    registration = registrations.registration_create(
        event=event, contact=personas.member_contact.contact
    )
    with pytest.raises(registrations.RegistrationError):
        registrations.registration_create(event=event, contact=personas.member_contact.contact)
    messages = _messages("registration.confirmed")
    assert sorted(m.endpoint_id for m in messages) == sorted([endpoint.pk, other.pk])
    # One id per (event, endpoint).
    assert len({m.message_id for m in messages}) == 2
    assert all(re.fullmatch(r"msg_[0-9a-f]{32}", m.message_id) for m in messages)
    payload = messages[0].payload
    assert payload["type"] == "registration.confirmed"
    datetime.datetime.fromisoformat(payload["timestamp"])
    assert payload["data"]["registration"]["id"] == registration.pk
    assert payload["data"]["registration"]["email"] == "contact@alpha.test"
    assert payload["data"]["registration"]["status"] == "confirmed"
    assert payload["data"]["event"]["slug"] == event.slug
    assert payload["data"]["event"]["title"] == "Atelier IA"


def test_a_seat_given_from_the_waitlist_is_a_confirmed_registration(personas):
    event = EventFactory(capacity=1)
    first = registrations.registration_create(event=event, contact=personas.member_admin.contact)
    second = registrations.registration_create(event=event, contact=personas.member_contact.contact)
    assert second.status == Registration.Status.WAITLISTED
    endpoint_listening("registration.confirmed", "registration.cancelled")
    registrations.registration_cancel(registration=first)
    registrations.registration_cancel(registration=first)  # a second click
    cancelled = _messages("registration.cancelled")
    confirmed = _messages("registration.confirmed")
    assert [m.payload["data"]["registration"]["id"] for m in cancelled] == [first.pk]
    assert [m.payload["data"]["registration"]["id"] for m in confirmed] == [second.pk]


def test_a_guest_confirming_twice_is_published_once(personas):
    from core.links import link_issue  # noqa: F401 (the guest's link is issued by the service)

    event = EventFactory(audience="public")
    registration = registrations.registration_guest_request(
        event=event,
        email="invite@example.org",
        first_name="Ines",
        last_name="Invitée",
        organization_name="",
        language="fr",
    )
    endpoint_listening("registration.confirmed")
    registrations.registration_confirm(registration=registration)
    registrations.registration_confirm(registration=registration)
    assert len(_messages("registration.confirmed")) == 1


def test_application_received_and_became_member_on_approval(personas):
    endpoint_listening("application.received", "organization.became_member")
    application = application_submitted()
    [received] = _messages("application.received")
    assert received.payload["data"]["application"]["id"] == application.pk
    assert received.payload["data"]["contact"]["email"] == "gaelle@gamma-robotique.example"
    joining.application_approve(
        application=application, reviewer=personas.staff, dues_amount=500, message=""
    )
    with pytest.raises(joining.ApplicationError):
        joining.application_approve(
            application=application, reviewer=personas.staff, dues_amount=500, message=""
        )
    [member] = _messages("organization.became_member")
    assert member.payload["data"]["organization"]["slug"] == application.organization.slug
    assert member.payload["data"]["organization"]["lifecycle"] == Organization.Lifecycle.MEMBER


def test_dues_paid_once_and_the_payment_makes_a_member(personas):
    organization = personas.org_b
    organization.lifecycle = Organization.Lifecycle.PROSPECT
    organization.save()
    membership = Membership.objects.create(
        organization=organization,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        status=Membership.Status.APPROVED,
        dues_amount=300,
    )
    endpoint_listening("dues.paid", "organization.became_member")
    membership_paid(membership, paid_on=datetime.date(2026, 2, 3))
    membership_paid(Membership.objects.get(pk=membership.pk), paid_on=datetime.date(2026, 2, 3))
    [paid] = _messages("dues.paid")
    assert paid.payload["data"]["membership"]["paid_on"] == "2026-02-03"
    assert paid.payload["data"]["membership"]["dues_amount"] == "300.00"
    assert len(_messages("organization.became_member")) == 1


def test_two_payments_of_one_membership_read_before_either_make_one_member(personas):
    # A double click: both requests read the membership, and its organization, before the
    # first one saves.
    organization = personas.org_b
    organization.lifecycle = Organization.Lifecycle.PROSPECT
    organization.save()
    membership = Membership.objects.create(
        organization=organization,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        status=Membership.Status.APPROVED,
        dues_amount=300,
    )
    endpoint_listening("dues.paid", "organization.became_member")
    first, second = (
        Membership.objects.select_related("organization").get(pk=membership.pk) for _ in range(2)
    )
    membership_paid(first, paid_on=datetime.date(2026, 2, 3))
    membership_paid(second, paid_on=datetime.date(2026, 2, 3))
    assert len(_messages("dues.paid")) == 1
    assert len(_messages("organization.became_member")) == 1


def test_staff_making_a_member_twice_from_one_page_announces_it_once(personas):
    from members.services.organizations import organization_staff_update

    organization = personas.org_b
    organization.lifecycle = Organization.Lifecycle.PROSPECT
    organization.save()
    endpoint_listening("organization.became_member")
    for stale in [Organization.objects.get(pk=organization.pk) for _ in range(2)]:
        data = {field: getattr(stale, field) for field in ("name", "kind", "siren", "siret")}
        data.update(
            {
                field: getattr(stale, field)
                for field in ("naf_code", "headcount_band", "street", "postal_code", "city")
            },
            department=stale.department,
            region=stale.region,
            lifecycle=Organization.Lifecycle.MEMBER,
            animator=None,
            sectors=[],
            labels=[],
            tags=[],
        )
        organization_staff_update(organization=stale, data=data, updated_by=personas.staff)
    assert len(_messages("organization.became_member")) == 1


def test_membership_renewed_once(personas):
    endpoint_listening("membership.renewed")
    today = timezone.localdate()
    Membership.objects.create(
        organization=personas.org_a,
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
        status=Membership.Status.ACTIVE,
    )
    renewed = membership_renew(organization=personas.org_a)
    with pytest.raises(Exception):  # noqa: B017 (RenewalTooEarly: two periods ahead)
        membership_renew(organization=personas.org_a)
    [message] = _messages("membership.renewed")
    assert message.payload["data"]["membership"]["id"] == renewed.pk


def test_subscriber_confirmed_once(django_capture_on_commit_callbacks):
    endpoint_listening("subscriber.confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        subscriptions.subscription_request(
            email="camille@example.org",
            language="fr",
            source=Subscriber.Source.SIGNUP_PAGE,
            consent_text_version=subscriptions.CONSENT_TEXT_VERSION,
        )
    token = re.search(r"/newsletter/confirm/([\w-]+)/", mail.outbox[0].body).group(1)
    subscriptions.subscription_confirm(token=token)
    subscriptions.subscription_confirm(token=token)
    [message] = _messages("subscriber.confirmed")
    assert message.payload["data"]["subscriber"]["email"] == "camille@example.org"


@pytest.mark.parametrize("anonymous", [False, True])
def test_survey_answered_once(personas, anonymous):
    from surveys.services.answers import AlreadyAnswered

    endpoint_listening("survey.answered")
    survey = SurveyFactory(is_anonymous=anonymous)
    question = QuestionFactory(survey=survey)
    invitation = invitation_for(survey, personas.member_contact.contact)
    response = response_submit(
        survey=survey, questions=[question], values={question.pk: 4}, invitation=invitation
    )
    with pytest.raises(AlreadyAnswered):
        response_submit(
            survey=survey, questions=[question], values={question.pk: 4}, invitation=invitation
        )
    [message] = _messages("survey.answered")
    data = message.payload["data"]
    assert data["survey"]["slug"] == survey.slug
    if anonymous:
        # Nothing that ties the answer to a person or orders it among the others.
        assert data["response"] == {"submitted_on": response.submitted_on.isoformat()}
    else:
        assert data["response"]["id"] == response.pk
        assert data["response"]["contact"] == personas.member_contact.contact.pk


def test_a_fact_rolled_back_leaves_no_message(personas):
    from django.db import transaction

    endpoint_listening("registration.confirmed")
    with pytest.raises(RuntimeError), transaction.atomic():
        registrations.registration_create(
            event=EventFactory(), contact=personas.member_contact.contact
        )
        raise RuntimeError
    assert not WebhookMessage.objects.exists()
