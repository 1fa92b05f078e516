"""The public opportunities board: filters, search, expiry, the item page and the feeds."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from collaboration.models import Opportunity
from collaboration.tests.opportunity_factories import opportunity_make
from members.models import Region
from members.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = datetime.date(2026, 12, 1)


def _board(client, **params):
    response = client.get(reverse("collaboration:opportunity_board"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_board_filters_by_kind_and_region(client):
    opportunity_make(title="Stage Python Toulouse", region=Region.OCCITANIE)
    opportunity_make(title="Alternance Lyon", kind=Opportunity.Kind.WORK_STUDY, region="84")

    internships = _board(client, kind="internship")
    in_lyon = _board(client, region="84")

    assert "Stage Python Toulouse" in internships
    assert "Alternance Lyon" not in internships
    assert "Alternance Lyon" in in_lyon
    assert "Stage Python Toulouse" not in in_lyon


def test_board_search_ignores_accents_and_case_and_reads_the_organization(client):
    organization = OrganizationFactory(name="Néobêta Systèmes")
    opportunity_make(title="Développeur·se Python — stage", organization=organization)
    opportunity_make(title="Comptable")

    by_title = _board(client, q="DEVELOPPEUR python")
    by_organization = _board(client, q="neobeta")
    missed = _board(client, q="développeur java")

    assert "Développeur·se Python" in by_title and "Comptable" not in by_title
    assert "Développeur·se Python" in by_organization
    assert "Développeur·se Python" not in missed


def test_board_shows_only_published_items(client):
    for status in Opportunity.Status.values:
        opportunity_make(title=f"Offre {status}", status=status)

    page = _board(client)

    assert "Offre published" in page
    for status in ("pending", "rejected", "withdrawn"):
        assert f"Offre {status}" not in page


def test_an_item_expiring_today_is_on_the_board_and_gone_the_next_day(client, today_is):
    today_is(TODAY)
    opportunity_make(title="Expire aujourd'hui", expires_on=TODAY)
    opportunity_make(title="Expirée hier", expires_on=TODAY - datetime.timedelta(days=1))

    page = _board(client)

    assert "Expire aujourd&#x27;hui" in page
    assert "Expirée hier" not in page


def test_item_page_says_how_to_apply(client):
    item = opportunity_make(
        title="Stage data", apply_url="https://jobs.example.org/42", apply_email="rh@alpha.test"
    )

    page = client.get(reverse("collaboration:opportunity_detail", args=[item.slug]))

    content = page.content.decode()
    assert page.status_code == 200
    assert 'href="https://jobs.example.org/42"' in content
    assert 'href="mailto:rh@alpha.test' in content
    assert "<strong>passionnante</strong>" in content


def test_item_page_is_404_once_expired_or_not_published(client, today_is):
    today_is(TODAY)
    expired = opportunity_make(expires_on=TODAY - datetime.timedelta(days=1))
    pending = opportunity_make(status=Opportunity.Status.PENDING)
    withdrawn = opportunity_make(status=Opportunity.Status.WITHDRAWN)

    for item in (expired, pending, withdrawn):
        url = reverse("collaboration:opportunity_detail", args=[item.slug])
        assert client.get(url).status_code == 404, item.status


def test_staff_and_the_posting_organization_preview_an_item_off_the_board(client, personas):
    item = opportunity_make(organization=personas.org_a, status=Opportunity.Status.PENDING)
    url = reverse("collaboration:opportunity_detail", args=[item.slug])

    for user, expected in (
        (personas.staff, 200),
        (personas.member_contact, 200),
        (personas.other_member, 404),
    ):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(url)
        assert response.status_code == expected, user
        if expected == 200:
            assert "Preview" in response.content.decode() or "Aperçu" in response.content.decode()


def _feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_feed_of_all_kinds_and_feed_of_one_kind(client):
    opportunity_make(title="Stage Python")
    opportunity_make(title="Readynov", kind=Opportunity.Kind.FUNDING, funder="Région Occitanie")
    opportunity_make(title="Stage retiré", status=Opportunity.Status.WITHDRAWN)

    root, every = _feed_entries(client, reverse("collaboration:opportunity_feed"))
    _, funding = _feed_entries(
        client, reverse("collaboration:opportunity_kind_feed", args=["funding"])
    )

    assert sorted(every) == ["Readynov", "Stage Python"]
    assert funding == ["Readynov"]
    entry = next(root.iter(f"{ATOM}entry"))
    link = entry.find(f"{ATOM}link").get("href")
    assert link.startswith("http") and "/opportunities/" in link


def test_feed_of_an_unknown_kind_is_404(client):
    response = client.get(reverse("collaboration:opportunity_kind_feed", args=["wizardry"]))
    assert response.status_code == 404


def test_board_links_its_feeds(client):
    page = _board(client)

    for url in [reverse("collaboration:opportunity_feed")] + [
        reverse("collaboration:opportunity_kind_feed", args=[kind])
        for kind in Opportunity.Kind.values
    ]:
        assert f'href="{url}" rel="alternate" type="application/atom+xml"' in page


@pytest.mark.parametrize("rows", [3, 30])
def test_board_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    organization = OrganizationFactory()
    for _ in range(rows):
        opportunity_make(organization=organization)
    # Two queries: the count, the page of items with their organizations (anonymous: no
    # session, and the page is then stored).
    with django_assert_num_queries(2):
        _board(client)


@pytest.mark.parametrize("rows", [3, 30])
def test_feed_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    organization = OrganizationFactory()
    for _ in range(rows):
        opportunity_make(organization=organization)
    # One query: the items with their organizations.
    with django_assert_num_queries(1):
        client.get(reverse("collaboration:opportunity_feed"))


def test_htmx_gets_the_results_alone(client):
    opportunity_make(title="Stage Python")

    response = client.get(
        reverse("collaboration:opportunity_board"), {"q": "python"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "Stage Python" in content
    assert "<h1>" not in content


def test_board_search_finds_a_renamed_organization_by_its_new_name(client):
    organization = OrganizationFactory(name="Ancien Nom Industries")
    opportunity_make(title="Stage qualité", organization=organization)

    organization.name = "Nouvél Horizon"
    organization.save()

    assert "Stage qualité" in _board(client, q="nouvel horizon")
    assert "Stage qualité" in _board(client, q="horizon qualite")  # name and title together
    assert "Stage qualité" not in _board(client, q="ancien")


def test_a_former_members_items_leave_the_board_and_their_pages(client, client_for, personas):
    former = OrganizationFactory(lifecycle="former_member")
    item = opportunity_make(title="Stage ancien adhérent", organization=former)
    funding = opportunity_make(
        title="Appel régional", kind=Opportunity.Kind.FUNDING, funder="Région"
    )
    detail = reverse("collaboration:opportunity_detail", args=[item.slug])

    page = _board(client)

    assert "Stage ancien adhérent" not in page
    assert "Appel régional" in page  # staff's funding has no organization: it stays
    assert not item.is_on_board() and funding.is_on_board()
    assert item not in list(Opportunity.objects.on_board())
    assert client.get(detail).status_code == 404
    feed = client.get(reverse("collaboration:opportunity_feed")).content.decode()
    assert "Stage ancien adhérent" not in feed
    # Staff still see it, as a preview.
    assert client_for("staff").get(detail).status_code == 200


def test_the_french_board_says_the_expiry_day_is_included_and_names_the_scope(client):
    from django.utils import translation

    item = opportunity_make(
        title="Appel Europe",
        kind=Opportunity.Kind.FUNDING,
        funder="Commission européenne",
        scope=Opportunity.Scope.EUROPEAN,
        expires_on=datetime.date(2027, 3, 31),
    )
    with translation.override("fr"):
        board = client.get(reverse("collaboration:opportunity_board")).content.decode()
        detail = client.get(
            reverse("collaboration:opportunity_detail", args=[item.slug])
        ).content.decode()

    # The item stays on the board through its expiry day: "avant le" would say the day before.
    assert "Candidature jusqu'au 31 mars 2027" in board
    assert "avant le" not in board
    assert "<dt>Échelle</dt>" in detail
    assert "Portée" not in detail
