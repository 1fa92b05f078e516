"""Search boxes ignore accents and case: the helper, and every box that uses it."""

import pytest
from django.urls import reverse
from django.utils import translation

from communications.models import FaqCategory, FaqEntry, MediaCoverage, NewsArticle, Subscriber
from core.search import words_match
from events.tests.factories import EventFactory
from members.models import Contact
from members.tests.factories import ContactFactory, OrganizationFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("helene", True),
        ("HÉLÈNE", True),
        ("lefevre helene", True),
        ("LEF hél", True),
        ("oeillet", True),  # the œ ligature
        ("h.lefevre@", True),
        ("helene bruno", False),
        ("", True),
        ("hel\x00ene", True),
    ],
)
def test_words_match_ignores_accents_case_and_order(query, found):
    ContactFactory(first_name="Hélène", last_name="Lefèvre-Œillet", email="h.lefevre@x.org")

    contacts = words_match(
        Contact.objects.all(), fields=["first_name", "last_name", "email"], query=query
    )

    assert contacts.exists() is found


def _staff_search(client_for, name: str, query: str) -> str:
    with translation.override("en"):
        path = reverse(name)
    return client_for("staff").get(path, {"q": query}).content.decode()


@pytest.mark.parametrize(
    ("make", "url_name", "shown"),
    [
        (
            lambda: ContactFactory(first_name="Hélène", last_name="Lefèvre"),
            "members:staff_contacts",
            "Lefèvre",
        ),
        (
            lambda: OrganizationFactory(name="Écoles Réunies"),
            "members:staff_organizations",
            "Écoles Réunies",
        ),
        (
            lambda: EventFactory(title_fr="Journée sécurité", title_en="Journée sécurité"),
            "events:staff_events",
            "Journée sécurité",
        ),
        (
            lambda: NewsArticle.objects.create(
                title_fr="Élection du président", slug="election", body_fr="x"
            ),
            "communications:staff_news",
            "Élection du président",
        ),
        (
            lambda: MediaCoverage.objects.create(
                outlet="Le Journal de l'Économie", title="Portrait", published_on="2026-01-05"
            ),
            "communications:staff_coverage",
            "Le Journal de l&#x27;Économie",
        ),
        (
            lambda: Subscriber.objects.create(
                email="a@x.org", last_name="Bérénice", status="confirmed", source="staff"
            ),
            "communications:staff_newsletter_subscribers",
            "a@x.org",
        ),
    ],
)
def test_staff_search_boxes_ignore_accents_and_case(client_for, personas, make, url_name, shown):
    make()

    page = _staff_search(client_for, url_name, query=shown.replace("&#x27;", "'").upper())
    unaccented = shown.replace("&#x27;", "'").translate(str.maketrans("ÉéèêÈ", "EeeeE"))

    assert shown in page
    assert shown in _staff_search(client_for, url_name, query=unaccented.lower())
    assert shown not in _staff_search(client_for, url_name, query="zzzz")


def test_faq_search_ignores_accents_and_case(client, db):
    category = FaqCategory.objects.create(slug="recherche", name_fr="Recherche")
    FaqEntry.objects.create(
        category=category, question_fr="Quel est le délai ?", answer_fr="Une Période d'essai."
    )
    with translation.override("fr"):
        path = reverse("communications:faq")

    assert "Quel est le délai" in client.get(path, {"q": "DELAI periode"}).content.decode()
