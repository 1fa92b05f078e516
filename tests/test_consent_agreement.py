"""A person's newsletter consent has one answer: "My data", the member space's newsletter
page and the personal-data export show the same, whichever way the consent changed."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from communications.models import Subscriber
from communications.selectors import subscriptions as subscription_selectors
from communications.services import subscriptions
from core.tests.factories import UserFactory
from members.models import (
    Contact,
    FeeBand,
    HeadcountBand,
    MembershipApplication,
    MembershipCategory,
)
from members.services import joining
from portal.services import personal_data

pytestmark = pytest.mark.django_db

ADDRESS = "gaelle@gamma-robotique.example"


def _views(contact: Contact) -> dict[str, str]:
    """The newsletter state each of the three views shows the contact's login."""
    client = Client()
    client.force_login(contact.user, backend="django.contrib.auth.backends.ModelBackend")
    with translation.override("fr"):
        my_data_url = reverse("portal:space_my_data")
        newsletter_url = reverse("communications:space_newsletter")
        export_url = reverse("portal:space_my_data_export")
    my_data = client.get(my_data_url).content.decode()
    row = re.search(r'data-purpose="newsletter" data-state="([a-z_]+)"', my_data)
    page = client.get(newsletter_url).content.decode()
    status = re.search(r'class="newsletter-consent" data-state="([a-z_]+)"', page)
    export = json.loads(client.get(export_url).content)
    in_force = {answer["purpose"]: answer for answer in export["consents_in_force"]}
    assert row and status, "a view does not say the newsletter state"
    return {
        "my_data": row.group(1),
        "newsletter_page": status.group(1),
        "export": in_force["newsletter"]["state"],
    }


def assert_views_say(contact: Contact, state: str) -> None:
    contact.refresh_from_db()
    assert _views(contact) == dict.fromkeys(("my_data", "newsletter_page", "export"), state)
    assert subscription_selectors.contact_newsletter_consent(contact=contact).state == state


def _login_for(contact: Contact) -> None:
    contact.user = UserFactory(email=contact.email)
    contact.save(update_fields=["user"])


def _joined(personas, *, newsletter_consent: bool, capture) -> Contact:
    """An applicant through the /join/ form, approved, with their login."""
    category = MembershipCategory.objects.create(
        name_fr="Entreprise", name_en="Company", slug="entreprise"
    )
    FeeBand.objects.create(category=category, headcount_band=HeadcountBand.SMALL, amount=900)
    data = {
        "organization_name": "Gamma Robotique",
        "kind": "company",
        "siren": "732829320",
        "headcount_band": HeadcountBand.SMALL,
        "postal_code": "31000",
        "city": "Toulouse",
        "category": category.pk,
        "first_name": "Gaëlle",
        "last_name": "Garnier",
        "email": ADDRESS,
        "preferred_language": "fr",
        "consent_directory": "on",
        "nickname": "",
    }
    if newsletter_consent:
        data["consent_newsletter"] = "on"
    with capture(execute=True):
        response = Client().post("/fr/join/", data)
        assert response.status_code == 302, response.content.decode()
        application = MembershipApplication.objects.get(contact__email=ADDRESS)
        joining.application_approve(
            application=application, reviewer=personas.staff, dues_amount=None, message=""
        )
    contact = application.contact
    _login_for(contact)
    return contact


def _confirm(client: Client, email: str) -> None:
    subscriber = Subscriber.objects.get(email=email)
    token = subscriptions.confirmation_token(subscriber=subscriber)
    client.post(reverse("communications:newsletter_confirm", kwargs={"token": token}))


def test_a_member_never_asked_is_not_asked_everywhere(personas):
    assert_views_say(personas.member_contact.contact, "not_asked")


def test_a_subscription_recorded_nowhere_else_is_subscribed_everywhere(personas):
    # As staff's imports or older data have it: a confirmed address, no ConsentRecord.
    contact = personas.member_contact.contact
    Subscriber.objects.create(
        email=contact.email,
        contact=contact,
        status=Subscriber.Status.CONFIRMED,
        source=Subscriber.Source.STAFF,
        confirmed_at=contact.created_at,
    )
    assert_views_say(contact, "subscribed")


def test_join_form_with_the_box_ticked_then_confirmed(
    personas, client, django_capture_on_commit_callbacks
):
    contact = _joined(personas, newsletter_consent=True, capture=django_capture_on_commit_callbacks)
    assert_views_say(contact, "pending")
    _confirm(client, ADDRESS)
    assert_views_say(contact, "subscribed")


def test_join_form_with_the_box_unticked(personas, django_capture_on_commit_callbacks):
    contact = _joined(
        personas, newsletter_consent=False, capture=django_capture_on_commit_callbacks
    )
    assert_views_say(contact, "not_subscribed")


def test_newsletter_page_sign_up_then_confirmation(
    personas, client, django_capture_on_commit_callbacks
):
    contact = personas.member_contact.contact
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("communications:newsletter"),
            {"email": contact.email.upper(), "language": "fr", "consent": "on"},
        )
    assert_views_say(contact, "pending")
    _confirm(client, contact.email)
    assert_views_say(contact, "subscribed")


@pytest.mark.parametrize("page", ["portal:space_my_data", "communications:space_newsletter"])
def test_member_space_toggles(personas, client_for, page):
    contact = personas.member_contact.contact
    client = client_for("member_contact")
    url = reverse(page)

    def choose(granted: bool):
        if page == "portal:space_my_data":
            client.post(url, {"purpose": "newsletter", "granted": "1" if granted else "0"})
        else:
            client.post(url, {"subscribed": "1" if granted else "0"})

    choose(True)
    assert_views_say(contact, "subscribed")
    choose(False)
    assert_views_say(contact, "unsubscribed")
    choose(True)
    assert_views_say(contact, "subscribed")


@pytest.mark.parametrize("one_click", [False, True])
def test_unsubscribe_link_and_one_click_unsubscribe(personas, client_for, one_click):
    contact = personas.member_contact.contact
    client_for("member_contact").post(
        reverse("communications:space_newsletter"), {"subscribed": "1"}
    )
    url = subscriptions.unsubscribe_url(email=contact.email, language="fr")
    anonymous = Client()
    if one_click:
        # RFC 8058: the mail client posts this body, with no cookie and no CSRF token.
        anonymous.post(
            url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        anonymous.post(url)
    assert_views_say(contact, "unsubscribed")


def test_a_bounced_address(personas, client_for):
    contact = personas.member_contact.contact
    client_for("member_contact").post(
        reverse("communications:space_newsletter"), {"subscribed": "1"}
    )
    subscriptions.subscriber_bounce(email=contact.email, reason="550 user unknown")
    assert_views_say(contact, "bounced")


def test_erasure_leaves_no_subscription_and_the_same_answer_everywhere(personas, client_for):
    contact = personas.member_contact.contact
    client_for("member_contact").post(
        reverse("communications:space_newsletter"), {"subscribed": "1"}
    )
    personal_data.contact_erase(contact=contact, erased_by=personas.staff)
    contact.refresh_from_db()
    # The login is closed: what staff could still see of the person says no newsletter.
    export = personal_data.personal_data_export(contact=contact)
    in_force = {answer["purpose"]: answer for answer in export["consents_in_force"]}
    answer = subscription_selectors.contact_newsletter_consent(contact=contact)
    assert answer.state == in_force["newsletter"]["state"]
    assert not answer.granted and not in_force["newsletter"]["granted"]
    assert not Subscriber.objects.filter(email__iexact="contact@alpha.test").exists()
    assert export["newsletter_subscriptions"] == []
