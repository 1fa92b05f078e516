"""The staff webhooks pages in a real Chromium, in French and English, on a 390 px phone and
a laptop screen: an animator makes an endpoint with the keyboard alone, sees its signing
secret once, copies it with the copy button, and finds it masked after a reload; the delivery
log fits the screen; no page breaks the Content Security Policy or logs an error."""

import re

import pytest
from playwright.sync_api import expect

from core.tests.factories import UserFactory
from tests.test_browser import DESKTOP, PHONE_390, _keep_screenshot, browser, new_page  # noqa: F401
from tests.test_browser_collaboration import _sign_in
from tests.test_browser_journeys import _fits_the_screen, _t
from webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage
from webhooks.tests.factories import endpoint_listening

pytestmark = pytest.mark.browser

RECEIVER = "http://127.0.0.1:9/hooks"


def _log(endpoint) -> None:
    for index, state in enumerate(WebhookMessage.State.values):
        message = WebhookMessage.objects.create(
            endpoint=endpoint,
            event_type="registration.confirmed" if index % 2 else "dues.paid",
            payload={"type": "dues.paid", "data": {}},
            state=state,
        )
        WebhookAttempt.objects.create(
            message=message, status_code=None, error="Connection refused.", duration_ms=3
        )
        WebhookAttempt.objects.create(message=message, status_code=200, duration_ms=41)


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_staff_make_an_endpoint_copy_its_secret_once_and_find_it_masked(
    new_page,  # noqa: F811
    settings,
    language,
    viewport,
):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    UserFactory(email="animatrice@cluster.test", is_staff=True, first_name="Léa")
    _log(endpoint_listening("dues.paid", url="https://compta.example.org/webhooks/entrant"))
    page = new_page(
        viewport=viewport,
        locale="fr-FR" if language == "fr" else "en-GB",
        permissions=["clipboard-read", "clipboard-write"],
        is_mobile=viewport is PHONE_390,
        has_touch=viewport is PHONE_390,
    )
    problems = _watch(page)
    name = f"webhooks-{language}-{'phone' if viewport is PHONE_390 else 'desktop'}"
    _sign_in(page, language, "animatrice@cluster.test")

    page.goto(f"/{language}/staff/webhooks/")
    _keep_screenshot(page, f"{name}-list.png")
    _fits_the_screen(page)
    page.get_by_role("link", name=re.compile(_t(language, "New endpoint"))).first.click()

    # The form with the keyboard alone: type, tab, space to tick, enter to send.
    page.get_by_label(_t(language, "Address")).focus()
    page.keyboard.type(RECEIVER)
    page.keyboard.press("Tab")
    page.keyboard.type("Outil de comptabilité")
    page.get_by_label(re.compile(r"dues\.paid")).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label(re.compile(r"dues\.paid"))).to_be_checked()
    _keep_screenshot(page, f"{name}-form.png")
    _fits_the_screen(page)
    page.get_by_label(re.compile(r"registration\.cancelled")).focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=_t(language, "The signing secret"))).to_be_visible()
    endpoint = WebhookEndpoint.objects.get(url=RECEIVER)
    assert endpoint.event_types == ["dues.paid"]
    secret = page.locator("#new-secret")
    expect(secret).to_have_value(endpoint.secret)
    _keep_screenshot(page, f"{name}-secret.png")
    _fits_the_screen(page)

    copy = page.get_by_role("button", name=_t(language, "Copy the secret"))
    # A key pressed while the page is still loading can be lost before it reaches the
    # button; a person reads the notice first, so the test waits for the page as they do.
    page.wait_for_load_state("load")
    copy.focus()
    expect(copy).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_have_text(_t(language, "Copied."))
    assert page.evaluate("navigator.clipboard.readText()") == endpoint.secret

    page.reload()
    expect(page.locator("#new-secret")).to_have_count(0)
    content = page.content()
    assert endpoint.secret not in content
    assert endpoint.secret_masked in content
    _fits_the_screen(page)

    other = WebhookEndpoint.objects.exclude(pk=endpoint.pk).get()
    page.goto(f"/{language}/staff/webhooks/{other.pk}/")
    expect(page.locator("main")).to_contain_text("Connection refused.")
    _keep_screenshot(page, f"{name}-log.png")
    _fits_the_screen(page)
    assert problems == []
