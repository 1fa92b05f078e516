"""The schema.org Organization of a directory profile: what the organization shows to
everyone, never more, whoever looks."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from core.tests.test_linked_data import linked_data_of
from members import panels
from members.models import Competence, HeadcountBand, Region, Visibility
from members.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#0b4f6c").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def organization(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://portal.example.org"
    organization = OrganizationFactory(
        name="Occitanie Robotique",
        slug="occitanie-robotique",
        directory_consent_at=timezone.now(),
        description_fr="Des **robots** pour l'agriculture.",
        street="12 rue des Lilas",
        postal_code="31000",
        city="Toulouse",
        region=Region.OCCITANIE,
        website="https://robotique.example.fr",
        linkedin_url="https://www.linkedin.com/company/occ-robotique",
        x_url="https://x.com/occrobotique",
        founded_year=2012,
        headcount_band=HeadcountBand.SMALL,
        email="contact@robotique.example.fr",
        phone="05 61 00 00 00",
        siren="123456789",
        logo=SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
    )
    organization.competences.set(
        [Competence.objects.create(name_fr="Vision industrielle", slug="vision")]
    )
    return organization


def _organization_data(client, slug="occitanie-robotique", language="fr") -> dict:
    response = client.get(f"/{language}/members/{slug}/")
    assert response.status_code == 200
    (data,) = linked_data_of(response.content.decode())
    return data


def test_profile_describes_the_organization_with_its_public_fields(client, organization):
    data = _organization_data(client)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Occitanie Robotique"
    assert data["url"] == "https://portal.example.org/fr/members/occitanie-robotique/"
    assert data["logo"].startswith("https://portal.example.org/media/logos/")
    assert data["description"] == "Des robots pour l'agriculture."
    assert data["sameAs"] == [
        "https://robotique.example.fr",
        "https://www.linkedin.com/company/occ-robotique",
        "https://x.com/occrobotique",
    ]
    assert data["knowsAbout"] == ["Vision industrielle"]
    assert data["foundingDate"] == "2012"
    assert data["numberOfEmployees"] == {
        "@type": "QuantitativeValue",
        "minValue": 10,
        "maxValue": 49,
    }
    assert data["memberOf"]["name"] and data["memberOf"]["url"] == "https://portal.example.org/"
    # The street is for members by default: the address says the city and the region only.
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "FR",
        "addressLocality": "Toulouse",
        "addressRegion": "Occitanie",
    }


@pytest.mark.parametrize("persona", ["anonymous", "member_contact", "staff"])
def test_members_only_and_hidden_fields_stay_out_whoever_looks(client_for, organization, persona):
    organization.visibility = {
        "website": Visibility.MEMBERS,
        "social": Visibility.HIDDEN,
        "logo": Visibility.MEMBERS,
        "description": Visibility.MEMBERS,
        "competences": Visibility.HIDDEN,
        "founded_year": Visibility.MEMBERS,
        "headcount_band": Visibility.HIDDEN,
    }
    organization.save()
    client = client_for(persona)
    response = client.get("/fr/members/occitanie-robotique/")
    html = response.content.decode()
    (data,) = linked_data_of(html)
    for absent in (
        "sameAs",
        "logo",
        "description",
        "knowsAbout",
        "foundingDate",
        "numberOfEmployees",
        "email",
        "telephone",
        "identifier",
    ):
        assert absent not in data
    block = html.split('application/ld+json">', 1)[1].split("</script>", 1)[0]
    for private in ("rue des Lilas", "31000", "05 61", "contact@robotique", "123456789"):
        assert private not in block
    if persona != "anonymous":
        # The page itself shows them to members: only the block keeps to the public side.
        assert "robotique.example.fr" in html


def test_public_street_gives_the_full_postal_address(client, organization):
    organization.visibility = {"street": Visibility.PUBLIC}
    organization.save()
    assert _organization_data(client)["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "FR",
        "addressLocality": "Toulouse",
        "addressRegion": "Occitanie",
        "streetAddress": "12 rue des Lilas",
        "postalCode": "31000",
    }


def test_english_profile_links_its_english_address(client, organization):
    data = _organization_data(client, language="en")
    assert data["url"] == "https://portal.example.org/en/members/occitanie-robotique/"


def test_script_in_a_description_does_not_break_out(client, organization):
    # The name is plain text; the code span survives the Markdown's sanitising as text.
    organization.name = "Robots </script><script>alert(1)</script>"
    organization.description_fr = "Nous `</script><script>alert(2)</script>` innovons."
    organization.save()
    html = client.get("/fr/members/occitanie-robotique/").content.decode()
    assert "<script>alert" not in html
    (data,) = linked_data_of(html)
    assert data["name"] == "Robots </script><script>alert(1)</script>"
    assert data["description"] == "Nous </script><script>alert(2)</script> innovons."


def test_distinctions_shown_by_a_section_are_the_organizations_awards(client, organization):
    panels.profile_page.register(
        "test_awards",
        template_name="components/messages.html",
        context=lambda *, organization: {"schema_awards": ["Lauréat des Trophées 2026"]},
    )
    try:
        data = _organization_data(client)
    finally:
        panels.profile_page._panels.pop("test_awards")
    assert data["award"] == ["Lauréat des Trophées 2026"]


def test_profile_tells_link_previews_about_the_organization(client, organization):
    html = client.get("/fr/members/occitanie-robotique/").content.decode()
    assert '<meta property="og:title" content="Occitanie Robotique">' in html
    assert '<meta property="og:description" content="Des robots pour l&#x27;agriculture.">' in html
    assert '<meta property="og:image" content="https://portal.example.org/media/logos/' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert (
        '<meta property="og:url" content="https://portal.example.org/fr/members/occitanie-robotique/">'
        in html
    )
