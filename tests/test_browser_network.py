"""The whole-network search in a real Chromium, on a 390 px phone in French, by keyboard
alone: a member widens a directory search to the partner clusters and finds, under our
competence's name, an organization its own cluster files under another label, with that
cluster's name and a link to its profile there."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.tests.factories import TEST_PASSWORD
from members.models import Affiliation, Competence, Organization
from members.tests.factories import OrganizationFactory, member_user
from network.models import PartnerDirectory, PartnerOrganization, PartnerTerm
from network.services.imports import partner_search_document
from tests.test_browser import PHONE_390, browser, new_page  # noqa: F401 (fixtures)
from tests.test_browser_journeys import _fits_the_screen, _t

pytestmark = pytest.mark.browser

PROFILE = "https://pole-cyber-occitanie.example.org/fr/members/remparts-numeriques/"


def _partner_cluster() -> None:
    ours = Competence.objects.create(name_fr="Cybersécurité", name_en="Cybersecurity", slug="cyber")
    partner = PartnerDirectory.objects.create(
        name="Pôle Cyber Occitanie",
        feed_url="https://pole-cyber-occitanie.example.org/network/directory.json",
    )
    # The partner's label differs from ours; staff mapped it.
    theirs = PartnerTerm.objects.create(
        partner=partner,
        kind="competence",
        code="secu-num",
        name_fr="Sécurité numérique",
        competence=ours,
    )
    for name, description in [
        ("Remparts Numériques", "Tests d'intrusion pour les usines."),
        ("Vignes Connectées", "Capteurs pour la viticulture."),
    ]:
        organization = PartnerOrganization.objects.create(
            partner=partner,
            source_id=f"00000000-0000-4000-8000-{len(name):012d}",
            name=name,
            profile_url=PROFILE if name.startswith("Remparts") else "https://example.org/",
            city="Montpellier",
            description_fr=description,
            updated_at=timezone.now(),
        )
        terms = [theirs] if name.startswith("Remparts") else []
        organization.terms.set(terms)
        organization.search_document = partner_search_document(organization, terms)
        organization.save()


def _tab_to(page, locator, presses: int = 80) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        # Resolved afresh each time: a search's results may be swapped in meanwhile.
        if locator.evaluate("(element) => document.activeElement === element"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_a_member_on_a_phone_finds_a_partner_clusters_organization_by_keyboard(
    new_page,  # noqa: F811
):
    _partner_cluster()
    alpha = OrganizationFactory(
        name="Alpha Numérique",
        lifecycle=Organization.Lifecycle.MEMBER,
        directory_consent_at=timezone.now(),
    )
    member_user(alpha, Affiliation.Access.CONTACT, email="contact@alpha.test")
    page = new_page(viewport=PHONE_390, is_mobile=True, has_touch=True, locale="fr-FR")

    page.goto("/fr/accounts/login/")
    form = page.locator("main form")
    _tab_to(page, form.locator("input[name=login]"))
    page.keyboard.type("contact@alpha.test")
    _tab_to(page, form.locator("input[name=password]"))
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    # From our directory, the link that widens the search to the whole network.
    page.goto("/fr/members/")
    widen = page.get_by_role(
        "link", name=_t("fr", "Search the whole network: partner clusters' organizations too")
    )
    _tab_to(page, widen)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/space/network/"))
    expect(page.locator("h1")).to_have_text(_t("fr", "Search the whole network"))
    _fits_the_screen(page)

    box = page.get_by_role("searchbox", name=_t("fr", "Search"))
    _tab_to(page, box)
    page.keyboard.type("cybersécurité")
    page.keyboard.press("Enter")

    results = page.locator("#results")
    card = results.locator(".directory-card", has_text="Remparts Numériques")
    expect(card).to_contain_text(
        _t("fr", "Partner cluster: %(cluster)s") % {"cluster": "Pôle Cyber Occitanie"}
    )
    # Shown under our competence's name, found though the partner's label is another.
    expect(card).to_contain_text("Cybersécurité")
    expect(results).not_to_contain_text("Vignes Connectées")
    expect(results).not_to_contain_text("Alpha Numérique")
    _fits_the_screen(page)

    # The result's link, reached by keyboard, says it leaves for the partner's site.
    link = card.get_by_role("link", name=re.compile("Remparts Numériques"))
    expect(link).to_have_attribute("href", PROFILE)
    expect(link).to_contain_text(_t("fr", "on the partner cluster's site"))
    _tab_to(page, link)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
