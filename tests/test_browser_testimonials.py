"""Testimonials in a real Chromium: an animator records a testimonial, is refused publishing
it before recording the person's consent, then publishes it; a visitor on a 390 px phone reads
it on the home page; its author withdraws their consent from their member space, and the home
page no longer shows it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.tests.factories import TEST_PASSWORD, UserFactory
from members.models import Affiliation, Organization
from members.tests.factories import OrganizationFactory, member_user
from tests.test_browser import browser, new_page  # noqa: F401 (fixtures)
from tests.test_browser_journeys import _fits_the_screen, _phone, _t

pytestmark = pytest.mark.browser

QUOTE = "Le cluster nous a présenté notre premier client industriel."


def _sign_in(page, language: str, email: str) -> None:
    page.goto(f"/{language}/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(TEST_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_testimonial_goes_online_on_consent_and_comes_down_when_its_author_withdraws(
    new_page,  # noqa: F811
    language,
):
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    alpha = OrganizationFactory(
        name="Alpha Numérique",
        lifecycle=Organization.Lifecycle.MEMBER,
        directory_consent_at=timezone.now(),
    )
    member_user(alpha, Affiliation.Access.ADMIN, email="camille@alpha.test")

    staff = new_page()
    _sign_in(staff, language, "animatrice@cluster.test")
    staff.goto(f"/{language}/staff/community/testimonials/")
    staff.get_by_role("link", name=_t(language, "New testimonial")).click()
    staff.fill("#id_quote_fr", QUOTE)
    staff.fill("#id_person_name", "Camille Dufresne")
    staff.fill("#id_role", "Fondatrice")
    staff.select_option("#id_organization", label="Alpha Numérique")
    staff.fill("#id_email", "camille@alpha.test")
    staff.get_by_role("button", name=_t(language, "Save")).click()
    expect(staff.locator("main")).to_contain_text(
        _t(language, "No consent in force: the testimonial cannot be published.")
    )
    staff.get_by_role("link", name=_t(language, "Record the consent to publish")).click()
    staff.select_option("#id_method", "signed_form")
    staff.fill("#id_text_version", "Citation du 02/11/2026, signée")
    staff.get_by_role("button", name=_t(language, "Record the consent")).click()
    staff.get_by_role("button", name=_t(language, "Publish")).click()
    expect(staff.locator("main")).to_contain_text(_t(language, "The testimonial is online."))

    visitor = _phone(new_page, language)
    visitor.goto(f"/{language}/")
    expect(visitor.locator("main")).to_contain_text(QUOTE)
    _fits_the_screen(visitor)
    # The quote takes the card's width, not a column squeezed by the browser's indents.
    quote = visitor.locator(".testimonial blockquote").first.bounding_box()
    assert quote["width"] > 0.7 * 390

    author = _phone(new_page, language)
    _sign_in(author, language, "camille@alpha.test")
    author.goto(f"/{language}/space/my-data/")
    author.get_by_role("link", name=re.compile(_t(language, "My testimonials"))).click()
    _fits_the_screen(author)
    assert author.locator("main blockquote").first.bounding_box()["width"] > 0.7 * 390
    author.locator("summary", has_text=_t(language, "Withdraw my consent")).click()
    author.get_by_role("button", name=re.compile(_t(language, "Yes, withdraw my consent"))).click()
    expect(author.locator("main")).to_contain_text(
        _t(language, "Your consent is withdrawn: the testimonial is no longer shown.")
    )

    visitor.reload()
    expect(visitor.locator("main")).not_to_contain_text(QUOTE)
