"""The search helper ignores accents, case, word order and ligatures (every box that uses
it: tests/test_search_boxes.py)."""

import pytest

from core.search import search_filter
from members.models import Contact
from members.tests.factories import ContactFactory


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
def test_search_filter_ignores_accents_case_and_order(query, found):
    ContactFactory(first_name="Hélène", last_name="Lefèvre-Œillet", email="h.lefevre@x.org")

    contacts = Contact.objects.filter(search_filter(query, ["first_name", "last_name", "email"]))

    assert contacts.exists() is found
