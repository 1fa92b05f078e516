"""Whatever path creates or changes a listed organization, the public directory finds it at
once by an accent-free, lower-case word of its name.

The search document is kept by a PostgreSQL trigger (members migration 0007): these tests go
through every writer the product has (approval of a /join/ application, import, the member's
profile, staff's edit, the Django admin, and a bare UPDATE; seed_demo's is in
portal/tests/test_seed_demo.py) and search the public directory right after, as a visitor
would.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget
from django.utils import timezone, translation

from core.tests.factories import UserFactory
from members.models import Competence, ImportJob, Label, Organization, Sector
from members.services import imports, joining
from members.services.directory import _search_document_of, search_normalise
from members.tests.factories import OrganizationFactory, application_submitted


def found(client, query: str, language: str = "fr") -> str:
    response = client.get(f"/{language}/members/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def listed(**fields) -> Organization:
    fields.setdefault("directory_consent_at", timezone.now())
    return OrganizationFactory(**fields)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_application_approved_is_found_by_a_word_of_its_name_at_once(
    client, language, django_capture_on_commit_callbacks
):
    application = application_submitted(
        name="Société Néo Bêta",
        siren="",
        headcount_band="",
        city="Montauban",
        email="gaelle@neo.example",
    )
    # A visitor looked before: the anonymous page is cached without the applicant.
    assert "Néo Bêta" not in found(client, "neo", language)

    # Committed, as in production: the cached directory pages are invalidated then.
    with django_capture_on_commit_callbacks(execute=True):
        joining.application_approve(
            application=application,
            reviewer=UserFactory(is_staff=True),
            dues_amount=Decimal("300"),
            message="",
        )

    for word in ["neo", "BETA", "societe", "montauban"]:
        assert "Société Néo Bêta" in found(client, word, language), word


@pytest.mark.django_db
def test_an_import_that_updates_a_listed_organization_is_found_at_once(client):
    organization = listed(name="Société Bêta", siren="732829320", city="Toulouse")
    staff = UserFactory(is_staff=True)
    upload = SimpleUploadedFile(
        "register.csv", "Nom;SIREN;Ville\nBêta;732829320;Évreux\n".encode(), "text/csv"
    )
    job = imports.import_job_create(
        kind=ImportJob.Kind.ORGANIZATIONS, upload=upload, created_by=staff
    )
    imports.import_mapping_set(job=job, mapping=job.mapping, language="en")
    with translation.override("en"):
        job = imports.import_job_check(job=ImportJob.objects.get(pk=job.pk))
        assert imports.import_job_confirm(job=job, language="en")
        imports.import_job_commit(job=ImportJob.objects.get(pk=job.pk))

    organization.refresh_from_db()
    assert organization.city == "Évreux"
    assert "Société Bêta" in found(client, "evreux beta")


@pytest.mark.django_db
def test_a_member_profile_edit_is_found_at_once(personas, client_for, client):
    from members.tests.test_profiles import _profile_data, _profile_url

    Organization.objects.filter(pk=personas.org_a.pk).update(name="Alpha Numérique Éolien")
    response = client_for("member_admin").post(
        _profile_url(personas.org_a), _profile_data(keywords="détection, thermographie")
    )
    assert response.status_code == 302
    client.logout()
    for word in ["eolien", "detection", "THERMOGRAPHIE"]:
        assert "Alpha Numérique Éolien" in found(client, word), word


@pytest.mark.django_db
def test_a_staff_edit_of_the_name_is_found_at_once(personas, client_for, client):
    from members.tests.test_organization_edit import edit_url, form_data

    organization = personas.org_a
    Organization.objects.filter(pk=organization.pk).update(directory_consent_at=timezone.now())
    response = client_for("staff").post(
        edit_url(organization), form_data(organization, name="Alpha Énergies Nouvelles")
    )
    assert response.status_code == 302
    client.logout()
    assert "Alpha Énergies Nouvelles" in found(client, "energies")


@pytest.mark.django_db
def test_an_admin_edit_of_the_name_is_found_at_once(client):
    organization = listed(name="Gamma Robotique")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/admin/members/organization/{organization.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in ((name, form[name].value()) for name in form.fields)
        if value is not None and not isinstance(value, FieldFile)
    }
    for name, field in form.fields.items():
        if isinstance(field.widget, MultiWidget) and name in data:
            # A date and a time box (directory_consent_at): one value each.
            value = field.widget.decompress(field.prepare_value(data.pop(name)))
            for index, part in enumerate(value):
                data[f"{name}_{index}"] = "" if part is None else part.isoformat()
        elif isinstance(data.get(name), list):
            data[name] = [str(pk) for pk in data[name]]
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    data["name"] = "Gamma Robotique Méditerranée"

    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organization.refresh_from_db()
    assert (organization.name, organization.lifecycle) == ("Gamma Robotique Méditerranée", "member")
    assert organization.directory_consent_at, organization.search_document
    client.logout()
    assert "Gamma Robotique Méditerranée" in found(client, "mediterranee")


@pytest.mark.django_db
def test_a_bare_update_and_new_taxonomy_terms_are_found_at_once(client):
    organization = listed(name="Delta Conseil")
    Organization.objects.filter(pk=organization.pk).update(name="Delta Conseil Élan")
    assert "Delta Conseil Élan" in found(client, "elan")

    sector = Sector.objects.create(name_fr="Aéronautique", name_en="Aeronautics", slug="aero")
    organization.sectors.add(sector)
    assert "Delta Conseil Élan" in found(client, "aeronautique")
    # A term renamed by staff: the organizations that hold it follow.
    Sector.objects.filter(pk=sector.pk).update(name_fr="Spatial et défense")
    assert "Delta Conseil Élan" in found(client, "defense")
    # (The page for "aeronautique" is cached: a bare UPDATE cannot invalidate it.)
    organization.refresh_from_db()
    assert "aeronautique" not in organization.search_document
    organization.sectors.remove(sector)
    assert "Delta Conseil Élan" not in found(client, "spatial")


@pytest.mark.django_db
def test_the_database_builds_the_same_document_as_the_quick_start_does():
    # SQLite has no trigger: there search_document comes from _search_document_of, and the
    # same searches must find the same organizations on both.
    organization = listed(
        name="Œuvre Française d'Électronique",
        city="Saint-Étienne",
        description_fr="Sûreté, câblage, façades",
        keywords="IoT, Industrie 4.0,Ça va",
    )
    organization.sectors.add(Sector.objects.create(name_fr="Énergie", slug="e", name_en="Power"))
    organization.competences.add(Competence.objects.create(name_fr="Soudure", slug="s"))
    organization.labels.add(Label.objects.create(name_fr="Label Qualité", slug="l"))
    organization.refresh_from_db()
    assert organization.search_document == _search_document_of(organization)
    assert search_normalise("Œuvre") in organization.search_document
