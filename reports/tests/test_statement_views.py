"""The annual statements' pages: who may open them (the personas), what they show, the
PDF downloads, and the panel on the organization's 360° page."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members import panels as members_panels
from members.models import Membership
from reports.models import MemberStatement
from reports.services import statements as statement_services

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def statements(personas, category):
    """Statements of 2024 and 2025 for A, of 2025 for B. A's 2025: one event its plain
    contact attended, its active membership."""
    contact = personas.member_contact.contact
    contact.last_name = "Quintard-Lemarchal"
    contact.save()
    event = EventFactory(
        title_fr="Débat sur la cybersécurité",
        title_en="Cybersecurity debate",
        starts_at=datetime(2025, 5, 20, 18, tzinfo=PARIS),
    )
    RegistrationFactory(
        event=event,
        contact=contact,
        organization=personas.org_a,
        attendance=Registration.Attendance.PRESENT,
    )
    Membership.objects.create(
        organization=personas.org_a,
        category=category,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        status=Membership.Status.ACTIVE,
        dues_amount=900,
    )
    return {
        "a_2024": statement_services.statement_build(organization=personas.org_a, year=2024),
        "a_2025": statement_services.statement_build(organization=personas.org_a, year=2025),
        "b_2025": statement_services.statement_build(organization=personas.org_b, year=2025),
    }


def _detail(organization, year=2025):
    return reverse("reports:space_statement", args=[organization.slug, year])


def _pdf(organization, language, year=2025):
    return reverse("reports:space_statement_pdf", args=[organization.slug, year, language])


LOGIN = "login"
ORGANIZATION_A = {
    "staff": 200,
    "member_admin": 200,
    "member_contact": 200,
    # B's admin must not even learn that A's statement exists.
    "other_member": 404,
    "anonymous": LOGIN,
}
EVERY_SIGNED_IN = {
    "staff": 200,
    "member_admin": 200,
    "member_contact": 200,
    "other_member": 200,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (lambda p: reverse("reports:space_statements"), EVERY_SIGNED_IN),
        (lambda p: _detail(p.org_a), ORGANIZATION_A),
        (lambda p: _pdf(p.org_a, "fr"), ORGANIZATION_A),
        (lambda p: _pdf(p.org_a, "en"), ORGANIZATION_A),
    ],
    ids=["list", "detail", "pdf-fr", "pdf-en"],
)
@pytest.mark.parametrize("persona", ["staff", "member_admin", "member_contact", "other_member"])
def test_statement_pages_per_persona(statements, personas, client_for, url, expected, persona):
    path = url(personas)
    response = client_for(persona).get(path)
    assert response.status_code == expected[persona]
    if response.status_code == 200 and path.endswith(".pdf"):
        # Read to the end, the file is closed (and the PDF was really served).
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    [
        lambda p: reverse("reports:space_statements"),
        lambda p: _detail(p.org_a),
        lambda p: _pdf(p.org_a, "fr"),
    ],
    ids=["list", "detail", "pdf"],
)
def test_anonymous_visitors_are_sent_to_login(statements, personas, client, url):
    path = url(personas)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={path}"


def test_admin_of_a_gets_404_for_b_statement_and_pdf(statements, personas, client_for):
    client = client_for("member_admin")
    assert client.get(_detail(personas.org_b)).status_code == 404
    assert client.get(_pdf(personas.org_b, "fr")).status_code == 404
    # While B's own admin reads it.
    assert client_for("other_member").get(_detail(personas.org_b)).status_code == 200


def test_unknown_year_slug_or_language_is_404(statements, personas, client_for):
    client = client_for("member_admin")
    assert client.get(_detail(personas.org_a, year=2023)).status_code == 404
    assert client.get(reverse("reports:space_statement", args=["nobody", 2025])).status_code == (
        404
    )
    assert client.get(_pdf(personas.org_a, "de")).status_code == 404
    assert not MemberStatement.objects.filter(year=2023).exists()


def test_staff_still_owing_their_second_factor_are_sent_to_set_it_up(
    statements, personas, client_for, settings
):
    settings.STAFF_REQUIRE_MFA = True
    response = client_for("staff").get(_detail(personas.org_a))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_list_shows_the_user_organizations_statements_newest_first(
    statements, personas, client_for
):
    html = client_for("member_contact").get(reverse("reports:space_statements")).content.decode()
    newest, oldest = _detail(personas.org_a, 2025), _detail(personas.org_a, 2024)
    assert newest in html and oldest in html
    assert html.index(newest) < html.index(oldest)
    assert personas.org_b.slug not in html

    html = client_for("other_member").get(reverse("reports:space_statements")).content.decode()
    assert _detail(personas.org_b) in html
    assert personas.org_a.slug not in html


def test_staff_list_points_to_the_organization_pages(statements, personas, client_for):
    html = client_for("staff").get(reverse("reports:space_statements")).content.decode()
    assert "sur sa fiche, dans le back-office" in html
    assert _detail(personas.org_a) not in html


def test_list_and_page_take_a_fixed_number_of_queries(
    statements, personas, client_for, django_assert_num_queries
):
    client = client_for("member_admin")
    client.get(reverse("reports:space_statements"))  # sessions and caches warmed
    # Session, user, the statements of the user's organizations (with them), and the
    # affiliations the page's layout asks for.
    with django_assert_num_queries(4):
        client.get(reverse("reports:space_statements"))
    # Session, user, organization, the rule's affiliation, the statement, and the layout's
    # affiliations.
    with django_assert_num_queries(6):
        response = client.get(_detail(personas.org_a))
    assert response.status_code == 200


def test_page_shows_the_figures_in_the_reader_language(statements, personas, client_for):
    client = client_for("member_admin")
    html = client.get(_detail(personas.org_a)).content.decode()
    assert "Bilan annuel 2025" in html
    assert "Débat sur la cybersécurité" in html
    assert "Entreprise" in html
    assert "900,00" in html
    assert _pdf(personas.org_a, "fr") in html and _pdf(personas.org_a, "en") in html
    with translation.override("en"):
        html = client.get(_detail(personas.org_a)).content.decode()
    assert "Annual statement 2025" in html
    assert "Cybersecurity debate" in html
    assert "Company" in html
    assert "900.00" in html
    # Counts only: the person who came is not named.
    assert personas.member_contact.contact.last_name not in html


@pytest.mark.parametrize(
    ("language", "filename"),
    [
        ("fr", "bilan-annuel-alpha-numerique-2025-fr.pdf"),
        ("en", "annual-statement-alpha-numerique-2025-en.pdf"),
    ],
)
def test_pdf_download_is_an_attachment_kept_after_the_first(
    statements, personas, client_for, language, filename
):
    client = client_for("member_contact")
    response = client.get(_pdf(personas.org_a, language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    stored = getattr(MemberStatement.objects.get(pk=statements["a_2025"].pk), f"pdf_{language}")
    folder = Path(stored.path).parent

    again = client.get(_pdf(personas.org_a, language))
    assert b"".join(again.streaming_content).startswith(b"%PDF")

    assert getattr(MemberStatement.objects.get(pk=statements["a_2025"].pk), f"pdf_{language}") == (
        stored
    )
    assert [path.name for path in folder.iterdir()] == [Path(stored.name).name]


def test_organization_page_lists_its_statements_for_staff(statements, personas, client_for):
    assert "statements" in members_panels.organization_page.keys()
    response = client_for("staff").get(
        reverse("members:staff_organization", args=[personas.org_a.slug])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bilans annuels" in html
    assert _detail(personas.org_a, 2025) in html
    assert _detail(personas.org_a, 2024) in html
    assert _pdf(personas.org_a, "en") in html
    assert _detail(personas.org_b) not in html
