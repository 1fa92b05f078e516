"""The membership certificate: which membership it attests, its content in the viewer's
language, the PDF, who may download it and where it is linked from.

Personas come from the root conftest: staff, member_admin and member_contact of org A,
other_member (admin of org B), anonymous.
"""

from datetime import date, timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from weasyprint import HTML

from members.models import Membership, MembershipCategory
from members.selectors import memberships as selectors
from members.services import memberships as services

pytestmark = pytest.mark.django_db


def current_membership(organization, **fields) -> Membership:
    start, end = selectors.membership_period_containing(day=timezone.localdate())
    fields = {"status": Membership.Status.ACTIVE, **fields}
    return Membership.objects.create(
        organization=organization, period_start=start, period_end=end, **fields
    )


def certificate_url(organization, language: str = "en") -> str:
    return f"/{language}/space/organizations/{organization.slug}/membership/certificate.pdf"


@pytest.fixture
def certified(personas) -> Membership:
    personas.org_a.siren = "732829320"
    personas.org_a.save()
    category = MembershipCategory.objects.create(
        name_fr="Entreprise", name_en="Company", slug="entreprise"
    )
    return current_membership(personas.org_a, category=category)


# --- Which membership -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "paid_on", "certifiable"),
    [
        (Membership.Status.ACTIVE, None, True),
        (Membership.Status.APPROVED, date(2020, 1, 1), True),
        (Membership.Status.APPROVED, None, False),
        (Membership.Status.APPLIED, None, False),
        (Membership.Status.EXPIRED, date(2020, 1, 1), False),
        (Membership.Status.RESIGNED, None, False),
    ],
)
def test_only_an_active_or_paid_approved_membership_is_certified(
    personas, status, paid_on, certifiable
):
    membership = current_membership(personas.org_a, status=status, paid_on=paid_on)
    found = selectors.membership_certified(organization=personas.org_a)
    assert found == (membership if certifiable else None)


def test_a_membership_of_another_period_is_not_certified(personas):
    today = timezone.localdate()
    Membership.objects.create(
        organization=personas.org_a,
        period_start=today - timedelta(days=800),
        period_end=today - timedelta(days=435),
        status=Membership.Status.ACTIVE,
    )
    assert selectors.membership_certified(organization=personas.org_a) is None


def test_certificate_number_is_stable_and_names_the_year(certified):
    assert certified.certificate_number == f"{certified.period_start:%Y}-{certified.pk:05d}"
    again = Membership.objects.get(pk=certified.pk)
    assert again.certificate_number == certified.certificate_number


# --- Content and PDF --------------------------------------------------------------------


def _certificate_html(membership, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "members/pdf/certificate.html",
            services.membership_certificate_context(membership=membership),
        )


def _english_date(day: date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


def test_certificate_names_the_cluster_the_organization_and_the_membership(certified):
    html = _certificate_html(certified, "en")
    for text in (
        settings.CLUSTER_NAME,
        "Alpha Numérique",
        "732829320",
        "Company",
        "Membership certificate",
        f"Certificate no. {certified.certificate_number}",
        _english_date(certified.period_start),
        _english_date(certified.period_end),
    ):
        assert text in html, text
    assert "size: A4" in html


def test_certificate_is_worded_in_the_language_asked_for(certified):
    html = _certificate_html(certified, "fr")
    assert 'lang="fr"' in html
    assert "Entreprise" in html  # the category's French name


def test_certificate_pdf_is_a_document_of_one_page(certified):
    pdf = services.membership_certificate_pdf(membership=certified, language="en")
    assert pdf.startswith(b"%PDF-")
    document = HTML(
        string=_certificate_html(certified, "en"), base_url=settings.SITE_URL + "/static/"
    ).render()
    assert len(document.pages) == 1


# --- Download ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member_admin", "member_contact", "staff"])
def test_organizations_people_and_staff_download_the_pdf(client_for, certified, persona):
    response = client_for(persona).get(certificate_url(certified.organization))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    year = certified.period_start.year
    assert response["Content-Disposition"] == (
        f'attachment; filename="membership-certificate-alpha-numerique-{year}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert "no-cache" in response["Cache-Control"]


def test_staff_without_two_factor_must_set_it_up_first_when_required(
    client_for, certified, personas, settings
):
    settings.STAFF_REQUIRE_MFA = True
    response = client_for("staff").get(certificate_url(certified.organization))
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")
    # The organization's own people have no second factor to set up.
    assert (
        client_for("member_admin").get(certificate_url(certified.organization)).status_code == 200
    )
    Authenticator.objects.create(
        user=personas.staff, type=Authenticator.Type.TOTP, data={"secret": "unused-here"}
    )
    assert client_for("staff").get(certificate_url(certified.organization)).status_code == 200


def test_other_members_do_not_learn_the_certificate_exists(client_for, certified):
    assert (
        client_for("other_member").get(certificate_url(certified.organization)).status_code == 404
    )


def test_anonymous_visitors_are_sent_to_login(client_for, certified):
    response = client_for("anonymous").get(certificate_url(certified.organization))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_without_a_certified_membership_members_get_a_message(client_for, personas):
    current_membership(personas.org_a, status=Membership.Status.APPROVED)  # not paid yet
    response = client_for("member_contact").get(certificate_url(personas.org_a), follow=True)
    assert response.redirect_chain[-1][0].endswith(
        f"/space/organizations/{personas.org_a.slug}/membership/"
    )
    assert "No certificate can be issued" in response.content.decode()


def test_without_a_certified_membership_staff_are_sent_back_to_the_360_page(client_for, personas):
    response = client_for("staff").get(certificate_url(personas.org_a), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/staff/organizations/{personas.org_a.slug}/")
    assert "No certificate can be issued" in response.content.decode()


def test_membership_page_and_360_page_link_the_certificate_only_when_there_is_one(
    client_for, personas
):
    link = certificate_url(personas.org_a)
    pages = {
        "member_contact": f"/en/space/organizations/{personas.org_a.slug}/membership/",
        "staff": f"/en/staff/organizations/{personas.org_a.slug}/",
    }
    membership = current_membership(personas.org_a, status=Membership.Status.APPROVED)
    for persona, page in pages.items():
        assert link not in client_for(persona).get(page).content.decode(), persona
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.ACTIVE)
    for persona, page in pages.items():
        assert link in client_for(persona).get(page).content.decode(), persona
