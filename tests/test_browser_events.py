"""Registering, downloading and the calendar pages in a real Chromium: what a guest is told
before registering for a full event, a gated download that starts on one click, and pages
that must fit a 390 px phone screen."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from events.models import Event, Registration
from events.tests.factories import EventFactory, GuestRegistrationFactory, RegistrationFactory
from tests.test_browser import _keep_screenshot, _sign_in, browser, new_page  # noqa: F401

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
PARIS = ZoneInfo("Europe/Paris")


def _phone(new_page) -> Page:  # noqa: F811
    return new_page(viewport=PHONE_390, is_mobile=True, has_touch=True, device_scale_factor=2)


# Elements of the page (hidden-for-sight text aside) sticking out of the viewport on the
# left or right, or hidden past the edge of a sideways-scrolling box.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest(".visually-hidden, .skip-link, thead")) continue;
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(element).visibility === "hidden") continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      const where = `${Math.round(box.left)}–${Math.round(box.right)}`;
      out.push(`${element.tagName}.${element.className}: ${where}`);
    }
  }
  return {out, scroll: document.documentElement.scrollWidth, width};
}"""

# Words of these elements split over two lines.
WORDS_BROKEN = """(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (range.getClientRects().length > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def _assert_nothing_overflows(page: Page) -> None:
    result = page.evaluate(OVERFLOWING)
    assert result["out"] == [], result
    assert result["scroll"] <= result["width"], result


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

    # The event's page (the same for every visitor) leads to the guest form's own page.
    page.goto(f"/{language}/events/{event.slug}/")
    for role in ("link", "button"):
        expect(page.locator("html")).to_have_attribute("lang", language)
        notice = page.locator("#event-full")
        expect(notice).to_contain_text(full)
        action = page.locator("main").get_by_role(role, name=join)
        expect(action).to_have_count(1)
        # Read on the way to the button: above it, and whole on a phone's width.
        notice.scroll_into_view_if_needed()
        box, action_box = notice.bounding_box(), action.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"], box
        assert box["y"] < action_box["y"]
        if role == "link":
            with page.expect_navigation():
                action.click()
            assert page.url.endswith(f"/{language}/events/{event.slug}/guest/")

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


def test_my_events_fits_a_phone_with_the_cancel_button_whole(new_page):  # noqa: F811
    from members.models import Affiliation
    from members.tests.factories import OrganizationFactory, member_user

    user = member_user(OrganizationFactory(), Affiliation.Access.ADMIN, email="lea@alpha.test")
    event = EventFactory(
        title_fr="Rencontre régionale de l'innovation industrielle et de la cybersécurité",
        audience=Event.Audience.MEMBERS,
    )
    RegistrationFactory(event=event, contact=user.contact)
    page = _phone(new_page)
    _sign_in(page, "lea@alpha.test")

    page.goto("/fr/space/events/")

    cancel = page.get_by_role("button", name=re.compile(_in("fr", "Cancel")))
    expect(cancel).to_have_count(1)
    cancel.scroll_into_view_if_needed()
    expect(cancel).to_be_in_viewport(ratio=1)
    _assert_nothing_overflows(page)
    _keep_screenshot(page, "my-events-phone.png")


def test_month_view_fits_a_phone_with_sunday_and_whole_words(new_page):  # noqa: F811
    today = timezone.localdate()
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    sunday = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
    starts = datetime.datetime.combine(sunday, datetime.time(10), tzinfo=PARIS)
    EventFactory(
        title_fr="Assemblée générale extraordinaire des adhérents",
        audience=Event.Audience.PUBLIC,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    page = _phone(new_page)

    page.goto(f"/fr/events/month/{first.year}/{first.month}/")

    link = page.locator(".event-month a", has_text="Assemblée générale")
    expect(link).to_be_visible()
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport(ratio=1)
    with translation.override("fr"):
        sunday_label = date_format(sunday, "l j F")
    # The full date of the day heads its events: a Sunday is shown like any other day.
    expect(page.locator(".event-month__busy .event-month__date")).to_have_text([sunday_label])
    assert page.evaluate(WORDS_BROKEN, ".event-month a") == []
    _assert_nothing_overflows(page)
    _keep_screenshot(page, "month-phone.png")


def test_staff_find_a_contact_live_and_register_them(new_page, live_server):  # noqa: F811
    from core.tests.factories import UserFactory
    from members.tests.factories import ContactFactory

    UserFactory(email="animatrice@cluster.test", is_staff=True)
    event = EventFactory(slug="reunion-de-mars", capacity=10)
    helene = ContactFactory(first_name="Hélène", last_name="Lefèvre", email="h@gamma.test")
    ContactFactory(first_name="Bruno", last_name="Durand", email="b@gamma.test")
    page = _phone(new_page)
    _sign_in(page, "animatrice@cluster.test")
    page.goto(f"/fr/events/{event.slug}/register-someone/")
    page.evaluate("window.sameDocumentMarker = 'still here'")

    page.locator("#id_q").fill("helene LEF")

    results = page.locator("#results .contact-result")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Hélène Lefèvre")
    assert page.evaluate("window.sameDocumentMarker") == "still here"
    results.get_by_role("button").click()

    expect(page.locator(".alert--success")).to_contain_text("Hélène Lefèvre")
    assert Registration.objects.get(contact=helene).status == Registration.Status.CONFIRMED
    _assert_nothing_overflows(page)
    _keep_screenshot(page, "register-someone-phone.png")


def test_staff_cancel_an_attendee_after_confirming_on_a_phone(new_page):  # noqa: F811
    from core.tests.factories import UserFactory

    UserFactory(email="animatrice@cluster.test", is_staff=True)
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event, first_name="Anne", last_name="Roy")
    waiting = RegistrationFactory(
        event=event,
        first_name="Paul",
        last_name="Nguyen",
        status=Registration.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    page = _phone(new_page)
    _sign_in(page, "animatrice@cluster.test")
    page.goto(f"/fr/staff/events/{event.pk}/")
    _assert_nothing_overflows(page)
    _keep_screenshot(page, "staff-event-phone.png")

    row = page.locator(f"#registration-{seated.pk}")
    row.get_by_role("button", name=re.compile(_in("fr", "Cancel"))).click()
    expect(page.locator("main")).to_contain_text("Anne Roy")
    seated.refresh_from_db()
    assert seated.status == Registration.Status.CONFIRMED  # only asked so far
    page.get_by_role("button", name=_in("fr", "Yes, cancel the registration")).click()

    expect(page.locator(".alert--success")).to_contain_text("Paul Nguyen")
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == ("cancelled", "confirmed")
    with translation.override("fr"):
        confirmed = str(Registration.Status.CONFIRMED.label)  # the status, not a date column
    expect(page.locator(f"#registration-{waiting.pk}")).to_contain_text(confirmed)
