"""Tokens and calls for the API's tests."""

import datetime

from django.utils import timezone

from api.services.tokens import organization_token_create, token_create


def staff_token(user, *scopes, days=30, name="Script"):
    """The secret of a new staff token with `scopes`."""
    return token_create(
        name=name,
        scopes=scopes,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        created_by=user,
    ).secret


def organization_token(user, organization, *, days=30):
    return organization_token_create(
        organization=organization,
        name="Notre outil",
        expires_at=timezone.now() + datetime.timedelta(days=days),
        created_by=user,
    ).secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def api_world(personas):
    """One of each thing the token resources show, for organization A and organization B
    (the personas'), so a test can tell an organization's rows from the other's."""
    from types import SimpleNamespace

    from communications.models import Subscriber
    from events.models import Event
    from events.tests.factories import EventFactory, RegistrationFactory
    from members.models import Affiliation, Membership
    from members.tests.factories import AffiliationFactory, ContactFactory
    from surveys.tests.factories import QuestionFactory, SurveyFactory

    # Organization A is listed in the public directory.
    personas.org_a.directory_consent_at = timezone.now()
    personas.org_a.save(update_fields=["directory_consent_at"])
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    end = today.replace(month=12, day=31)

    def membership(organization):
        return Membership.objects.create(
            organization=organization,
            period_start=start,
            period_end=end,
            status=Membership.Status.APPROVED,
            dues_amount="1200.00",
        )

    contact_a = ContactFactory(first_name="Élodie", last_name="Garnier", email="elodie@alpha.test")
    AffiliationFactory(contact=contact_a, organization=personas.org_a)
    contact_b = ContactFactory(first_name="Bruno", last_name="Vidal", email="bruno@beta.test")
    AffiliationFactory(
        contact=contact_b, organization=personas.org_b, position=Affiliation.Position.EXECUTIVE
    )
    event = EventFactory(slug="club-data", title_fr="Club data", kind=Event.Kind.MONTHLY_MEETING)
    draft = EventFactory(slug="brouillon", title_fr="Brouillon", is_published=False)
    from collaboration.tests.calls_helpers import call_make
    from collaboration.tests.opportunity_factories import opportunity_make
    from webhooks.models import WebhookMessage
    from webhooks.tests.factories import endpoint_listening

    survey = SurveyFactory(slug="barometre", title_fr="Baromètre des adhérents")
    endpoint = endpoint_listening("dues.paid", url="http://127.0.0.1:9/crm")
    message = WebhookMessage.objects.create(
        endpoint=endpoint,
        event_type="dues.paid",
        payload={"type": "dues.paid", "data": {}},
        state=WebhookMessage.State.FAILED,
    )
    QuestionFactory(survey=survey, kind="nps", text_fr="Nous recommanderiez-vous ?")
    return SimpleNamespace(
        org_a=personas.org_a,
        org_b=personas.org_b,
        contact_a=contact_a,
        contact_b=contact_b,
        membership_a=membership(personas.org_a),
        membership_b=membership(personas.org_b),
        event=event,
        draft=draft,
        registration_a=RegistrationFactory(event=event, organization=personas.org_a),
        registration_b=RegistrationFactory(event=event, organization=personas.org_b),
        subscriber=Subscriber.objects.create(
            email="lecteur@exemple.test",
            status=Subscriber.Status.CONFIRMED,
            source=Subscriber.Source.SIGNUP_PAGE,
        ),
        survey=survey,
        endpoint=endpoint,
        message=message,
        public_event=EventFactory(slug="portes-ouvertes", audience=Event.Audience.PUBLIC),
        call=call_make(is_open=True, slug="appel-ouvert"),
        opportunity=opportunity_make(organization=personas.org_a),
    )
