import os
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import Affiliation, Competence, Organization, Sector, Visibility
from members.services import profiles
from members.tests.factories import member_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _image(size=(100, 50), image_format="PNG", *, noise=False) -> SimpleUploadedFile:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 30, 30))
    buffer = BytesIO()
    image.save(buffer, format=image_format)
    extension = {"JPEG": "jpg"}.get(image_format, image_format.lower())
    return SimpleUploadedFile(f"logo.{extension}", buffer.getvalue())


def _profile_data(**changes) -> dict:
    data = {
        "description_fr": "Nous sécurisons les réseaux.",
        "description_en": "We secure networks.",
        "offer_fr": "Audit",
        "offer_en": "Audit",
        "website": "https://alpha.test",
        "linkedin_url": "",
        "x_url": "",
        "email": "bonjour@alpha.test",
        "phone": "05 61 00 00 00",
        "street": "1 rue du Port",
        "postal_code": "31000",
        "city": "Toulouse",
        "headcount_band": "10-49",
        "founded_year": "2015",
        "keywords": "pentest, SOC",
        "directory_consent": "on",
    }
    for key, default in Organization.VISIBILITY_DEFAULTS.items():
        data[f"visibility_{key}"] = default.value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _profile_url(organization):
    return reverse("members:space_profile", args=[organization.slug])


def test_admin_edits_the_profile(personas, client_for):
    sector = Sector.objects.create(name_fr="Cybersécurité", slug="cyber")
    competence = Competence.objects.create(name_fr="Audit de sécurité", slug="audit")
    data = _profile_data(
        sectors=[sector.pk],
        competences=[competence.pk],
        visibility_phone=Visibility.HIDDEN,
        visibility_description=Visibility.MEMBERS,
    )
    response = client_for("member_admin").post(_profile_url(personas.org_a), data)
    assert response.status_code == 302
    organization = Organization.objects.get(pk=personas.org_a.pk)
    assert organization.description_en == "We secure networks."
    assert organization.founded_year == 2015
    assert list(organization.sectors.all()) == [sector]
    assert list(organization.competences.all()) == [competence]
    assert organization.visibility_of("phone") == Visibility.HIDDEN
    assert organization.visibility_of("description") == Visibility.MEMBERS
    assert set(organization.visibility) == set(Organization.VISIBILITY_DEFAULTS)
    assert organization.directory_consent_at is not None
    # The directory searches the new text, accents removed.
    assert "securite" in organization.search_document


def test_unticking_the_directory_consent_clears_it(personas, client_for):
    client = client_for("member_admin")
    client.post(_profile_url(personas.org_a), _profile_data())
    client.post(_profile_url(personas.org_a), _profile_data(directory_consent=None))
    personas.org_a.refresh_from_db()
    assert personas.org_a.directory_consent_at is None


@pytest.mark.parametrize("persona", ["member_contact", "other_member"])
def test_others_than_admins_get_404_on_the_profile(personas, client_for, persona):
    client = client_for(persona)
    assert client.get(_profile_url(personas.org_a)).status_code == 404
    response = client.post(_profile_url(personas.org_a), _profile_data(description_fr="Piraté"))
    assert response.status_code == 404
    personas.org_a.refresh_from_db()
    assert personas.org_a.description_fr == ""


def test_staff_may_edit_a_profile(personas, client_for):
    response = client_for("staff").post(_profile_url(personas.org_a), _profile_data())
    assert response.status_code == 302


def test_a_founding_year_in_the_future_is_refused(personas, client_for):
    response = client_for("member_admin").post(
        _profile_url(personas.org_a), _profile_data(founded_year="2999")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["founded_year"]
    personas.org_a.refresh_from_db()
    assert personas.org_a.founded_year is None


def test_a_text_file_renamed_png_is_refused_and_nothing_is_saved(personas, client_for):
    fake = SimpleUploadedFile("logo.png", b"I am not an image, just text.")
    response = client_for("member_admin").post(
        _profile_url(personas.org_a), _profile_data(logo=fake)
    )
    assert response.status_code == 200
    assert "pas une image" in response.context["form"].errors["logo"][0]
    assert 'id="id_logo_errors"' in response.content.decode()
    personas.org_a.refresh_from_db()
    assert not personas.org_a.logo
    assert personas.org_a.description_fr == ""


def test_a_gif_logo_is_refused(personas, client_for):
    response = client_for("member_admin").post(
        _profile_url(personas.org_a), _profile_data(logo=_image(image_format="GIF"))
    )
    assert "Formats acceptés : png, jpg, jpeg, webp" in response.context["form"].errors["logo"][0]


def test_a_logo_over_2_mb_is_refused(personas, client_for):
    heavy = _image((1200, 1200), noise=True)
    assert heavy.size > profiles.LOGO_MAX_BYTES
    response = client_for("member_admin").post(
        _profile_url(personas.org_a), _profile_data(logo=heavy)
    )
    assert "la limite est de" in response.context["form"].errors["logo"][0]


def test_a_large_logo_is_resized_to_fit_400_pixels_keeping_its_proportions(personas, client_for):
    response = client_for("member_admin").post(
        _profile_url(personas.org_a), _profile_data(logo=_image((1600, 800), "JPEG"))
    )
    assert response.status_code == 302
    personas.org_a.refresh_from_db()
    with Image.open(personas.org_a.logo.path) as stored:
        assert stored.size == (400, 200)
        assert stored.format == "WEBP"


def test_a_new_logo_replaces_the_old_file(personas, client_for, django_capture_on_commit_callbacks):
    client = client_for("member_admin")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_profile_url(personas.org_a), _profile_data(logo=_image()))
    personas.org_a.refresh_from_db()
    first = personas.org_a.logo.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_profile_url(personas.org_a), _profile_data(logo=_image((50, 50))))
    personas.org_a.refresh_from_db()
    assert personas.org_a.logo.path != first
    assert not os.path.exists(first)


def test_removing_the_logo(personas, client_for):
    client = client_for("member_admin")
    client.post(_profile_url(personas.org_a), _profile_data(logo=_image()))
    client.post(_profile_url(personas.org_a), _profile_data(remove_logo="on"))
    personas.org_a.refresh_from_db()
    assert not personas.org_a.logo


def test_the_profile_menu_link_leads_an_admin_to_their_profile(personas, client_for):
    response = client_for("member_admin").get(reverse("members:space_profile_home"))
    assert response["Location"] == _profile_url(personas.org_a)
    response = client_for("member_contact").get(reverse("members:space_profile_home"))
    assert response["Location"] == reverse("portal:space_dashboard")


# Contacts of the organization


def _contacts_url(organization):
    return reverse("members:space_contacts", args=[organization.slug])


def _affiliation(user, organization):
    return Affiliation.objects.get(contact__user=user, organization=organization)


def test_admin_lists_the_contacts_with_their_roles(personas, client_for):
    page = client_for("member_admin").get(_contacts_url(personas.org_a)).content.decode()
    assert personas.member_contact.contact.full_name in page
    assert personas.other_member.contact.full_name not in page
    assert reverse("members:space_invite", args=[personas.org_a.slug]) in page


def test_admin_makes_a_contact_admin(personas, client_for):
    affiliation = _affiliation(personas.member_contact, personas.org_a)
    client_for("member_admin").post(
        reverse("members:space_contact_access", args=[personas.org_a.slug, affiliation.pk]),
        {"access": "admin"},
    )
    affiliation.refresh_from_db()
    assert affiliation.access == Affiliation.Access.ADMIN


def test_the_last_admin_cannot_step_down(personas, client_for):
    affiliation = _affiliation(personas.member_admin, personas.org_a)
    response = client_for("member_admin").post(
        reverse("members:space_contact_access", args=[personas.org_a.slug, affiliation.pk]),
        {"access": "contact"},
        follow=True,
    )
    assert "seul administrateur" in response.content.decode()
    affiliation.refresh_from_db()
    assert affiliation.access == Affiliation.Access.ADMIN


def test_the_last_admin_cannot_be_detached(personas):
    affiliation = _affiliation(personas.member_admin, personas.org_a)
    with pytest.raises(profiles.LastAdminError):
        profiles.affiliation_detach(affiliation=affiliation, detached_by=personas.staff)
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()


def test_admin_detaches_a_contact_after_confirming(personas, client_for):
    affiliation = _affiliation(personas.member_contact, personas.org_a)
    url = reverse("members:space_contact_detach", args=[personas.org_a.slug, affiliation.pk])
    client = client_for("member_admin")
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()
    response = client.post(url)
    assert response["Location"] == _contacts_url(personas.org_a)
    assert not Affiliation.objects.filter(pk=affiliation.pk).exists()
    # The person lost access to the member space of organization A.
    assert client_for("member_contact").get(reverse("portal:space_dashboard")).status_code == 403


def test_an_admin_may_leave_when_another_admin_remains(personas, client_for):
    colleague = member_user(personas.org_a, Affiliation.Access.ADMIN)
    affiliation = _affiliation(personas.member_admin, personas.org_a)
    response = client_for("member_admin").post(
        reverse("members:space_contact_detach", args=[personas.org_a.slug, affiliation.pk])
    )
    assert response.status_code == 302
    assert not Affiliation.objects.filter(pk=affiliation.pk).exists()
    assert _affiliation(colleague, personas.org_a).is_admin


def test_an_admin_cannot_touch_another_organizations_contacts(personas, client_for):
    affiliation = _affiliation(personas.member_contact, personas.org_a)
    client = client_for("other_member")
    access_url = reverse("members:space_contact_access", args=[personas.org_a.slug, affiliation.pk])
    assert client.post(access_url, {"access": "admin"}).status_code == 404
    # Nor through their own organization's address with a foreign contact.
    foreign_url = reverse(
        "members:space_contact_detach", args=[personas.org_b.slug, affiliation.pk]
    )
    assert client.post(foreign_url).status_code == 404
    affiliation.refresh_from_db()
    assert affiliation.access == Affiliation.Access.CONTACT


@pytest.mark.parametrize("size", [1, 10])
def test_contacts_page_query_count_does_not_grow(
    personas, client_for, django_assert_num_queries, size
):
    for _index in range(size):
        member_user(personas.org_a)
    client = client_for("member_admin")
    # session, user, organization, "may manage" check, affiliations with contacts, the
    # layout's "is member" check.
    with django_assert_num_queries(6):
        assert client.get(_contacts_url(personas.org_a)).status_code == 200
