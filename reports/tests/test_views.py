"""The reports' pages as their users go through them: an animator creates a report, sees its
build progress, writes the text, previews and publishes; members read and download it; a
working group's synthesis stays within the group; the public edition is in the press room."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from members.models import Membership, WorkingGroup, WorkingGroupMember
from reports.models import BuildState, Report, ReportDownload
from reports.services import reports as services

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 15)


@pytest.fixture
def today(today_is):
    today_is(TODAY)
    return TODAY


@pytest.fixture
def members(personas):
    for organization in (personas.org_a, personas.org_b):
        organization.lifecycle = "member"
        organization.save()
        for year, status in ((2025, Membership.Status.EXPIRED), (2026, Membership.Status.ACTIVE)):
            Membership.objects.create(
                organization=organization,
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                status=status,
                dues_amount=900,
            )
    return personas


def _published(kind="quarter", number=3, **publish) -> Report:
    report = services.report_create(kind=kind, year=2026 if kind != "year" else 2025, number=number)
    report = services.report_build_now(report=report)
    services.report_publish(report=report, announce=False, **publish)
    return report


def test_a_period_in_the_future_is_refused_next_to_its_field(client_for, today):
    client = client_for("staff")
    response = client.post(
        reverse("reports:staff_report_create"), {"kind": "quarter", "year": 2027, "number": 1}
    )
    assert response.status_code == 200
    assert "pas encore commencé" in response.content.decode()
    assert 'id="id_number_errors"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_half_year_has_two_halves(client_for, today):
    response = client_for("staff").post(
        reverse("reports:staff_report_create"), {"kind": "half", "year": 2026, "number": 3}
    )
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_creating_a_report_builds_it_and_the_page_shows_where_the_build_stands(
    client_for, today, members, django_capture_on_commit_callbacks
):
    client = client_for("staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:staff_report_create"), {"kind": "quarter", "year": 2026, "number": 3}
        )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:staff_report", args=[report.pk])
    report.refresh_from_db()
    assert report.build_state == BuildState.DONE
    page = client.get(response.url).content.decode()
    assert "Aperçu dans le navigateur" in page
    assert reverse("reports:staff_report_pdf", args=[report.pk, "fr"]) in page


def test_while_it_builds_the_page_polls_its_progress_and_offers_a_plain_refresh(client_for, today):
    report = services.report_create(kind="quarter", year=2026, number=3)
    Report.objects.filter(pk=report.pk).update(
        build_state=BuildState.RUNNING, build_step="events", build_progress=40
    )
    client = client_for("staff")
    fragment = client.get(
        reverse("reports:staff_report", args=[report.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<section id="build"')
    assert 'hx-trigger="every 1s"' in fragment
    assert 'value="40"' in fragment
    assert "Chiffres des événements calculés" in fragment
    assert f'href="{reverse("reports:staff_report", args=[report.pk])}"' in fragment


def test_a_failed_build_shows_its_reason_and_a_retry(client_for, today):
    report = services.report_create(kind="quarter", year=2026, number=3)
    Report.objects.filter(pk=report.pk).update(
        build_state=BuildState.FAILED, build_error="OSError: disk full"
    )
    page = client_for("staff").get(reverse("reports:staff_report", args=[report.pk]))
    content = page.content.decode()
    assert "OSError: disk full" in content
    assert reverse("reports:staff_report_build", args=[report.pk]) in content


def test_staff_write_highlights_preview_and_publish(client_for, today, members):
    report = services.report_build_now(
        report=services.report_create(kind="quarter", year=2026, number=3)
    )
    client = client_for("staff")
    response = client.post(
        reverse("reports:staff_report_texts", args=[report.pk]),
        {
            "intro_fr": "Un trimestre dense.",
            "intro_en": "A busy quarter.",
            "highlights_membership_fr": "Deux **nouveaux** adhérents.",
            "highlights_membership_en": "Two **new** members.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.highlights == {
        "membership": {"fr": "Deux **nouveaux** adhérents.", "en": "Two **new** members."}
    }
    assert not report.pdfs_current
    preview = client.get(reverse("reports:staff_report_preview", args=[report.pk])).content.decode()
    assert "Deux <strong>nouveaux</strong> adhérents." in preview
    # Publishing is refused until the PDFs show the new text.
    client.post(reverse("reports:staff_report_publish", args=[report.pk]))
    assert not report.versions.exists()
    services.report_build_now(report=report, refresh_figures=False)
    confirm = client.get(reverse("reports:staff_report_publish", args=[report.pk])).content.decode()
    # Org A's two member logins and org B's admin: three member contacts.
    assert "3 contacts adhérents" in confirm
    assert client.post(reverse("reports:staff_report_publish", args=[report.pk])).status_code == 302
    assert report.versions.get().number == 1


def test_members_read_the_report_and_download_it_in_their_language(client_for, today, members):
    report = _published()
    client = client_for("member_contact")
    listing = client.get(reverse("reports:space_reports")).content.decode()
    assert reverse("reports:space_report", args=[report.pk]) in listing
    page = client.get(reverse("reports:space_report", args=[report.pk])).content.decode()
    assert "Télécharger le PDF en français" in page
    for language in ("fr", "en"):
        response = client.get(reverse("reports:space_version_pdf", args=[report.pk, 1, language]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert f"-v1-{language}.pdf" in response["Content-Disposition"]
    assert dict(ReportDownload.objects.values_list("language", "count")) == {"fr": 1, "en": 1}


def test_a_draft_is_not_in_the_member_space(client_for, today, members):
    report = services.report_build_now(
        report=services.report_create(kind="quarter", year=2026, number=3)
    )
    client = client_for("member_admin")
    assert client.get(reverse("reports:space_report", args=[report.pk])).status_code == 404
    assert (
        reverse("reports:space_report", args=[report.pk])
        not in client.get(reverse("reports:space_reports")).content.decode()
    )


def test_a_synthesis_is_read_by_its_group_only(client_for, today, members):
    group = WorkingGroup.objects.create(name_fr="Cybersécurité", slug="cyber")
    WorkingGroupMember.objects.create(
        group=group,
        contact=members.member_admin.contact,
        status=WorkingGroupMember.Status.ACCEPTED,
    )
    report = services.report_create(kind="synthesis", year=2026, number=3, working_group=group)
    services.report_texts_update(report=report, narrative_fr="Le groupe a **avancé**.")
    report = services.report_build_now(report=report)
    services.report_publish(report=report)
    assert mail.outbox == []  # a synthesis is not emailed
    url = reverse("reports:space_report", args=[report.pk])
    assert client_for("member_admin").get(url).status_code == 200
    assert client_for("other_member").get(url).status_code == 404
    pdf = reverse("reports:space_version_pdf", args=[report.pk, 1, "fr"])
    assert client_for("other_member").get(pdf).status_code == 404
    group_page = client_for("member_admin").get(reverse("members:space_group", args=["cyber"]))
    assert "Le groupe a <strong>avancé</strong>." in group_page.content.decode()


def test_the_public_edition_is_in_the_press_room_only_when_chosen(client, today, members):
    # Org A owes its 2025 dues since January: a late payer, named in the staff edition only.
    Membership.objects.filter(organization=members.org_a, period_start__year=2025).update(
        status=Membership.Status.ACTIVE, invoiced_on=date(2025, 1, 10)
    )
    report = _published(kind="year", number=1)
    late_payers = report.snapshot["membership"]["late_payers"]
    assert [payer["organization"] for payer in late_payers] == ["Alpha Numérique"]
    url = reverse("reports:public_annual", args=[2025])
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("communications:press_room")).content.decode()
    assert url not in client.get("/sitemap-annual-reports.xml").content.decode()
    services.report_version_public_set(version=report.versions.get(), public=True)
    page = client.get(url)
    assert page.status_code == 200
    assert url in client.get(reverse("communications:press_room")).content.decode()
    # Search engines find it too, in both languages (the stored sitemap follows at once).
    sitemap = client.get("/sitemap-annual-reports.xml").content.decode()
    assert url in sitemap and "/en/press/annual-report/2025/" in sitemap
    services.report_version_public_set(version=report.versions.get(), public=False)
    assert url not in client.get("/sitemap-annual-reports.xml").content.decode()
    # Key figures and highlights only: no late payer, no relations section.
    assert "Alpha Numérique" not in page.content.decode()


def test_the_workbook_has_the_figures(client_for, today, members):
    report = services.report_build_now(
        report=services.report_create(kind="quarter", year=2026, number=3)
    )
    response = client_for("staff").get(reverse("reports:staff_report_xlsx", args=[report.pk]))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert "figures.xlsx" in response["Content-Disposition"]


def test_an_unpublished_synthesis_stays_out_of_the_cluster_report(client_for, today, members):
    """A synthesis's draft is its animator's work in progress: the quarterly report that
    every member reads shows a group's synthesis only once it is published."""
    group = WorkingGroup.objects.create(name_fr="Cybersécurité", slug="cyber")
    synthesis = services.report_create(kind="synthesis", year=2026, number=3, working_group=group)
    services.report_texts_update(report=synthesis, narrative_fr="BROUILLON CONFIDENTIEL")
    report = _published()
    page = client_for("member_contact").get(reverse("reports:space_report", args=[report.pk]))
    assert "BROUILLON CONFIDENTIEL" not in page.content.decode()
    services.report_texts_update(report=synthesis, narrative_fr="Le groupe a publié sa charte.")
    services.report_publish(report=services.report_build_now(report=synthesis))
    report = services.report_build_now(report=report)
    services.report_publish(report=report, announce=False)
    page = client_for("member_contact").get(reverse("reports:space_report", args=[report.pk]))
    assert "Le groupe a publié sa charte." in page.content.decode()
    assert "BROUILLON CONFIDENTIEL" not in page.content.decode()


@pytest.mark.parametrize("year", [0, 1999, 2101, 10**12])
def test_a_public_annual_report_of_an_impossible_year_is_not_found(client, year):
    assert client.get(reverse("reports:public_annual", args=[year])).status_code == 404
