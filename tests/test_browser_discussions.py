"""Working groups' discussions in a real Chromium, in French and English: a member starts a
thread from the group's page on a 390 px phone; another quotes it and replies on a desktop
screen; the first is emailed the reply; a member of another organization finds nothing."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from community.models import DiscussionMessage, Thread
from community.services.discussions import preference_set
from core.tests.factories import TEST_PASSWORD
from members.models import Affiliation, WorkingGroup, WorkingGroupMember
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


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_member_starts_a_thread_another_quotes_and_replies_and_the_first_is_emailed(
    new_page,  # noqa: F811
    language,
):
    alpha, beta = OrganizationFactory(name="Alpha Numérique"), OrganizationFactory(name="Bêta")
    starter = member_user(alpha, Affiliation.Access.ADMIN, email="admin@alpha.test")
    replier = member_user(alpha, email="contact@alpha.test")
    member_user(beta, Affiliation.Access.ADMIN, email="admin@beta.test")
    group = WorkingGroup.objects.create(
        slug="cybersecurite", name_fr="Cybersécurité", name_en="Cybersecurity"
    )
    for user in (starter, replier):
        WorkingGroupMember.objects.create(
            group=group, contact=user.contact, status="accepted", decided_at=timezone.now()
        )
    starter.contact.preferred_language = language
    starter.contact.save()
    preference_set(contact=starter.contact, group=group, frequency="each")

    phone = _phone(new_page, language)
    _sign_in(phone, language, "admin@alpha.test")
    phone.goto(f"/{language}/space/groups/cybersecurite/")
    phone.get_by_role("link", name=_t(language, "Open the discussions")).click()
    phone.get_by_role("link", name=_t(language, "Start a thread")).click()
    _fits_the_screen(phone)
    phone.fill("#id_title", "Modèles de rapport d'audit")
    phone.fill("#id_body", "Qui partage sa **trame** NIS 2 ?")
    phone.get_by_role("button", name=_t(language, "Start the thread")).click()
    expect(phone.locator("main h1")).to_have_text("Modèles de rapport d'audit")
    expect(phone.locator("main strong", has_text="trame")).to_be_visible()
    _fits_the_screen(phone)
    thread = Thread.objects.get()

    desktop = new_page()
    _sign_in(desktop, language, "contact@alpha.test")
    desktop.goto(f"/{language}/space/groups/cybersecurite/discussions/")
    expect(desktop.locator(".thread-row--unread")).to_contain_text("Modèles de rapport d'audit")
    desktop.get_by_role("link", name=re.compile("Modèles de rapport")).click()
    desktop.get_by_role("link", name=_t(language, "Quote")).click()
    expect(desktop.locator("#id_body")).to_have_value(re.compile(r"> Qui partage sa"))
    desktop.locator("#id_body").press("End")
    desktop.locator("#id_body").type("La nôtre, en pièce jointe bientôt.")
    desktop.get_by_role("button", name=_t(language, "Send the reply")).click()
    expect(desktop.locator("main blockquote")).to_contain_text("Qui partage sa")
    assert DiscussionMessage.objects.filter(thread=thread).count() == 2
    [email] = mail.outbox
    assert email.to == ["admin@alpha.test"]
    assert "Modèles de rapport d'audit" in email.subject

    outsider = new_page()
    _sign_in(outsider, language, "admin@beta.test")
    response = outsider.goto(f"/{language}/space/groups/cybersecurite/discussions/{thread.pk}/")
    assert response.status == 404
