"""API tokens in a real Chromium, on a 390 px phone in French: an animator makes a token
from the back-office's menu, copies its secret with the page's button, and a script uses
it against the running server; the documentation page renders Swagger UI from the portal's
own files without a single Content Security Policy violation."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from core.tests.factories import TEST_PASSWORD, UserFactory
from events.models import Event
from events.tests.factories import EventFactory
from tests.test_browser import browser, new_page  # noqa: F401 (fixtures)
from tests.test_browser_journeys import PHONE, _fits_the_screen, _t

pytestmark = pytest.mark.browser


def _sign_in(page, email: str) -> None:
    page.goto("/fr/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(TEST_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_staff_make_a_token_copy_it_once_and_a_script_uses_it(new_page, live_server):  # noqa: F811
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    event = EventFactory(audience=Event.Audience.MEMBERS, title_fr="Assemblée générale")
    page = new_page(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="fr-FR",
        permissions=["clipboard-read", "clipboard-write"],
    )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    _sign_in(page, "animatrice@cluster.test")
    page.goto("/fr/staff/")
    # On a phone the back-office's menu folds behind its button.
    page.get_by_role("button", name=_t("fr", "Back-office")).click()
    page.get_by_role("navigation", name=_t("fr", "Back-office")).get_by_role(
        "link", name=_t("fr", "API"), exact=True
    ).click()
    expect(page.locator("main h1")).to_have_text(_t("fr", "API tokens"))
    page.get_by_role("link", name=_t("fr", "New token")).click()
    expect(page.locator("main h1")).to_have_text(_t("fr", "New API token"))
    _fits_the_screen(page)
    page.fill("#id_name", "Synchronisation agenda")
    page.get_by_role(
        "checkbox", name=re.compile(re.escape(_t("fr", "Events and registrations")))
    ).first.check()
    page.get_by_role("button", name=_t("fr", "Make the token")).click()

    expect(page.locator("main [role=alert]")).to_contain_text(
        _t("fr", "Copy this token now: it will not be shown again.")
    )
    expect(page.locator("main h1")).to_have_text(_t("fr", "Token made"))
    _fits_the_screen(page)
    page.get_by_role("button", name=_t("fr", "Copy the token")).click()
    expect(page.locator("#api-token-secret-status")).to_have_text(_t("fr", "Copied."))
    secret = page.evaluate("navigator.clipboard.readText()")
    assert secret.startswith("cpt_")
    assert [text for text in console if "Content Security Policy" in text] == []

    # Back to the list: the secret is nowhere.
    page.get_by_role("link", name=_t("fr", "Back to the tokens")).click()
    expect(page.locator("main")).to_contain_text("Synchronisation agenda")
    assert secret not in page.content()

    request = urllib.request.Request(
        f"{live_server.url}/api/v1/events/", headers={"Authorization": f"Bearer {secret}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (local server)
        body = json.loads(response.read())
    assert [item["slug"] for item in body["items"]] == [event.slug]


def test_the_api_documentation_renders_without_csp_violations(new_page):  # noqa: F811
    page = new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Cluster portal API")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert [text for text in console if "Content Security Policy" in text] == [], console
    assert failed == []


def test_a_refused_copy_says_so_and_leaves_the_token_selected(new_page):  # noqa: F811
    """A browser may refuse both ways of copying (no clipboard permission, an older engine):
    the page must not claim "Copied." then, and the token stays selected to copy by hand."""
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR")
    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('refused'));"
        "document.execCommand = () => false;"
    )
    _sign_in(page, "animatrice@cluster.test")
    page.goto("/fr/staff/api/tokens/new/")
    page.fill("#id_name", "Export comptable")
    page.get_by_role(
        "checkbox", name=re.compile(re.escape(_t("fr", "Events and registrations")))
    ).first.check()
    page.get_by_role("button", name=_t("fr", "Make the token")).click()

    page.get_by_role("button", name=_t("fr", "Copy the token")).click()
    expect(page.locator("#api-token-secret-status")).to_have_text(
        _t("fr", "Could not copy: the text is selected, copy it with Ctrl+C or your menu.")
    )
    selected = page.evaluate(
        "(() => { const field = document.getElementById('api-token-secret');"
        " return field.value.slice(field.selectionStart, field.selectionEnd); })()"
    )
    assert selected.startswith("cpt_")
