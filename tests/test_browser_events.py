"""Registering, downloading and the calendar pages in a real Chromium: what a guest is told
before registering for a full event, a gated download that starts on one click, and pages
that must fit a 390 px phone screen."""

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from events.models import Event, Registration
from events.tests.factories import EventFactory, GuestRegistrationFactory
from tests.test_browser import _sign_in, browser, new_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def _phone(new_page) -> Page:  # noqa: F811
    return new_page(viewport=PHONE_390, is_mobile=True, has_touch=True, device_scale_factor=2)


def _in(language: str, message: str, plural: str | None = None, count: int = 0) -> str:
    with translation.override(language):
        if plural is None:
            return translation.gettext(message)
        return translation.ngettext(message, plural, count)


def _full_public_event() -> Event:
    event = EventFactory(slug="atelier-complet", audience=Event.Audience.PUBLIC, capacity=2)
    for _index in range(2):
        GuestRegistrationFactory(event=event)
    GuestRegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    return event


@pytest.mark.parametrize("language", ["fr", "en"])
def test_guest_sees_the_event_is_full_before_submitting(new_page, language):  # noqa: F811
    event = _full_public_event()
    full = _in(
        language,
        "This event is full: registering puts you on the waiting list, in position "
        "%(position)s (%(counter)s person is waiting already).",
        "This event is full: registering puts you on the waiting list, in position "
        "%(position)s (%(counter)s people are waiting already).",
        1,
    ) % {"position": 2, "counter": 1}
    join = _in(language, "Join the waitlist")
    page = _phone(new_page)

    for path in (f"/{language}/events/{event.slug}/", f"/{language}/events/{event.slug}/guest/"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        notice = page.locator("#event-full")
        expect(notice).to_contain_text(full)
        button = page.locator("main form button[type=submit]").last
        expect(button).to_have_text(join)
        # Read on the way to the button: above it, and whole on a phone's width.
        notice.scroll_into_view_if_needed()
        box, button_box = notice.bounding_box(), button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"], box
        assert box["y"] < button_box["y"]

    form = page.locator("main form").last
    form.locator("input[name=first_name]").fill("Camille")
    form.locator("input[name=last_name]").fill("Roux")
    form.locator("input[name=email]").fill("camille@example.org")
    form.locator("button[type=submit]").click()

    expect(page.locator("main")).to_contain_text(
        _in(
            language,
            "The event is full: confirming puts you on the waiting list, and we email you if a "
            "seat frees up.",
        )
    )
    assert Registration.objects.get(email="camille@example.org").status == "pending"


def test_gated_press_download_starts_on_the_forms_one_click(new_page):  # noqa: F811
    page = new_page(accept_downloads=True)
    from django.core.files.base import ContentFile

    from communications.models import PressAsset

    asset = PressAsset(
        slug="plaquette", title_fr="Plaquette", kind=PressAsset.Kind.BROCHURE, is_gated=True
    )
    asset.file.save("plaquette.pdf", ContentFile(b"%PDF-1.4 plaquette"), save=True)
    page.goto("/fr/press/downloads/plaquette/")
    form = page.locator("main form")
    form.locator("input[name=first_name]").fill("Léa")
    form.locator("input[name=last_name]").fill("Martin")
    form.locator("input[name=email]").fill("lea@example.org")
    form.locator("input[name=organization_name]").fill("Région Occitanie")
    form.locator("input[name=consent]").check()

    with page.expect_download() as download_info:
        form.locator("button[type=submit]").click()

    download = download_info.value
    assert download.suggested_filename == "plaquette.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == b"%PDF-1.4 plaquette"
