"""Two journeys of a new user, in a real Chromium, in French and English, on a 390 px
phone screen: a company applies through /join/, staff approve it and the public directory
finds it at once by an accent-free word of its name; staff record an interaction without
touching its date (the date box comes filled in the format the browser needs).
"""

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from core.tests.factories import TEST_PASSWORD, UserFactory
from members.models import FeeBand, HeadcountBand, Interaction, MembershipCategory, Organization
from members.tests.factories import OrganizationFactory
from tests.test_browser import browser, new_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NAME = "Société Néo Bêta Robotique"


def _t(language: str, message: str, context: str | None = None) -> str:
    with translation.override(language):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def _phone(new_page, language: str):  # noqa: F811
    return new_page(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="fr-FR" if language == "fr" else "en-GB",
    )


def _fits_the_screen(page) -> None:
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], widths


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_applicant_approved_by_staff_is_found_at_once_in_the_directory(
    new_page,  # noqa: F811
    language,
):
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    category = MembershipCategory.objects.create(
        name_fr="Établissement", name_en="Institution", slug="etablissement"
    )
    FeeBand.objects.create(category=category, headcount_band=HeadcountBand.SMALL, amount=900)
    visitor = _phone(new_page, language)

    # The home page's button leads to the application form.
    visitor.goto(f"/{language}/")
    visitor.get_by_role("link", name=_t(language, "How to join the cluster")).click()
    expect(visitor).to_have_url(re.compile(rf"/{language}/join/$"))
    _fits_the_screen(visitor)
    visitor.fill("#id_organization_name", NAME)
    visitor.select_option("#id_kind", Organization.Kind.UNIVERSITY)
    visitor.select_option("#id_headcount_band", HeadcountBand.SMALL)
    visitor.fill("#id_postal_code", "31000")
    visitor.fill("#id_city", "Toulouse")
    visitor.fill("#id_first_name", "Gaëlle")
    visitor.fill("#id_last_name", "Garnier")
    visitor.fill("#id_email", "gaelle@neo-beta.example")
    visitor.select_option("#id_category", str(category.pk))
    visitor.check("#id_consent_directory")
    visitor.get_by_role("button", name=_t(language, "Send the application")).click()
    expect(visitor.locator("main h1")).to_have_text(
        _t(language, "Thank you, your application is on its way")
    )
    # Searched before the approval: nothing, and that page is now cached.
    visitor.goto(f"/{language}/members/?q=neo")
    expect(visitor.locator("main")).not_to_contain_text(NAME)

    staff = _phone(new_page, language)
    _sign_in_staff(staff, language)
    staff.goto(f"/{language}/staff/applications/")
    staff.get_by_role("link", name=NAME).first.click()
    staff.select_option("#id_approve-category", str(category.pk))
    staff.get_by_role("button", name=_t(language, "Approve and invite the contact")).click()
    expect(staff.locator(".alert--success")).to_contain_text(NAME)

    visitor.goto(f"/{language}/members/")
    search = visitor.locator("#id_q")
    search.fill("neo beta")
    search.press("Enter")
    expect(visitor.locator("main")).to_contain_text(NAME)
    _fits_the_screen(visitor)


def _sign_in_staff(page, language: str) -> None:
    page.goto(f"/{language}/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=login]").fill("animatrice@cluster.test")
    form.locator("input[name=password]").fill(TEST_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{language}/staff/$"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_staff_record_an_interaction_without_touching_the_date(
    new_page,  # noqa: F811
    language,
):
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    organization = OrganizationFactory(name="Gamma Robotique")
    page = _phone(new_page, language)
    _sign_in_staff(page, language)
    page.goto(f"/{language}/staff/organizations/{organization.slug}/")
    interactions = page.get_by_role("region", name=_t(language, "Interactions"))
    interactions.get_by_text(_t(language, "Record an interaction")).click()
    record = interactions.get_by_role("button", name=_t(language, "Record"))
    date_box = page.locator("#id_happened_on")
    today = timezone.localdate().isoformat()
    # The browser kept the value: it is in the format a date box understands.
    assert date_box.input_value() == today

    # Sent without a summary: the page comes back on the error, not at its top.
    record.click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.locator("a[href='#id_summary']")).to_be_visible()
    assert page.locator("#id_happened_on").input_value() == today

    page.fill("#id_summary", "Rendez-vous sur le projet de jumeau numérique")
    record.click()
    expect(page.locator(".alert--success")).to_have_text(_t(language, "Interaction recorded."))
    interaction = Interaction.objects.get(organization=organization)
    assert interaction.happened_on == timezone.localdate()
    _fits_the_screen(page)
