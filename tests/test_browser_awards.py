"""The innovation awards in a real Chromium, in French and English, on a 390 px phone
screen: a member applies from the member space with a PDF; an outside juror opens the link
of the invitation, declares a conflict of interest with another applicant, then sees and
scores only the member's application; a score above the highest is told next to its field.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from community.models import AwardApplication, JuryScore
from community.services import awards as services
from community.tests.awards_helpers import application_make, edition_make
from members.models import Affiliation
from tests.test_browser import browser, new_page  # noqa: F401 (fixtures)
from tests.test_browser_collaboration import _member, _sign_in
from tests.test_browser_journeys import _fits_the_screen, _phone, _t

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_member_applies_and_a_juror_in_conflict_scores_only_what_they_may(
    new_page,  # noqa: F811
    language,
    tmp_path,
):
    from members.tests.factories import member_user

    alpha = _member("Alpha Numérique")
    beta = _member("Bêta Sécurité")
    member_user(alpha, Affiliation.Access.ADMIN, email="admin@alpha.test")
    edition = edition_make(title_fr="Trophées de l'innovation 2027", categories=("Startup",))
    application_make(edition=edition, organization=beta)

    applicant = _phone(new_page, language)
    _sign_in(applicant, language, "admin@alpha.test")
    applicant.goto(f"/{language}/space/awards/")
    _fits_the_screen(applicant)
    applicant.get_by_role("link", name=re.compile(_t(language, "Apply"))).first.click()
    applicant.select_option("#id_category", label="Startup")
    applicant.fill("#id_presentation", "Un **jumeau numérique** des ateliers.")
    applicant.fill("#id_public_summary", "Le jumeau numérique des PME.")
    dossier = tmp_path / "dossier.pdf"
    dossier.write_bytes(PDF)
    applicant.set_input_files("#id_attachments", str(dossier))
    _fits_the_screen(applicant)
    applicant.get_by_role("button", name=_t(language, "Send the application")).click()
    expect(applicant.locator("main")).to_contain_text("dossier.pdf")
    application = AwardApplication.objects.get(organization=alpha)
    assert application.attachments.count() == 1

    mail.outbox.clear()
    juror = services.juror_add(
        edition=edition,
        name="Hélène Marchand",
        email="helene@univ.example",
        organization_name="Université",
        preferred_language=language,
    )
    services.juror_invitation_send(juror=juror)
    link = re.search(r"https?://\S+/awards/jury/\S+/", mail.outbox[-1].body).group(0)
    path = link[link.index(f"/{language}/") :]

    judge = _phone(new_page, language)
    judge.goto(path)
    judge.get_by_label("Bêta Sécurité").check()
    judge.get_by_label(
        _t(language, "I declare that I have no other conflict of interest with the applicants")
    ).check()
    judge.get_by_role("button", name=_t(language, "Save my declaration")).click()
    applications = judge.locator("section", has=judge.locator("#applications-title"))
    expect(applications).to_contain_text("Alpha Numérique")
    expect(applications).not_to_contain_text("Bêta Sécurité")
    _fits_the_screen(judge)
    applications.get_by_role("link", name="Alpha Numérique").click()
    expect(judge.locator("main")).to_contain_text("jumeau numérique")
    inputs = judge.locator("main form input[type=number]")
    inputs.nth(0).fill("4")
    inputs.nth(1).fill("11")
    judge.get_by_role("button", name=_t(language, "Save my scores")).click()
    expect(judge.locator("main .errors")).to_be_visible()
    assert not JuryScore.objects.exists()
    judge.locator("main form input[type=number]").nth(1).fill("9")
    judge.get_by_role("button", name=_t(language, "Save my scores")).click()
    expect(judge.locator("main")).to_contain_text(_t(language, "Scored"))
    assert JuryScore.objects.filter(application=application).count() == 2
