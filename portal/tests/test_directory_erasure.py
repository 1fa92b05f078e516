"""The directory's cached profiles forget a person erased across the portal at once."""

import pytest
from django.utils import timezone

from members.models import Affiliation, ConsentRecord, Sector, Visibility
from members.services import consents
from members.tests.factories import AffiliationFactory, ContactFactory
from portal.services import personal_data

DIRECTORY = "/fr/members/"


@pytest.fixture
def profile_org(personas):
    """Org A, listed, with two people to contact (as in members/tests/test_directory.py)."""
    security = Sector.objects.create(name_fr="Sécurité", name_en="Security", slug="securite")
    organization = personas.org_a
    organization.directory_consent_at = timezone.now()
    organization.siren = "732829320"
    organization.description_fr = "Conseil en sécurité."
    organization.visibility = {"email": Visibility.HIDDEN}
    organization.save()
    organization.sectors.set([security])
    boss = ContactFactory(first_name="Bérénice", last_name="Bosse", job_title="Présidente")
    AffiliationFactory(
        contact=boss, organization=organization, position=Affiliation.Position.EXECUTIVE
    )
    return organization


@pytest.mark.django_db
def test_withdrawn_or_erased_people_leave_the_cached_profile_at_once(
    client, personas, profile_org, django_capture_on_commit_callbacks
):
    profile_org.visibility = {"contacts": Visibility.PUBLIC}
    profile_org.save()
    boss = profile_org.affiliations.get(contact__last_name="Bosse").contact
    second = ContactFactory(first_name="Xavier", last_name="Second")
    AffiliationFactory(
        contact=second, organization=profile_org, position=Affiliation.Position.MAIN_CONTACT
    )
    url = f"{DIRECTORY}{profile_org.slug}/"
    html = client.get(url).content.decode()
    assert "Bérénice Bosse" in html and "Xavier Second" in html
    with django_capture_on_commit_callbacks(execute=True):
        consents.consent_change(
            contact=boss,
            purpose=ConsentRecord.Purpose.DIRECTORY,
            granted=False,
            source=ConsentRecord.Source.MEMBER_SPACE,
            text_version="test",
        )
    html = client.get(url).content.decode()
    assert "Bosse" not in html and "Xavier Second" in html
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.contact_erase(contact=second, erased_by=personas.staff)
    assert "Xavier" not in client.get(url).content.decode()
