"""What search engines and link previews read, on the demo cluster: the sitemap lists
every public page, in both languages, and only pages a visitor may open; every public page
carries its Open Graph and X card, with absolute addresses the sitemap agrees with."""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from events.models import Event
from events.tests.factories import EventFactory
from members.tests.factories import OrganizationFactory
from tests.public_pages import LANGUAGES, public_paths, seed_demo_cluster

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
SITE_URL = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE_URL


def _xml(client, path: str) -> ElementTree.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _sections(client) -> list[str]:
    index = _xml(client, "/sitemap.xml")
    return [_path(loc.text) for loc in index.findall("sm:sitemap/sm:loc", NS)]


def _entries(client, section_path: str) -> list[tuple[str, dict[str, str]]]:
    urlset = _xml(client, section_path)
    return [
        (
            url.find("sm:loc", NS).text,
            {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)},
        )
        for url in urlset.findall("sm:url", NS)
    ]


@pytest.mark.django_db
def test_every_address_in_the_sitemap_answers_a_visitor(client):
    seed_demo_cluster()
    members_only = EventFactory(slug="reunion-reservee", audience=Event.Audience.MEMBERS)
    sections = _sections(client)
    assert "/sitemap-members.xml" in sections and "/sitemap-events.xml" in sections
    locations = []
    for section in sections:
        for location, alternates in _entries(client, section):
            assert location.startswith(SITE_URL + "/")
            # Each page names itself in both languages and the address without a prefix.
            assert set(alternates) == {"fr", "en", "x-default"}, location
            assert location in (alternates["fr"], alternates["en"])
            assert alternates["x-default"] == alternates["fr"].replace("/fr/", "/", 1)
            locations.append(location)
    paths = {_path(location) for location in locations}
    # The seeded cluster's pages are there, in both languages.
    for expected in ("/fr/", "/en/", "/fr/members/", "/en/faq/", "/fr/events/", "/fr/legal/"):
        assert expected in paths
    assert any(re.fullmatch(r"/fr/members/[\w-]+/", path) for path in paths)
    assert any(re.fullmatch(r"/en/events/[\w-]+/", path) for path in paths)
    assert any(re.fullmatch(r"/fr/news/[\w-]+/", path) for path in paths)
    assert f"/fr/events/{members_only.slug}/" not in paths
    for path in sorted(paths):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_sitemap_is_public_and_cacheable(client):
    for path in ("/sitemap.xml", "/sitemap-pages.xml"):
        # Rendered, then served from the stored copy: both keep the sitemap itself out of
        # search results.
        for _time in range(2):
            response = client.get(path)
            assert response.status_code == 200
            assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
            assert "noindex" in response["X-Robots-Tag"], path
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-members.xml", {"p": "9"}).status_code == 404


@pytest.mark.django_db
def test_an_organization_leaving_the_directory_leaves_the_sitemap(client):
    organization = OrganizationFactory(slug="quitte", directory_consent_at=timezone.now())
    assert any("/quitte/" in loc for loc, _alt in _entries(client, "/sitemap-members.xml"))
    organization.directory_consent_at = None
    organization.save()
    assert not any("/quitte/" in loc for loc, _alt in _entries(client, "/sitemap-members.xml"))


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 40])
def test_sitemap_pages_cost_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size
):
    # Not stored between the requests, so each one is measured.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    OrganizationFactory.create_batch(size, directory_consent_at=timezone.now())
    # The section's page: its count and its rows (slug and last change).
    with django_assert_num_queries(2):
        entries = _entries(client, "/sitemap-members.xml")
    assert len(entries) == 2 * size
    # The index: the latest change of the seven sections whose rows have one (an aggregate
    # each) and the count of the ten sections of rows (their number of pages; the annual
    # reports' section reads its few years whole); the section of fixed pages reads nothing.
    with django_assert_num_queries(17):
        _sections(client)


@pytest.mark.django_db
def test_the_index_names_its_sections_from_the_site_address_whatever_host_was_asked(client):
    # The first visitor asks through another name of the server; the index is stored and
    # served to everyone after, so it must not carry that name.
    first = _xml_of(client.get("/sitemap.xml", HTTP_HOST="127.0.0.1"))
    second = _xml_of(client.get("/sitemap.xml"))
    for index in (first, second):
        locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
        assert locations and all(loc.startswith(SITE_URL + "/sitemap-") for loc in locations)


def _xml_of(response) -> ElementTree.Element:
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


@pytest.mark.django_db
def test_a_large_section_is_paged_in_the_index(client, monkeypatch):
    from members.sitemaps import ProfilesSitemap

    monkeypatch.setattr(ProfilesSitemap, "limit", 4)
    for number in range(5):
        OrganizationFactory(slug=f"org-{number}", directory_consent_at=timezone.now())
    sections = _sections(client)
    assert [s for s in sections if "members" in s] == [
        "/sitemap-members.xml",
        "/sitemap-members.xml?p=2",
        "/sitemap-members.xml?p=3",
    ]
    pages = [_entries(client, path) for path in sections if "members" in path]
    assert [len(page) for page in pages] == [4, 4, 2]
    slugs = [re.search(r"/members/([\w-]+)/", loc)[1] for page in pages for loc, _alt in page]
    assert slugs == [f"org-{n}" for n in range(5) for _language in LANGUAGES]


def _meta(html: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return match[1] if match else None


@pytest.mark.django_db
def test_every_public_page_has_its_link_preview(client):
    seed_demo_cluster()
    for language in LANGUAGES:
        for path in public_paths(language, lambda path: client.get(path).content.decode()):
            html = client.get(path).content.decode()
            for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card"):
                assert _meta(html, key), f"{path}: no {key}"
            assert _meta(html, "og:url") == SITE_URL + path.split("?")[0], path
            assert _meta(html, "og:image").startswith(SITE_URL + "/"), path
            assert _meta(html, "og:locale") == {"fr": "fr_FR", "en": "en_GB"}[language]
            canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)[1]
            assert canonical == _meta(html, "og:url")
            alternates = dict(
                re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
            )
            assert (
                set(alternates) == {"fr", "en", "x-default"} and alternates[language] == canonical
            )
