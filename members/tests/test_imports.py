import io
import re
import zipfile

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from core.tests.factories import UserFactory
from members import tasks
from members.models import Affiliation, Contact, ImportJob, Organization, Sector, Tag
from members.services import import_files, imports
from members.tests.factories import ContactFactory, OrganizationFactory
from members.validators import luhn_complete

pytestmark = pytest.mark.django_db


def siren(prefix: int) -> str:
    """A valid SIREN: eight digits and the Luhn key that completes them."""
    return luhn_complete(str(41_000_000 + prefix))


def siret(prefix: int, establishment: int) -> str:
    """A valid SIRET of the company siren(prefix): its SIREN, four digits and a Luhn key."""
    return luhn_complete(siren(prefix) + f"{establishment:04d}")


def bad_siren(prefix: int) -> str:
    good = siren(prefix)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


def csv_file(text: str, *, name="register.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, *, name="register.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def xlsx_with_bad_styles() -> SimpleUploadedFile:
    """A workbook whose styles part makes openpyxl raise a TypeError."""
    good = xlsx_file([["Nom"], ["Alpha"]]).read()
    source, damaged = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/styles.xml":
                data = data.replace(
                    b'<cellXfs count="1">', b'<cellXfs count="1"><xf numFmtId="x"/>'
                )
            archive.writestr(member.filename, data)
    return SimpleUploadedFile("styles.xlsx", damaged.getvalue())


def checked(upload, *, kind=ImportJob.Kind.ORGANIZATIONS, mapping=None) -> ImportJob:
    """Upload, keep the guessed (or given) mapping, and run the check synchronously."""
    staff = UserFactory(is_staff=True)
    job = imports.import_job_create(kind=kind, upload=upload, created_by=staff)
    imports.import_mapping_set(job=job, mapping=mapping or job.mapping, language="en")
    with translation.override("en"):
        return imports.import_job_check(job=ImportJob.objects.get(pk=job.pk))


def committed(job: ImportJob) -> ImportJob:
    assert imports.import_job_confirm(job=job, language="en")
    with translation.override("en"):
        return imports.import_job_commit(job=ImportJob.objects.get(pk=job.pk))


# Reading files ----------------------------------------------------------------------------


def test_utf8_csv_with_bom_and_semicolons_is_read_and_its_columns_guessed():
    upload = csv_file(
        "\ufeffRaison sociale;SIREN;Code NAF;Site web;Code postal;Ville;Secteur\n"
        f"Ôclair Énergie;{siren(1)};62.01Z;oclair.test;31000;Toulouse;\n"
    )
    job = checked(upload)
    assert job.headers[0] == "Raison sociale"
    assert job.mapping == {
        "name": "Raison sociale",
        "siren": "SIREN",
        "naf_code": "Code NAF",
        "website": "Site web",
        "postal_code": "Code postal",
        "city": "Ville",
        "sectors": "Secteur",
    }
    assert job.status == ImportJob.Status.CHECKED and job.errors == []
    committed(job)
    organization = Organization.objects.get(siren=siren(1))
    assert organization.name == "Ôclair Énergie"
    assert organization.website == "https://oclair.test"
    assert organization.department == "31"
    assert organization.lifecycle == Organization.Lifecycle.PROSPECT


def test_windows_1252_csv_with_commas_keeps_its_accents():
    upload = csv_file("Nom,Ville,Effectif\nCafé Numérique,Orléans,10 à 49\n", encoding="cp1252")
    job = committed(checked(upload))
    assert job.status == ImportJob.Status.DONE
    organization = Organization.objects.get(name="Café Numérique")
    assert organization.city == "Orléans"
    assert organization.headcount_band == "10-49"


def test_xlsx_numbers_are_read_as_the_digits_typed():
    upload = xlsx_file(
        [
            ["Name", "SIREN", "Postal code", "City", "Founded"],
            ["Gamma Robotique", int(siren(2)), 31400, "Toulouse", 2015],
            [None, None, None, None, None],
            ["Delta Data", None, "09000", "Foix", None],
        ]
    )
    job = checked(upload)
    assert job.mapping["founded_year"] == "Founded"
    assert job.total_rows == 2
    assert [row["row"] for row in job.preview] == [2, 4]
    committed(job)
    gamma = Organization.objects.get(name="Gamma Robotique")
    assert (gamma.siren, gamma.postal_code, gamma.founded_year) == (siren(2), "31400", 2015)
    assert Organization.objects.get(name="Delta Data").postal_code == "09000"


@pytest.mark.parametrize(("file_language", "page_language"), [("en", "fr"), ("fr", "en")])
def test_a_template_in_one_language_is_recognised_from_pages_in_the_other(
    file_language, page_language
):
    with translation.override(file_language):
        header = import_files.import_template_header(kind=ImportJob.Kind.ORGANIZATIONS)
    with translation.override(page_language):
        mapping = import_files.import_mapping_guess(
            kind=ImportJob.Kind.ORGANIZATIONS, headers=header
        )
    fields = import_files.import_fields(kind=ImportJob.Kind.ORGANIZATIONS)
    assert mapping == {field.name: label for field, label in zip(fields, header, strict=True)}


def test_contact_columns_are_recognised_in_french_whatever_the_case_and_accents():
    mapping = import_files.import_mapping_guess(
        kind=ImportJob.Kind.CONTACTS,
        headers=["PRÉNOM", "nom", "E-mail", "Fonction", "Téléphone", "SIREN de l'organisation"],
    )
    assert mapping == {
        "first_name": "PRÉNOM",
        "last_name": "nom",
        "email": "E-mail",
        "job_title": "Fonction",
        "phone": "Téléphone",
        "organization_siren": "SIREN de l'organisation",
    }


@pytest.mark.parametrize("kind", ImportJob.Kind.values)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_downloadable_template_maps_every_field(kind, language):
    with translation.override(language):
        header = import_files.import_template_header(kind=kind)
        mapping = import_files.import_mapping_guess(kind=kind, headers=header)
    assert set(mapping) == {field.name for field in import_files.import_fields(kind=kind)}


def test_formula_looking_cells_are_stored_as_their_text():
    formula = '=HYPERLINK("http://evil.test","x")'
    quoted = formula.replace('"', '""')
    job = committed(checked(csv_file(f'Nom;Ville\n"{quoted}";-2+3\n')))
    assert job.status == ImportJob.Status.DONE
    assert Organization.objects.filter(name=formula, city="-2+3").exists()
    workbook_job = committed(checked(xlsx_file([["Nom", "Ville"], ["Epsilon", "=1+2"]])))
    assert workbook_job.status == ImportJob.Status.DONE
    assert Organization.objects.get(name="Epsilon").city == "=1+2"


# Checking rows --------------------------------------------------------------------------


def test_a_bad_siren_names_its_row_and_nothing_is_imported():
    upload = csv_file(
        f"Raison sociale;SIREN\nAlpha;{siren(3)}\nBeta;{bad_siren(4)}\nGamma;{siren(5)}\n"
    )
    job = checked(upload)
    assert job.errors == [
        {
            "row": 3,
            "column": "SIREN",
            "message": (
                "This SIREN number is not valid (its check digit is wrong): please check it."
            ),
        }
    ]
    assert job.summary["rows_with_errors"] == 1
    assert not imports.import_job_can_confirm(job=job)
    assert not imports.import_job_confirm(job=job, language="en")
    # Even when pushed to the commit, the re-check refuses the whole file.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING)
    with translation.override("en"):
        job = imports.import_job_commit(job=ImportJob.objects.get(pk=job.pk))
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["row"] == 3
    assert not Organization.objects.filter(name__in=["Alpha", "Beta", "Gamma"]).exists()


def test_a_row_that_became_wrong_after_the_check_rolls_back_every_row():
    sector = Sector.objects.create(name_fr="Santé", name_en="Health", slug="sante")
    job = checked(csv_file("Nom;Secteurs\nAlpha;\nBeta;santé\n"))
    assert job.errors == [] and imports.import_job_can_confirm(job=job)
    sector.delete()
    job = committed(job)
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["row"] == 3 and "santé" in job.errors[0]["message"]
    assert not Organization.objects.filter(name__in=["Alpha", "Beta"]).exists()


def test_a_database_error_mid_commit_writes_nothing_and_fails_the_job(monkeypatch, caplog):
    existing = OrganizationFactory(name="Alpha SAS", siren=siren(20), city="Toulouse")
    job = checked(csv_file(f"Nom;SIREN;Ville\nAlpha;{siren(20)};Albi\nBeta;;Rodez\n"))

    def fail(objs, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "secret_index"')

    # After the new organizations and the updates: everything before must be rolled back.
    monkeypatch.setattr(Organization.tags.through.objects, "bulk_create", fail)
    job = committed(job)
    assert job.status == ImportJob.Status.FAILED
    assert job.finished_at is not None
    assert [error["message"] for error in job.errors] == [
        "The import stopped unexpectedly; nothing was written."
    ]
    assert "secret_index" not in str(job.errors)
    assert "secret_index" in caplog.text
    assert not Organization.objects.filter(name="Beta").exists()
    existing.refresh_from_db()
    assert existing.city == "Toulouse"


def test_an_unexpected_error_in_the_check_fails_the_job(monkeypatch):
    def broken(job, plan):
        raise RuntimeError("bug")

    monkeypatch.setattr(imports, "_preview", broken)
    job = checked(csv_file("Nom\nAlpha\n"))
    assert job.status == ImportJob.Status.FAILED
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.FAILED
    assert job.errors[0]["message"] == "The import stopped unexpectedly; nothing was written."


def test_the_time_limit_fails_the_job_and_reaches_celery(monkeypatch):
    def too_slow(job):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(imports, "_plan", too_slow)
    with pytest.raises(SoftTimeLimitExceeded):
        checked(csv_file("Nom\nAlpha\n"))
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_the_spreadsheet_is_deleted_once_the_job_is_over_and_the_counts_stay():
    job = checked(csv_file("Nom;Email\nAlpha;alice@alpha.test\n"))
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    job = committed(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert not job.file and not storage.exists(name)
    assert job.preview == []
    assert "alice@alpha.test" not in str(ImportJob.objects.filter(pk=job.pk).values().get())
    assert job.summary["created"] == 1

    failed = checked(csv_file(f"Nom;SIREN\nAlpha;{bad_siren(21)}\n"))
    ImportJob.objects.filter(pk=failed.pk).update(status=ImportJob.Status.IMPORTING)
    storage, name = failed.file.storage, failed.file.name
    with translation.override("en"):
        failed = imports.import_job_commit(job=ImportJob.objects.get(pk=failed.pk))
    failed.refresh_from_db()
    assert failed.status == ImportJob.Status.FAILED
    assert not failed.file and not storage.exists(name)
    assert failed.errors[0]["row"] == 2


def test_rows_are_held_to_the_register_rules():
    job = checked(
        csv_file(
            "Nom;SIRET;Code NAF;Type;Année de création;Site web;Secteurs\n"
            ";;;;;;\n"  # an empty row is skipped, not an error
            "A;123;6201;company;1990;;\n"
            "B;;62.01;ovni;2999;pas un site;Inconnu\n"
            ";;;;1990;;\n"
        )
    )
    errors = {(error["row"], error["column"]) for error in job.errors}
    assert (3, "SIRET") in errors
    assert (3, "Code NAF") in errors
    assert {(4, "Type"), (4, "Année de création"), (4, "Site web"), (4, "Secteurs")} <= errors
    assert (4, "Code NAF") in errors
    assert (5, "Nom") in errors
    assert all(error["row"] != 2 for error in job.errors)


def test_duplicates_in_the_file_are_reported_on_the_later_row():
    job = checked(
        csv_file(
            f"Nom;SIREN\nAlpha;{siren(7)}\nBeta;{siren(8)}\n"
            # The same number, as people type it with spaces.
            f"Alpha bis;{siren(7)[:3]} {siren(7)[3:]}\n"
        )
    )
    assert job.errors == [
        {
            "row": 4,
            "column": "SIREN",
            "message": (
                "Same SIREN as row 2 and no SIRET to tell them apart: each organization once."
            ),
        }
    ]
    contacts = checked(
        csv_file("Prénom;Nom;Email\nAnne;Un;anne@a.test\nAnne;Deux;ANNE@a.test\n"),
        kind=ImportJob.Kind.CONTACTS,
    )
    assert contacts.errors == [
        {"row": 3, "column": "Email", "message": "Same email as row 2: each person once."}
    ]


def test_a_siren_of_the_register_updates_that_organization_and_warns_of_another_name():
    existing = OrganizationFactory(
        name="Alpha SAS", siren=siren(9), city="Toulouse", lifecycle="member"
    )
    job = checked(
        csv_file(f"Nom;SIREN;Ville;Statut;Tags\nAlpha;{siren(9)};Albi;Prospect;Salon 2026\n")
    )
    assert job.summary["new"] == 0 and job.summary["matched"] == 1
    (row,) = job.preview
    assert row["action"] == "matched" and row["target"] == "Alpha SAS"
    assert "Alpha SAS" in row["warnings"][0]
    assert row["warnings"][1] == (
        "The lifecycle column only applies to new organizations: this one stays “Member”."
    )
    count = Organization.objects.count()
    job = committed(job)
    assert job.summary["updated"] == 1 and job.summary["created"] == 0
    assert Organization.objects.count() == count
    existing.refresh_from_db()
    # The name and the lifecycle of the register stay, although both cells were filled in;
    # the other filled cells update the organization.
    assert (existing.name, existing.city, existing.lifecycle) == ("Alpha SAS", "Albi", "member")
    assert list(existing.tags.values_list("name_fr", flat=True)) == ["Salon 2026"]
    assert "albi" in existing.search_document


def test_the_lifecycle_cell_gives_a_new_organization_its_lifecycle_without_warning():
    OrganizationFactory(name="Beta", siren=siren(23), lifecycle="member")
    job = checked(csv_file(f"Nom;SIREN;Statut\nBeta;{siren(23)};member\nGamma;;partner\n"))
    assert job.errors == []
    assert [row["warnings"] for row in job.preview] == [[], []]
    committed(job)
    assert Organization.objects.get(name="Gamma").lifecycle == "partner"


def test_a_siret_picks_the_establishment_among_those_sharing_a_siren():
    toulouse = OrganizationFactory(name="Delta Toulouse", siren=siren(24), siret=siret(24, 1))
    albi = OrganizationFactory(name="Delta Albi", siren=siren(24), siret=siret(24, 2))
    job = checked(
        csv_file(
            "Nom;SIREN;SIRET;Ville\n"
            f"Delta Albi;{siren(24)};{siret(24, 2)};Albi\n"
            f"Delta Rodez;{siren(24)};{siret(24, 3)};Rodez\n"
            f"Delta;{siren(24)};;Castres\n"
        )
    )
    assert job.errors == [
        {
            "row": 4,
            "column": "SIREN",
            "message": (
                "Several organizations of the register have this SIREN (Delta Albi, "
                "Delta Toulouse): add a SIRET column to say which one each row updates."
            ),
        }
    ]
    by_row = {row["row"]: row for row in job.preview}
    assert by_row[2]["action"] == "matched" and by_row[2]["target"] == "Delta Albi"
    assert by_row[2]["warnings"] == []
    assert by_row[3]["action"] == "new"
    assert "Other establishments of this company" in by_row[3]["warnings"][0]
    assert toulouse.pk != albi.pk


def test_the_same_siret_twice_in_the_file_is_an_error_but_two_establishments_are_not():
    job = checked(
        csv_file(
            "Nom;SIREN;SIRET\n"
            f"Epsilon Albi;{siren(25)};{siret(25, 1)}\n"
            f"Epsilon Rodez;{siren(25)};{siret(25, 2)}\n"
            f"Epsilon bis;{siren(25)};{siret(25, 1)}\n"
        )
    )
    assert job.errors == [
        {"row": 4, "column": "SIRET", "message": "Same SIRET as row 2: each establishment once."}
    ]


def test_the_same_name_twice_without_siren_is_an_error_a_name_of_the_register_a_warning():
    OrganizationFactory(name="Zeta Conseil")
    job = checked(csv_file("Nom;Ville\nZeta Conseil;Albi\nOmega;Albi\nomega;Rodez\n"))
    assert job.errors == [
        {
            "row": 4,
            "column": "Nom",
            "message": (
                "Same name as row 3 and no SIREN to tell them apart: each organization once."
            ),
        }
    ]
    (zeta,) = [row for row in job.preview if row["row"] == 2]
    assert zeta["action"] == "new"
    assert "already in the register, without this SIREN" in zeta["warnings"][0]


def test_a_contact_siren_shared_by_establishments_is_settled_by_the_name():
    OrganizationFactory(name="Eta Toulouse", siren=siren(26), siret=siret(26, 1))
    albi = OrganizationFactory(name="Eta Albi", siren=siren(26), siret=siret(26, 2))
    job = checked(
        csv_file(
            "Prénom;Nom;Email;SIREN;Organisation\n"
            f"Anne;Un;anne@eta.test;{siren(26)};ETA albi\n"
            f"Marc;Deux;marc@eta.test;{siren(26)};\n"
        ),
        kind=ImportJob.Kind.CONTACTS,
    )
    assert job.errors == [
        {
            "row": 3,
            "column": "SIREN",
            "message": (
                "Several organizations of the register have this SIREN (Eta Albi, Eta Toulouse): "
                "give the organization's name as the register spells it to say which one."
            ),
        }
    ]
    (anne,) = job.preview
    assert anne["organization"] == "Eta Albi" and anne["warnings"] == []
    assert str(albi) == "Eta Albi"


def test_taxonomy_names_are_matched_and_missing_tags_created():
    Sector.objects.create(name_fr="Énergie", name_en="Energy", slug="energie")
    Sector.objects.create(name_fr="Santé", name_en="Health", slug="sante")
    Tag.objects.create(name_fr="Prospect salon", slug="prospect-salon")
    committed(
        checked(csv_file("Nom;Secteurs;Tags\nAlpha;energie, HEALTH;prospect salon, Nouveau\n"))
    )
    alpha = Organization.objects.get(name="Alpha")
    assert set(alpha.sectors.values_list("slug", flat=True)) == {"energie", "sante"}
    assert set(alpha.tags.values_list("name_fr", flat=True)) == {"Prospect salon", "Nouveau"}
    assert Tag.objects.count() == 2
    assert "energie" in alpha.search_document


def test_contacts_attach_to_organizations_by_siren_and_match_by_email():
    organization = OrganizationFactory(name="Alpha", siren=siren(10))
    named = OrganizationFactory(name="Beta Conseil")
    known = ContactFactory(email="Jean.Dupont@alpha.test", first_name="Jean", job_title="")
    job = checked(
        csv_file(
            "Prénom;Nom;Email;Fonction;Langue;SIREN;Organisation;Rôle\n"
            f"Jean;Dupont;jean.dupont@ALPHA.test;Directeur;;{siren(10)};;Dirigeant\n"
            f"Lucie;Martin;lucie@alpha.test;;English;{siren(10)};Alpha SARL;Main contact\n"
            "Paul;Durand;paul@beta.test;;;;beta conseil;\n"
        ),
        kind=ImportJob.Kind.CONTACTS,
    )
    assert job.errors == []
    assert job.summary["matched"] == 1 and job.summary["new"] == 2
    assert "Alpha SARL" in job.preview[1]["warnings"][0]
    job = committed(job)
    assert job.summary == {**job.summary, "created": 2, "updated": 1, "attached": 3}
    known.refresh_from_db()
    assert known.email == "Jean.Dupont@alpha.test" and known.job_title == "Directeur"
    assert Contact.objects.filter(email__iexact="jean.dupont@alpha.test").count() == 1
    positions = dict(
        Affiliation.objects.filter(organization=organization).values_list(
            "contact__email", "position"
        )
    )
    assert positions == {
        "Jean.Dupont@alpha.test": Affiliation.Position.EXECUTIVE,
        "lucie@alpha.test": Affiliation.Position.MAIN_CONTACT,
    }
    assert Contact.objects.get(email="lucie@alpha.test").preferred_language == "en"
    paul = Affiliation.objects.get(contact__email="paul@beta.test")
    assert paul.organization == named and paul.access == Affiliation.Access.CONTACT


def test_a_contact_naming_an_unknown_organization_is_an_error():
    job = checked(
        csv_file(f"Prénom;Nom;Email;SIREN\nAnne;Un;anne@a.test;{siren(11)}\n"),
        kind=ImportJob.Kind.CONTACTS,
    )
    assert job.errors == [
        {"row": 2, "column": "SIREN", "message": "No organization of the register has this SIREN."}
    ]


def test_check_reports_its_progress(monkeypatch):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    seen = []
    real_update = imports._progress

    def spy(job, processed):
        real_update(job, processed)
        seen.append(ImportJob.objects.get(pk=job.pk).processed_rows)

    monkeypatch.setattr(imports, "_progress", spy)
    rows = "".join(f"Entreprise {n}\n" for n in range(5))
    job = checked(csv_file("Nom\n" + rows))
    assert seen == [0, 2, 2, 4, 5]
    assert job.processed_rows == 5 and job.progress_percent == 100


# Pages ----------------------------------------------------------------------------------


def staff_client(client):
    client.force_login(
        UserFactory(is_staff=True), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"members:{name}", kwargs=kwargs or None)


def test_staff_upload_map_check_preview_confirm_and_see_it_done(
    client, django_capture_on_commit_callbacks
):
    staff_client(client)
    upload = csv_file(f"Raison sociale;SIREN;Ville\nZêta Labs;{siren(12)};Rodez\n")
    response = client.post(url("staff_imports"), {"kind": "organizations", "file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "staff_import_mapping", pk=job.pk
    )

    page = client.get(response["Location"]).content.decode()
    assert '<option value="Raison sociale" selected>' in page
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            url("staff_import_mapping", pk=job.pk),
            {"name": "Raison sociale", "siren": "SIREN", "city": "Ville"},
        )
    assert response.status_code == 302 and len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKING

    polled = client.get(url("staff_import", pk=job.pk), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in polled.content.decode()
    assert "<h1>" not in polled.content.decode()

    tasks.import_check(job.pk, "en")
    polled = client.get(url("staff_import", pk=job.pk), headers={"HX-Request": "true"})
    html = polled.content.decode()
    assert "hx-trigger" not in html
    assert "Zêta Labs" in html and "Rodez" in html
    assert url("staff_import_confirm", pk=job.pk) in html

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url("staff_import_confirm", pk=job.pk))
    assert response.status_code == 302 and len(callbacks) == 1
    assert not Organization.objects.filter(name="Zêta Labs").exists()
    tasks.import_commit(job.pk, "en")

    html = client.get(url("staff_import", pk=job.pk)).content.decode()
    assert "The import is done." in html
    assert f'href="{url("staff_organizations")}"' in html
    assert Organization.objects.get(siren=siren(12)).city == "Rodez"
    # A second confirmation changes nothing.
    client.post(url("staff_import_confirm", pk=job.pk))
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE
    assert Organization.objects.filter(siren=siren(12)).count() == 1


def test_the_finished_page_shows_what_the_commit_wrote(client):
    staff_client(client)
    job = checked(csv_file(f"Nom;SIREN\nAlpha;{siren(22)}\n"))
    assert (job.summary["new"], job.summary["matched"]) == (1, 0)
    # Someone registers the company between the check and the confirmation.
    OrganizationFactory(name="Alpha", siren=siren(22))
    job = committed(job)
    html = client.get(url("staff_import", pk=job.pk)).content.decode()
    assert "0 new records" in html
    assert "1 record of the register updated" in html


def test_a_file_with_errors_offers_no_confirmation(client):
    staff_client(client)
    job = checked(csv_file(f"Nom;SIREN\nAlpha;{bad_siren(13)}\n"))
    html = client.get(url("staff_import", pk=job.pk)).content.decode()
    assert url("staff_import_confirm", pk=job.pk) not in html
    assert re.search(r"<td>2</td>\s*<td>SIREN</td>\s*<td>This SIREN number is not valid", html)


def test_mapping_form_requires_the_required_fields_and_one_use_per_column(client):
    staff_client(client)
    job = imports.import_job_create(
        kind=ImportJob.Kind.CONTACTS,
        upload=csv_file("A;B;C\nx;y;z\n"),
        created_by=UserFactory(is_staff=True),
    )
    response = client.post(
        url("staff_import_mapping", pk=job.pk), {"first_name": "A", "last_name": "A"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"last_name", "email"}
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.UPLOADED


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("empty.csv", b""), "The submitted file is empty."),
        (csv_file("\n\nAlpha\n"), "its first row is empty"),
        (csv_file("Nom;Ville\n"), "no rows to import"),
        (csv_file("Nom;Nom\nA;B\n"), "Two columns are called"),
        (csv_file("Nom\nA\n", name="register.txt"), "Accepted types: csv, xlsx"),
        (SimpleUploadedFile("fake.xlsx", b"not a zip"), "not what its name says (.xlsx)"),
        (SimpleUploadedFile("page.csv", b"<html><script>alert(1)</script>"), "(.csv)"),
        (xlsx_with_bad_styles(), "could not be read as an Excel"),
        (SimpleUploadedFile("bytes.csv", b"Nom\n\x81\x8d\x8f\n"), "encoding was not recognised"),
    ],
)
def test_unusable_files_get_a_form_error(client, upload, message):
    staff_client(client)
    response = client.post(url("staff_imports"), {"kind": "organizations", "file": upload})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


def test_too_many_rows_or_bytes_get_a_form_error(client, monkeypatch):
    staff_client(client)
    monkeypatch.setattr(import_files, "IMPORT_MAX_ROWS", 2)
    response = client.post(
        url("staff_imports"), {"kind": "organizations", "file": csv_file("Nom\nA\nB\nC\n")}
    )
    assert "more than 2 rows" in response.context["form"].errors["file"][0]
    monkeypatch.setattr("members.forms.imports.IMPORT_MAX_BYTES", 10)
    response = client.post(
        url("staff_imports"), {"kind": "organizations", "file": csv_file("Nom\nAlpha Beta\n")}
    )
    assert "the limit is 10" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_blank_rows_count_toward_the_cap_so_a_file_is_not_read_to_its_end(monkeypatch):
    monkeypatch.setattr(import_files, "IMPORT_MAX_SHEET_ROWS", 3)
    read = []

    def rows(content):
        yield ["Nom"]
        for number in range(1_000_000):
            read.append(number)
            yield [" " if number else "Alpha"]

    monkeypatch.setattr(import_files, "_csv_rows", rows)
    with translation.override("en"), pytest.raises(import_files.ImportFileError, match="more than"):
        import_files.sheet_read(content=b"", name="blanks.csv")
    assert len(read) == 4


def test_imports_list_has_a_fixed_query_count(client, django_assert_num_queries):
    staff_client(client)
    for number in range(3):
        checked(csv_file(f"Nom\nEntreprise {number}\n"))
    # Session, user, count of the jobs, the layout's "is a member contact?", the page of
    # jobs with their authors.
    with django_assert_num_queries(5):
        response = client.get(url("staff_imports"))
    assert response.content.decode().count('class="import-row"') == 3
    for number in range(3):
        checked(csv_file(f"Nom\nAutre {number}\n"))
    with django_assert_num_queries(5):
        response = client.get(url("staff_imports"))
    assert response.content.decode().count('class="import-row"') == 6


def test_template_download_is_a_csv_header(client):
    staff_client(client)
    response = client.get(url("staff_import_template", kind="contacts"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("First name;Last name;Email")
    assert client.get(url("staff_import_template", kind="invoices")).status_code == 404


def test_imports_list_filters_by_kind_and_status(client):
    staff_client(client)
    checked(csv_file("Nom\nAlpha\n"))
    imports.import_job_create(
        kind=ImportJob.Kind.CONTACTS,
        upload=csv_file("Prénom;Nom;Email\nAnne;Un;anne@a.test\n", name="people.csv"),
        created_by=UserFactory(is_staff=True),
    )
    html = client.get(url("staff_imports"), {"kind": "contacts"}).content.decode()
    assert html.count('class="import-row"') == 1 and "people.csv" in html
    html = client.get(
        url("staff_imports"), {"status": "checked"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert html.count('class="import-row"') == 1 and "register.csv" in html
    assert "<h1>" not in html


def test_a_check_delivered_late_leaves_a_confirmed_job_alone():
    job = checked(csv_file("Nom\nAlpha\n"))
    assert imports.import_job_confirm(job=job, language="en")
    tasks.import_check(job.pk, "en")
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.IMPORTING
    tasks.import_commit(job.pk, "en")
    tasks.import_commit(job.pk, "en")
    assert Organization.objects.filter(name="Alpha").count() == 1


def test_polled_progress_fragment_has_a_fixed_query_count(client, django_assert_num_queries):
    staff_client(client)
    job = checked(csv_file("Nom\n" + "".join(f"Entreprise {n}\n" for n in range(30))))
    # Session, user, the job with its author: the preview is stored in the job.
    with django_assert_num_queries(3):
        response = client.get(url("staff_import", pk=job.pk), headers={"HX-Request": "true"})
    assert response.content.decode().count('class="import-preview"') == imports.PREVIEW_ROWS
