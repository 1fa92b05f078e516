"""Personal data in a real Chromium, on a phone: an animator finds the register and the
retention page from the back-office menu, erases a person, and follows the link to a note
that still names them."""

import pytest
from playwright.sync_api import expect

from core.tests.factories import UserFactory
from members.models import Interaction
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from tests import test_browser
from tests.test_browser import PHONE, _fr, _keep_screenshot, _sign_in

pytestmark = pytest.mark.browser

# The browser and its pages, as the other browser tests have them.
browser = test_browser.browser
new_page = test_browser.new_page


def test_animator_reads_the_register_then_erases_a_person_and_reviews_a_note(new_page, live_server):
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    organization = OrganizationFactory(name="Gamma Robotique", slug="gamma-robotique")
    contact = ContactFactory(first_name="Léon", last_name="Brumaire", email="leon@gamma.test")
    AffiliationFactory(contact=contact, organization=organization)
    Interaction.objects.create(
        organization=organization, kind="call", summary="Rappeler Léon Brumaire en mars"
    )
    page = new_page(viewport=PHONE)
    _sign_in(page, "animatrice@cluster.test")

    back_office = page.get_by_role("navigation", name=_fr("Back-office"))
    # On a phone the back-office's navigation folds behind its button.
    back_office.get_by_role("button", name=_fr("Back-office")).click()
    back_office.get_by_role("link", name=_fr("Processing register")).click()
    expect(page.locator("main h1")).to_have_text(_fr("Register of processing activities"))
    expect(page.locator("main")).to_contain_text(_fr("Consent (GDPR art. 6(1)(a))"))
    _keep_screenshot(page, "privacy-register-phone.png")

    back_office = page.get_by_role("navigation", name=_fr("Back-office"))
    back_office.get_by_role("button", name=_fr("Back-office")).click()
    back_office.get_by_role("link", name=_fr("Data retention")).click()
    expect(page.locator("main h1")).to_have_text(_fr("Data retention"))
    expect(page.locator("#rule-prospects")).to_be_visible()
    _keep_screenshot(page, "privacy-retention-phone.png")

    page.goto(f"/fr/staff/contacts/{contact.pk}/erase/")
    mentions = page.locator(".erase-mentions li")
    expect(mentions).to_have_count(1)
    expect(mentions).to_contain_text("Rappeler Léon Brumaire en mars")
    page.get_by_role("button", name=_fr("Erase this person")).click()
    expect(page.locator("main h1")).to_have_text(_fr("This person is erased"))
    _keep_screenshot(page, "privacy-erased-phone.png")
    # The note is still listed, now that no name is left to find it by; its link opens the
    # organization's page, where staff edit it.
    with page.expect_popup() as popup:
        page.locator(".erase-mentions a").click()
    expect(popup.value.locator("main h1")).to_contain_text("Gamma Robotique")
