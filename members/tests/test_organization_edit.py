"""Staff's edit of an organization (/staff/organizations/<slug>/edit/): identity, SIREN
checks and the duplicate warning, classification, lifecycle and animator.

Personas come from the root conftest: staff, member_admin and member_contact of org A,
other_member (admin of org B), anonymous.
"""

import re

import pytest

from core.tests.factories import UserFactory
from members.models import Label, Organization, Region, Sector, Tag
from members.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

VALID_SIREN = "732829320"
VALID_SIRET = "73282932000074"


def edit_url(organization, language: str = "en") -> str:
    return f"/{language}/staff/organizations/{organization.slug}/edit/"


def form_data(organization: Organization, **changes) -> dict:
    data = {
        "name": organization.name,
        "kind": organization.kind,
        "lifecycle": organization.lifecycle,
        "siren": organization.siren,
        "siret": organization.siret,
        "naf_code": organization.naf_code,
        "headcount_band": organization.headcount_band,
        "street": organization.street,
        "postal_code": organization.postal_code,
        "city": organization.city,
        "department": organization.department,
        "region": organization.region,
        "animator": organization.animator_id or "",
    }
    data.update(changes)
    return data


def field_errors(html: str, field: str) -> str:
    match = re.search(rf'<ul class="errors" id="id_{field}_errors">(.*?)</ul>', html, re.S)
    assert match, f"no error list next to {field}"
    return match.group(1)


def test_staff_edit_the_organizations_record(client_for, personas):
    organization = personas.org_a
    sector = Sector.objects.create(name_fr="Santé", name_en="Health", slug="sante")
    label = Label.objects.create(name_fr="Numérique responsable", slug="nr")
    tag = Tag.objects.create(name_fr="Salon 2026", slug="salon-2026")
    animator = UserFactory(is_staff=True, first_name="Anne", last_name="Animatrice")
    client = client_for("staff")
    assert client.get(edit_url(organization)).status_code == 200

    response = client.post(
        edit_url(organization),
        form_data(
            organization,
            name="Alpha Numérique Group",
            kind=Organization.Kind.STARTUP,
            lifecycle=Organization.Lifecycle.FORMER_MEMBER,
            siren="732 829 320",
            siret=VALID_SIRET,
            naf_code="6201z",
            headcount_band="10-49",
            street="1 rue du Port",
            postal_code="31000",
            city="Toulouse",
            department="31",
            region=Region.OCCITANIE,
            sectors=[sector.pk],
            labels=[label.pk],
            tags=[tag.pk],
            animator=animator.pk,
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/staff/organizations/alpha-numerique/"
    organization.refresh_from_db()
    assert organization.slug == "alpha-numerique"  # links and bookmarks keep working
    assert organization.name == "Alpha Numérique Group"
    assert (organization.kind, organization.lifecycle) == ("startup", "former_member")
    assert (organization.siren, organization.siret) == (VALID_SIREN, VALID_SIRET)
    assert organization.naf_code == "62.01Z"
    assert (organization.department, organization.region) == ("31", Region.OCCITANIE)
    assert organization.animator == animator
    assert list(organization.sectors.all()) == [sector]
    assert list(organization.labels.all()) == [label]
    assert list(organization.tags.all()) == [tag]
    assert "group" in organization.search_document  # the directory searches the new name


def test_a_siren_with_a_wrong_key_is_refused_next_to_the_field(client_for, personas):
    response = client_for("staff").post(
        edit_url(personas.org_a), form_data(personas.org_a, siren="732829321", name="Changed")
    )
    assert response.status_code == 200
    assert "check digit" in field_errors(response.content.decode(), "siren")
    personas.org_a.refresh_from_db()
    assert personas.org_a.name == "Alpha Numérique"


def test_a_siret_of_another_company_is_refused(client_for, personas):
    response = client_for("staff").post(
        edit_url(personas.org_a),
        form_data(personas.org_a, siren="552100554", siret=VALID_SIRET),
    )
    assert response.status_code == 200
    assert "must start with the SIREN" in field_errors(response.content.decode(), "siret")


def test_a_siren_already_in_the_register_needs_a_confirmation(client_for, personas):
    OrganizationFactory(name="Gamma Établissement", siren=VALID_SIREN, city="Albi")
    client = client_for("staff")
    response = client.post(edit_url(personas.org_a), form_data(personas.org_a, siren=VALID_SIREN))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Another organization of the register already has this SIREN" in field_errors(
        html, "siren"
    )
    assert "Gamma Établissement" in html
    assert 'name="confirm_duplicate_siren"' in html
    personas.org_a.refresh_from_db()
    assert personas.org_a.siren == ""

    response = client.post(
        edit_url(personas.org_a),
        form_data(personas.org_a, siren=VALID_SIREN, confirm_duplicate_siren="on"),
    )
    assert response.status_code == 302
    personas.org_a.refresh_from_db()
    assert personas.org_a.siren == VALID_SIREN


def test_a_shared_siren_already_saved_does_not_ask_again(client_for, personas):
    OrganizationFactory(siren=VALID_SIREN)
    Organization.objects.filter(pk=personas.org_a.pk).update(siren=VALID_SIREN)
    personas.org_a.refresh_from_db()
    page = client_for("staff").get(edit_url(personas.org_a)).content.decode()
    assert 'name="confirm_duplicate_siren"' not in page
    response = client_for("staff").post(
        edit_url(personas.org_a), form_data(personas.org_a, city="Albi")
    )
    assert response.status_code == 302


def test_only_staff_can_be_put_in_charge(client_for, personas):
    response = client_for("staff").post(
        edit_url(personas.org_a), form_data(personas.org_a, animator=personas.member_admin.pk)
    )
    assert response.status_code == 200
    field_errors(response.content.decode(), "animator")


def test_the_360_page_links_the_edit_page(client_for, personas):
    page = client_for("staff").get(f"/en/staff/organizations/{personas.org_a.slug}/")
    assert edit_url(personas.org_a) in page.content.decode()


@pytest.mark.parametrize("persona", ["member_admin", "member_contact", "other_member"])
def test_members_cannot_edit_the_record(client_for, personas, persona):
    response = client_for(persona).post(
        edit_url(personas.org_a), form_data(personas.org_a, name="Hijacked")
    )
    assert response.status_code == 403
    personas.org_a.refresh_from_db()
    assert personas.org_a.name == "Alpha Numérique"
