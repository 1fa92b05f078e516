"""Member news in a real Chromium, in French and English: a company's admin submits news from
the member space on a 390 px phone screen; it stays off the public news until an animator
approves it from the staff news page; then it shows on /news/ with the company's profile
link and, once featured, on the home page.
"""

import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from communications.models import NewsArticle
from core.tests.factories import UserFactory
from members.models import Affiliation, Organization
from members.tests.factories import OrganizationFactory, member_user
from tests.test_browser import browser, new_page  # noqa: F401 (fixtures)
from tests.test_browser_collaboration import _sign_in
from tests.test_browser_journeys import _fits_the_screen, _phone, _t

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["fr", "en"])
def test_member_news_goes_live_once_approved_and_featured_on_the_home_page(
    new_page,  # noqa: F811
    language,
    tmp_path,
):
    company = OrganizationFactory(
        name="Gamma Données",
        lifecycle=Organization.Lifecycle.MEMBER,
        directory_consent_at=timezone.now(),
    )
    member_user(company, Affiliation.Access.ADMIN, email="admin@gamma.test")
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    title = "Gamma Données recrute trois data scientists"
    picture = tmp_path / "equipe.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (10, 120, 90)).save(buffer, format="PNG")
    picture.write_bytes(buffer.getvalue())

    member = _phone(new_page, language)
    _sign_in(member, language, "admin@gamma.test")
    member.goto(f"/{language}/space/")
    member.get_by_role("button", name=_t(language, "Member space")).click()
    member.get_by_role("link", name=_t(language, "Company news")).click()
    member.get_by_role("link", name=_t(language, "Submit news")).click()
    _fits_the_screen(member)
    # An empty title is answered next to the field; nothing is saved.
    member.select_option("#id_kind", "hire")
    member.fill("#id_summary_fr", "Trois postes en CDI à Montpellier.")
    member.fill("#id_body_fr", "Nous **recrutons** pour notre équipe santé.")
    member.locator("main form button[type=submit]").click()
    expect(member.locator("#id_title_fr_errors")).to_be_visible()
    assert not NewsArticle.objects.exists()
    member.fill("#id_title_fr", title)
    member.set_input_files("#id_image", str(picture))
    member.locator("main form button[type=submit]").click()
    expect(member.locator("main")).to_contain_text(title)
    expect(member.locator("main")).to_contain_text(_t(language, "Waiting for moderation"))
    assert NewsArticle.objects.get(title_fr=title).moderation == "pending"

    visitor = _phone(new_page, language)
    visitor.goto(f"/{language}/news/")
    expect(visitor.locator("main")).not_to_contain_text(title)

    animator = new_page()
    _sign_in(animator, language, "animatrice@cluster.test")
    animator.goto(f"/{language}/staff/news/")
    # The news page counts what waits and leads to it.
    animator.locator("main a[href$='/staff/member-news/?status=pending']").first.click()
    animator.get_by_role("link", name=title).click()
    animator.get_by_role("button", name=_t(language, "Approve and publish")).click()
    assert NewsArticle.objects.get(title_fr=title).is_published

    # The stored list changed with the approval: the news, marked, with the profile link
    # (another address than the first visit's, which the browser may keep for a minute).
    visitor.goto(f"/{language}/news/?page=1")
    card = visitor.locator(".card", has_text=title)
    expect(card).to_contain_text(_t(language, "Member news", "badge"))
    expect(card.get_by_role("link", name="Gamma Données", exact=True)).to_have_attribute(
        "href", f"/{language}/members/{company.slug}/"
    )
    _fits_the_screen(visitor)

    animator.goto(f"/{language}/staff/news/")
    row = animator.locator("tr", has_text=title)
    row.get_by_role("button", name=re.compile(_t(language, "Feature on the home page"))).click()
    visitor.goto(f"/{language}/")
    expect(visitor.locator("main")).to_contain_text(title)
    _fits_the_screen(visitor)
