"""An organization's consent to the network feed, given and withdrawn from the member space."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Organization
from network.models import NetworkConsentRecord, NetworkListing

pytestmark = pytest.mark.django_db


def page(personas) -> str:
    return f"/fr/space/organizations/{personas.org_a.slug}/network/"


def test_an_admin_gives_and_withdraws_consent_recorded_with_who_and_when(client_for, personas):
    Organization.objects.filter(pk=personas.org_a.pk).update(directory_consent_at=timezone.now())
    client = client_for("member_admin")
    assert client.post(page(personas), {"granted": "yes"}).status_code == 302
    listing = NetworkListing.objects.get(organization=personas.org_a)
    assert listing.feed_consent and listing.consent_changed_by == personas.member_admin
    assert client.get("/network/directory.json").json()["organizations"][0]["id"] == str(
        listing.uid
    )
    client.post(page(personas), {"granted": "no"})
    assert client.get("/network/directory.json").json()["organizations"] == []
    records = NetworkConsentRecord.objects.filter(organization=personas.org_a)
    assert [(r.granted, r.recorded_by) for r in records] == [
        (False, personas.member_admin),
        (True, personas.member_admin),
    ]
    # Staff see the answer on the organization's 360° page.
    url = reverse("members:staff_organization", args=[personas.org_a.slug])
    staff_page = client_for("staff").get(url)
    assert "Non partagée" in staff_page.content.decode()


def test_only_the_organizations_admins_may_answer(client_for, personas):
    for persona in ("staff", "member_contact"):
        client = client_for(persona)
        assert client.get(page(personas)).status_code == 200
        assert client.post(page(personas), {"granted": "yes"}).status_code == 403
    assert not NetworkConsentRecord.objects.exists()


def test_a_bad_answer_is_reported_next_to_the_field(client_for, personas):
    response = client_for("member_admin").post(page(personas), {"granted": "peut-être"})
    assert response.status_code == 200 and 'class="errors"' in response.content.decode()
    assert not NetworkConsentRecord.objects.exists()


def test_an_admins_dashboard_leads_to_the_consent(client_for, personas):
    admin = client_for("member_admin").get("/fr/space/").content.decode()
    assert f'href="{page(personas)}"' in admin
    # A plain contact may read the answer from the organization's pages, not change it.
    contact = client_for("member_contact").get("/fr/space/").content.decode()
    assert f'class="button button--secondary" href="{page(personas)}"' not in contact
