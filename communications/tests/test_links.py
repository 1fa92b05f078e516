"""The newsletter's links: the confirmation link is a personal link (core.links), stored as
a hash; the links in every newsletter (unsubscribe, preferences, open and click tracking)
are signed, and keep working after the secret key is rotated (SECRET_KEY_FALLBACKS)."""

import re

import pytest
from django.core import mail, signing

from communications.models import Delivery, Newsletter, Subscriber
from communications.services import newsletters, subscriptions
from core.tests.database import assert_nowhere_in_database

pytestmark = pytest.mark.django_db

OLD_KEY = "the-former-secret-key-of-the-portal-0123456789-abcdefghij"
NEW_KEY = "the-secret-key-after-rotation-9876543210-zyxwvutsrqponmlk"


def test_the_confirmation_link_is_stored_only_as_a_hash(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscriptions.subscription_request(
            email="camille@example.org",
            language="en",
            source=Subscriber.Source.SIGNUP_PAGE,
            consent_text_version=subscriptions.CONSENT_TEXT_VERSION,
        )
    token = re.search(r"/newsletter/confirm/([\w-]+)/", mail.outbox[0].body).group(1)
    assert_nowhere_in_database(token)
    assert subscriptions.subscription_confirm(token=token).status == Subscriber.Status.CONFIRMED


def test_a_signed_confirmation_link_from_before_personal_links_offers_to_subscribe_again(
    client,
):
    # Links mailed before confirmation links were stored could not be carried over: they
    # get the page that says the link does not work, with the way to ask again.
    subscriber = Subscriber.objects.create(
        email="a@example.org", status=Subscriber.Status.PENDING, source="signup_page"
    )
    signed = signing.dumps(
        [subscriber.pk, subscriber.email], salt="communications.newsletter.confirm", compress=True
    )
    response = client.get(f"/en/newsletter/confirm/{signed}/")
    assert response.status_code == 400
    assert "Subscribe again" in response.content.decode()


@pytest.fixture
def rotate(settings):
    """Sign with the old key first; rotate() then makes it a fallback of a new key."""
    settings.SECRET_KEY = OLD_KEY
    settings.SECRET_KEY_FALLBACKS = []

    def rotate(fallbacks=(OLD_KEY,)):
        settings.SECRET_KEY = NEW_KEY
        settings.SECRET_KEY_FALLBACKS = list(fallbacks)

    return rotate


def test_an_unsubscribe_link_signed_with_the_old_key_works_after_rotation(client, rotate):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    token = subscriptions.unsubscribe_token(email="a@example.org")
    rotate()
    assert subscriptions.unsubscribe_token(email="a@example.org") != token
    path = f"/en/newsletter/unsubscribe/{token}/"
    assert client.get(path).status_code == 200
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_without_the_old_key_among_the_fallbacks_its_links_stop_working(client, rotate):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    token = subscriptions.unsubscribe_token(email="a@example.org")
    rotate(fallbacks=())
    assert client.post(f"/en/newsletter/unsubscribe/{token}/").status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_a_preferences_link_signed_with_the_old_key_works_after_rotation(client, rotate):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    token = subscriptions.preferences_token(email="a@example.org")
    rotate()
    client.post(f"/en/newsletter/preferences/{token}/", {"language": "en"})
    assert Subscriber.objects.get().language == "en"


def test_tracking_links_signed_with_the_old_key_count_after_rotation(
    client, rotate, django_capture_on_commit_callbacks
):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    newsletter = Newsletter.objects.create(
        subject_fr="Lettre",
        body_fr="Texte",
        slug="lettre",
        audience={"subscribers": True},
        include_news=False,
        include_events=False,
        include_new_members=False,
        tracking_enabled=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        newsletters.newsletter_send(newsletter=newsletter)
    delivery = Delivery.objects.get()
    opened = newsletters.open_token(delivery_id=delivery.pk)
    clicked = newsletters.click_token(delivery_id=delivery.pk, url="https://example.org/")
    rotate()
    assert client.get(f"/fr/newsletter/o/{opened}.gif")["Content-Type"] == "image/gif"
    response = client.get(f"/fr/newsletter/c/{clicked}/?u=https://example.org/")
    assert response.status_code == 302 and response["Location"] == "https://example.org/"
    # Still bound to its target under the old key.
    assert client.get(f"/fr/newsletter/c/{clicked}/?u=https://evil.example/").status_code == 400
    delivery.refresh_from_db()
    assert delivery.opened_at is not None and delivery.click_count == 1
