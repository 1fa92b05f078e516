"""A real Chromium against the live server: what people see and do in the pages.

Playwright cannot download its own browser here, so it drives Debian's Chromium. Expected
texts come from the translation catalogue (`_fr`), so the tests hold before and after the
French translations are filled in, and check the French wording once they are.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, expect, sync_playwright

from communications.models import FaqCategory, FaqEntry
from communications.services import faq as communication_services
from core.tests.factories import TEST_PASSWORD, UserFactory
from members.models import Affiliation
from members.tests.factories import OrganizationFactory, member_user
from tests.public_pages import DETAILS, LANGUAGES, PAGES, public_paths, seed_demo_cluster

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}
# The width of today's common phones.
PHONE_390 = {"width": 390, "height": 844}
# Set to a directory to keep screenshots of the home page for a human to look at.
SCREENSHOT_DIR = os.environ.get("BROWSER_SCREENSHOT_DIR", "")


def _fr(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses
    # ORM calls (factories, the flush between tests) from such a thread unless allowed.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """new_page(viewport=..., **context_options) → a page in a fresh browser profile.

    With debug off the session and CSRF cookies are Secure. Chromium keeps Secure cookies
    on http://localhost (the live server's address), so production cookie settings stay.
    """
    contexts = []

    def make(viewport: dict = DESKTOP, **options) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def _sign_in(page: Page, email: str) -> None:
    page.goto("/fr/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(TEST_PASSWORD)
    form.locator("button[type=submit]").click()


def _keep_screenshot(page: Page, name: str) -> None:
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / name), full_page=True)


def _faq_category() -> FaqCategory:
    # The data migration's categories are gone after the first test's flush (transactional_db).
    category = FaqCategory.objects.filter(slug="adhesion").first()
    if category is None:
        category = communication_services.faq_category_save(
            category=FaqCategory(), data={"slug": "adhesion", "name_fr": "La procédure d'adhésion"}
        )
    return category


def test_animator_signs_in_and_reaches_dashboard_then_organizations(page, live_server):
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    OrganizationFactory(name="Gamma Robotique")

    _sign_in(page, "animatrice@cluster.test")

    expect(page).to_have_url(f"{live_server.url}/fr/staff/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("main h1")).to_have_text(_fr("Dashboard"))
    back_office = page.get_by_role("navigation", name=_fr("Back-office"))
    back_office.get_by_role("link", name=_fr("Organizations")).click()
    expect(page).to_have_url(f"{live_server.url}/fr/staff/organizations/")
    expect(page.locator("#results tbody")).to_contain_text("Gamma Robotique")


def test_organization_search_replaces_the_list_in_place(page):
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    OrganizationFactory(name="Gamma Robotique")
    OrganizationFactory(name="Delta Conseil")
    _sign_in(page, "animatrice@cluster.test")
    page.goto("/fr/staff/organizations/")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)

    page.locator("#id_q").fill("Gamma")

    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Gamma Robotique")
    # The swap is done once the rows changed: count at once rather than retry for 5 s.
    assert page.locator("[id=results]").count() == 1


def test_member_admin_lands_in_member_space_and_is_refused_back_office(page, live_server):
    organization = OrganizationFactory(name="Alpha Numérique")
    member_user(organization, Affiliation.Access.ADMIN, email="admin@alpha.test")

    _sign_in(page, "admin@alpha.test")

    expect(page).to_have_url(f"{live_server.url}/fr/space/")
    expect(page.locator("main .card h3")).to_have_text(["Alpha Numérique"])
    response = page.goto("/fr/staff/")
    assert response is not None and response.status == 403
    expect(page.locator("main h1")).to_have_text(_fr("Access denied"))


@pytest.mark.parametrize(
    "browser_locale",
    [
        "fr-FR",
        # The page's language, not the browser's, decides how `next` is translated.
        "en-US",
    ],
)
def test_language_switcher_moves_between_french_and_english_pages(
    new_page, live_server, browser_locale
):
    # Plain links to the same page in the other language, whatever the browser's language;
    # the query string (a search) goes along.
    page = new_page(locale=browser_locale)
    page.goto("/fr/members/?q=numerique")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    switcher = page.locator("nav.language-switcher")
    expect(switcher.get_by_role("link", name="Français")).to_have_attribute("aria-current", "true")

    # Waiting for the navigation, then reading the URL once, fails at once on a wrong page
    # instead of retrying until the timeout.
    with page.expect_navigation():
        switcher.get_by_role("link", name="English").click()

    assert page.url == f"{live_server.url}/en/members/?q=numerique"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")

    with page.expect_navigation():
        switcher.get_by_role("link", name="Français").click()

    assert page.url == f"{live_server.url}/fr/members/?q=numerique"
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_first_tab_shows_skip_link_that_moves_focus_to_main_content(page):
    page.goto("/fr/")
    skip_link = page.locator("a.skip-link")
    # The link waits above the top edge until it gets the focus.
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_home_page_fits_phone_screen_without_horizontal_scrolling(new_page):
    # is_mobile makes Chromium honour <meta name="viewport">, as a phone does.
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto("/fr/")

    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )

    # Without the viewport meta tag the layout would be 980 px wide and never overflow.
    assert widths["inner"] == PHONE["width"]
    assert widths["scroll"] <= widths["inner"], widths
    _keep_screenshot(page, "home-phone.png")


def test_faq_search_filters_answers_in_place_without_reloading(page, live_server):
    category = _faq_category()
    for question, answer in [
        ("Quel est le montant de la cotisation ?", "Il dépend de l'effectif."),
        ("Comment déposer un dossier ?", "Par le formulaire en ligne."),
    ]:
        data = {"category": category, "question_fr": question, "answer_fr": answer}
        communication_services.faq_entry_save(entry=FaqEntry(), data=data)
    page.goto("/fr/faq/")
    questions = page.locator("#results summary")
    expect(questions).to_have_count(2)
    # A full page load would give a new window object and lose this marker.
    page.evaluate("window.sameDocumentMarker = 'still here'")

    page.locator("#faq-q").fill("cotisation")

    expect(questions).to_have_text(["Quel est le montant de la cotisation ?"])
    assert page.evaluate("window.sameDocumentMarker") == "still here"
    # hx-push-url keeps the search in the address bar, so it can be shared and reloaded.
    expect(page).to_have_url(re.compile(r"/fr/faq/\?q=cotisation$"))


def test_home_and_faq_pages_trigger_no_content_security_policy_violation(page):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    page.goto("/fr/")
    _keep_screenshot(page, "home-desktop.png")
    page.goto("/fr/faq/")
    with page.expect_response(re.compile(r"/fr/faq/\?q=")):
        page.locator("#faq-q").fill("adhésion")

    assert [text for text in console if "Content Security Policy" in text] == []
    # The check above only means something if violations do reach the console: an inline
    # script must be blocked by the policy and reported.
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.inlineScriptRan = true'; document.head.append(s); }"
        )
    assert page.evaluate("window.inlineScriptRan") is None


def test_phone_check_in_finds_an_attendee_and_marks_them_present_in_place(new_page):
    from events.models import Registration
    from events.tests.factories import EventFactory, RegistrationFactory

    UserFactory(email="porte@cluster.test", is_staff=True)
    event = EventFactory(slug="reunion-de-juin")
    RegistrationFactory(event=event, first_name="Alice", last_name="Martin", email="a@x.org")
    bruno = RegistrationFactory(
        event=event, first_name="Bruno", last_name="Durand", email="b@x.org"
    )
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    _sign_in(page, "porte@cluster.test")
    page.goto(f"/fr/events/{event.slug}/check-in/")
    page.evaluate("window.sameDocumentMarker = 'still here'")

    page.locator("#id_q").fill("durand")
    rows = page.locator("#results .checkin-row")
    expect(rows).to_have_count(1)
    rows.first.locator("button[value=present]").click()

    expect(page.locator(f"#registration-{bruno.pk} button[value=present]")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#checkin-counts")).to_contain_text("1")
    assert page.evaluate("window.sameDocumentMarker") == "still here"
    bruno.refresh_from_db()
    assert bruno.attendance == Registration.Attendance.PRESENT
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], widths


# Elements wider than the screen, outermost first, leaving out what scrolls inside its own
# box (tables do on phones): what a failing overflow test points at.
OVERFLOWING = """(limit) => {
  const scrolls = (element) =>
    ["auto", "scroll", "hidden"].includes(getComputedStyle(element).overflowX);
  const found = [];
  const walk = (element) => {
    for (const child of element.children) {
      if (child.getBoundingClientRect().right > limit + 1) {
        const classes = typeof child.className === "string" ? child.className.trim() : "";
        found.push(child.tagName.toLowerCase() + (child.id ? "#" + child.id : "")
          + (classes ? "." + classes.split(/\\s+/).join(".") : ""));
        if (found.length > 8) return;
      }
      if (!scrolls(child)) walk(child);
    }
  };
  if (document.documentElement.scrollWidth > limit) walk(document.body);
  return found;
}"""


def _overflow(page: Page) -> list[str]:
    """What makes the page wider than its viewport, or [] when it fits."""
    width = page.viewport_size["width"]
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return []
    return page.evaluate(OVERFLOWING, width) or ["the page is wider than the screen"]


def _phone_page(new_page, **options) -> Page:
    # is_mobile makes Chromium honour <meta name="viewport">, as a phone does.
    return new_page(
        viewport=PHONE_390, is_mobile=True, has_touch=True, device_scale_factor=2, **options
    )


def test_phone_header_is_short_and_its_menu_opens_and_closes_with_the_keyboard(new_page):
    page = _phone_page(new_page)
    page.goto("/fr/")
    menu_button = page.get_by_role("button", name=_fr("Menu"))
    navigation = page.get_by_role("navigation", name=_fr("Main navigation"))

    # The page's own content starts in the first screen's top seventh.
    assert page.locator("main").bounding_box()["y"] < 120
    expect(navigation).to_be_hidden()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    panel = page.locator(f"#{menu_button.get_attribute('aria-controls')}")
    expect(panel.locator("nav.site-nav")).to_have_count(1)

    for _ in range(3):  # the skip link, the cluster's name, the menu button
        page.keyboard.press("Tab")
    expect(menu_button).to_be_focused()
    page.keyboard.press("Enter")

    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    expect(panel.get_by_role("link", name="English")).to_be_visible()
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link", name=_fr("Home"))).to_be_focused()

    page.keyboard.press("Escape")

    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu_button).to_be_focused()
    expect(navigation).to_be_hidden()
    page.keyboard.press("Space")
    expect(navigation.get_by_role("link", name=_fr("FAQ"))).to_be_visible()


def test_phone_menu_without_javascript_shows_every_link_and_no_dead_button(new_page):
    page = _phone_page(new_page, java_script_enabled=False)
    page.goto("/fr/")

    expect(page.get_by_role("button", name=_fr("Menu"))).to_be_hidden()
    navigation = page.get_by_role("navigation", name=_fr("Main navigation"))
    expect(navigation.get_by_role("link", name=_fr("FAQ"))).to_be_visible()


def test_desktop_header_shows_the_navigation_without_a_menu_button(page):
    page.goto("/en/")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    assert page.locator("main").bounding_box()["y"] < 120


def test_public_pages_fit_a_phone_screen_in_french_and_english(new_page):
    seed_demo_cluster()
    page = _phone_page(new_page)

    def html_of(path: str) -> str:
        page.goto(path)
        return page.content()

    too_wide = {}
    visited = []
    for language in LANGUAGES:
        for path in public_paths(language, html_of):
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            visited.append(path)
            if overflow := _overflow(page):
                too_wide[path] = overflow
            _keep_screenshot(page, path.strip("/").replace("/", "_") + "-phone.png")

    # Every page of the walk and one detail page per list, in both languages.
    assert len(visited) == 2 * (len(PAGES) + len(DETAILS))
    assert too_wide == {}


def test_staff_organization_list_fits_a_laptop_screen_with_its_filters_folded(page):
    seed_demo_cluster()
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    _sign_in(page, "animatrice@cluster.test")
    filters = page.locator("details.crm-filters__more")

    for language in LANGUAGES:
        page.goto(f"/{language}/staff/organizations/")
        expect(page.locator("#results tbody tr")).to_have_count(40)
        assert _overflow(page) == [], language
        expect(filters).not_to_have_attribute("open", "")
        expect(page.get_by_label(_fr("Kind") if language == "fr" else "Kind")).to_be_hidden()

    filters.locator("summary").click()
    page.get_by_label("Kind").select_option("company")
    page.get_by_role("button", name="Filter", exact=True).click()

    expect(page).to_have_url(re.compile(r"kind=company"))
    # A filter in use keeps the panel open, after a reload too, and says how many are.
    page.reload()
    expect(filters).to_have_attribute("open", "")
    expect(filters.locator("summary")).to_have_text("Filters (1 in use)")
    assert _overflow(page) == []


def test_back_office_pages_fit_a_phone_and_a_laptop_screen(new_page):
    seed_demo_cluster()
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    phone = _phone_page(new_page)
    _sign_in(phone, "animatrice@cluster.test")
    back_office = phone.get_by_role("navigation", name=_fr("Back-office"))
    toggle = back_office.get_by_role("button", name=_fr("Back-office"))
    links = back_office.get_by_role("link")

    # On the phone the navigation folds behind a button.
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(links.first).to_be_hidden()
    assert phone.locator("main").bounding_box()["y"] < 200
    toggle.click()
    expect(links.first).to_be_visible()
    # Every page of the back-office navigation, and an organization's 360° page.
    paths = [link.get_attribute("href") for link in links.all()]
    phone.goto("/fr/staff/organizations/")
    paths.append(phone.locator("#results tbody a").first.get_attribute("href"))
    assert len(paths) > 15
    laptop = new_page()
    _sign_in(laptop, "animatrice@cluster.test")

    too_wide = {}
    for page in (phone, laptop):
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            if overflow := _overflow(page):
                too_wide[f"{path} at {page.viewport_size['width']} px"] = overflow
    assert too_wide == {}


def test_animator_finds_a_failing_email_from_the_back_office_and_cancels_it(new_page):
    from core.models import SentEmail

    UserFactory(email="animatrice@cluster.test", is_staff=True)
    SentEmail.objects.create(
        key="application:1:received",
        to="gaelle@gamma.example",
        template="members/emails/application_received",
        status=SentEmail.Status.FAILED,
        attempts=9,
        task_name="members.tasks.application_acknowledge_send",
        task_args=[1],
        error="EmailNotSentError(\"ConnectionRefusedError(111, 'Connection refused')\")",
    )
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    _sign_in(page, "animatrice@cluster.test")
    page.goto("/fr/staff/")

    back_office = page.get_by_role("navigation", name=_fr("Back-office"))
    back_office.get_by_role("button", name=_fr("Back-office")).click()  # folded on a phone
    back_office.get_by_role("link", name=_fr("Failing emails")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(_fr("Failing emails"))
    row = page.locator("tr.failing-email")
    expect(row).to_contain_text("gaelle@gamma.example")
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], widths
    _keep_screenshot(page, "failing-emails-phone.png")
    # The button's name says whose email it cancels, for screen readers.
    row.get_by_role("button", name=re.compile(_fr("Cancel") + ".*gaelle@gamma.example")).click()

    expect(page.locator("tr.failing-email")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("gaelle@gamma.example")
    assert SentEmail.objects.get().status == SentEmail.Status.CANCELLED
