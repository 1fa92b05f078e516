"""Collaboration in a real Chromium, in French and English, on a 390 px phone screen: a member
posts a need, is shown a partner with the reasons, asks to meet it; the other member accepts
on a desktop screen; only then do both see each other's contact details, and the CRM logs the
introduction on both organizations. An internship a member posts reaches the public board
only once an animator approved it.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from collaboration.models import Introduction, Opportunity
from core.tests.factories import TEST_PASSWORD, UserFactory
from members.models import Affiliation, Competence, Interaction, Organization, Sector
from members.tests.factories import OrganizationFactory, member_user
from tests.test_browser import browser, new_page  # noqa: F401 (fixtures)
from tests.test_browser_journeys import _fits_the_screen, _phone, _t

pytestmark = pytest.mark.browser


def _sign_in(page, language: str, email: str) -> None:
    page.goto(f"/{language}/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(TEST_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _member(name: str, **fields) -> Organization:
    return OrganizationFactory(
        name=name,
        lifecycle=Organization.Lifecycle.MEMBER,
        directory_consent_at=timezone.now(),
        region="76",
        **fields,
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_need_leads_to_an_accepted_introduction_that_reveals_both_sides(
    new_page,  # noqa: F811
    language,
):
    cyber = Competence.objects.create(
        name_fr="Cybersécurité", name_en="Cybersecurity", slug="cyber"
    )
    industry = Sector.objects.create(name_fr="Industrie", name_en="Industry", slug="industrie")
    alpha = _member("Alpha Numérique")
    beta = _member("Bêta Sécurité")
    beta.competences.add(cyber)
    beta.sectors.add(industry)
    member_user(alpha, Affiliation.Access.ADMIN, email="admin@alpha.test")
    member_user(beta, Affiliation.Access.ADMIN, email="admin@beta.test")

    asker = _phone(new_page, language)
    _sign_in(asker, language, "admin@alpha.test")
    asker.goto(f"/{language}/space/")
    asker.get_by_role("button", name=_t(language, "Member space")).click()
    asker.get_by_role("link", name=_t(language, "Needs and offers")).click()
    asker.get_by_role("link", name=_t(language, "Post a need or an offer")).click()
    _fits_the_screen(asker)
    asker.select_option("#id_kind", "need")
    asker.fill("#id_title", "Partenaire cybersécurité pour un client industriel")
    asker.fill("#id_description", "Audit d'un réseau industriel au printemps.")
    asker.get_by_label(cyber.name_fr if language == "fr" else cyber.name_en).check()
    asker.get_by_label(industry.name_fr if language == "fr" else industry.name_en).check()
    asker.fill("#id_expires_on", (timezone.localdate() + datetime.timedelta(days=60)).isoformat())
    asker.get_by_role("button", name=_t(language, "Post", "verb")).click()

    # The suggestions say why Bêta is suggested, and nothing of its people.
    card = asker.locator(".card", has_text="Bêta Sécurité")
    expect(card).to_contain_text(cyber.name_fr if language == "fr" else cyber.name_en)
    expect(asker.locator("main")).not_to_contain_text("admin@beta.test")
    _fits_the_screen(asker)
    card.get_by_role("link", name=re.compile(_t(language, "Ask for an introduction"))).click()
    asker.get_by_label(_t(language, "Your message")).fill("Pouvons-nous en parler ?")
    asker.get_by_role("button", name=_t(language, "Send the request")).click()
    expect(asker.locator("main")).to_contain_text(
        _t(language, "Contact details are shown here once the request is accepted.")
    )
    introduction = Introduction.objects.get(requester=alpha, target=beta)
    assert introduction.status == Introduction.Status.PENDING

    answerer = new_page()
    _sign_in(answerer, language, "admin@beta.test")
    answerer.goto(f"/{language}/space/introductions/")
    answerer.get_by_role("link", name=re.compile("Alpha Numérique")).first.click()
    expect(answerer.locator("main")).not_to_contain_text("admin@alpha.test")
    answerer.get_by_role("button", name=_t(language, "Accept")).click()
    expect(answerer.locator("main")).to_contain_text("admin@alpha.test")

    asker.reload()
    expect(asker.locator("main")).to_contain_text("admin@beta.test")
    _fits_the_screen(asker)
    for organization, other in ((alpha, beta), (beta, alpha)):
        log = Interaction.objects.get(organization=organization, kind=Interaction.Kind.INTRODUCTION)
        assert other.name in log.summary


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_internship_reaches_the_public_board_once_approved(
    new_page,  # noqa: F811
    language,
):
    school = _member("Beta Robotique")
    member_user(school, Affiliation.Access.ADMIN, email="admin@beta.test")
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    title = "Stage développeur·se Python"

    member = _phone(new_page, language)
    _sign_in(member, language, "admin@beta.test")
    member.goto(f"/{language}/space/opportunities/new/")
    member.select_option("#id_kind", "internship")
    member.fill("#id_title", title)
    member.fill("#id_description", "Six mois à Toulouse.")
    member.fill("#id_apply_email", "stages@beta.test")
    member.fill("#id_expires_on", (timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    member.locator("main form button[type=submit]").click()
    expect(member.locator("main")).to_contain_text(title)
    assert Opportunity.objects.get(title=title).status == Opportunity.Status.PENDING

    visitor = _phone(new_page, language)
    visitor.goto(f"/{language}/opportunities/?q=developpeur")
    expect(visitor.locator("main")).not_to_contain_text(title)

    animator = new_page()
    _sign_in(animator, language, "animatrice@cluster.test")
    animator.goto(f"/{language}/staff/")
    animator.locator("#tile-moderation a").click()
    animator.get_by_role("link", name=re.compile(title)).first.click()
    animator.locator("main form button[type=submit]").first.click()
    assert Opportunity.objects.get(title=title).status == Opportunity.Status.PUBLISHED

    # Accents and case ignored, and the stored page changed with the approval.
    visitor.goto(f"/{language}/opportunities/?q=DEVELOPPEUR")
    expect(visitor.locator("main")).to_contain_text(title)
    _fits_the_screen(visitor)
