import html
import re
from datetime import datetime, timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from core.models import SentEmail
from core.tests.factories import TEST_PASSWORD, UserFactory
from events.models import Event
from members.models import Organization
from members.tests.factories import OrganizationFactory


def _event(slug: str, year: int, published: bool = True) -> Event:
    start = timezone.make_aware(datetime(year, 3, 12, 18, 0))
    return Event.objects.create(
        title_fr=slug,
        slug=slug,
        kind=Event.Kind.MONTHLY_MEETING,
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=2),
        is_published=published,
    )


def test_root_redirects_to_the_visitors_language(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE")["Location"] == "/fr/"


def test_unprefixed_contract_paths_redirect_to_a_language(client, db):
    for path in ["/faq/", "/space/", "/staff/", "/accounts/login/"]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 302
        assert response["Location"] == "/en" + path


def test_home_shows_live_member_and_event_figures(client, db):
    OrganizationFactory.create_batch(3)
    OrganizationFactory(lifecycle=Organization.Lifecycle.PROSPECT)
    this_year = timezone.localdate().year
    _event("a", this_year)
    _event("b", this_year)
    _event("hidden", this_year, published=False)
    _event("last-year", this_year - 1)
    response = client.get("/fr/")
    html = response.content.decode()
    assert re.search(r'data-figure="members">\s*3\s*<', html)
    assert re.search(r'data-figure="events">\s*2\s*<', html)
    assert '<html lang="fr">' in html
    assert '<html lang="en">' in client.get("/en/").content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_home_join_button_leads_to_the_application_form(client, db, language):
    html = client.get(f"/{language}/").content.decode()
    with translation.override(language):
        label = translation.gettext("How to join the cluster")
    (href,) = re.findall(rf'<a class="button" href="([^"]+)">{re.escape(label)}</a>', html)
    assert href == f"/{language}/join/"
    assert client.get(href).status_code == 200


def test_home_costs_a_fixed_number_of_queries(client, db, django_assert_num_queries):
    OrganizationFactory.create_batch(20)
    # member count, events this year, the featured news, the latest testimonials with their
    # organizations; anonymous visitors cost no session or user query.
    with django_assert_num_queries(4):
        client.get("/fr/")


def test_login_sends_each_role_to_its_home(client, personas):
    for user, landing in [
        (personas.staff, "/fr/staff/"),
        (personas.member_admin, "/fr/space/"),
        (personas.member_contact, "/fr/space/"),
    ]:
        client.logout()
        response = client.post(
            "/fr/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == landing, user.email
        assert response.status_code == 200


def test_failed_logins_are_rate_limited(client, personas):
    for _ in range(5):
        response = client.post(
            "/fr/accounts/login/", {"login": personas.member_admin.email, "password": "wrong"}
        )
        assert response.status_code == 200
    # Even the right password is refused once the address is rate limited.
    response = client.post(
        "/fr/accounts/login/", {"login": personas.member_admin.email, "password": TEST_PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_up_on_their_own(client, db):
    response = client.post(
        "/fr/accounts/signup/",
        {
            "email": "intruder@example.org",
            "password1": "Xk9!long-pass",
            "password2": "Xk9!long-pass",
        },
    )
    assert response.status_code == 200
    from core.models import User

    assert not User.objects.filter(email="intruder@example.org").exists()


def test_password_reset_email_is_multipart_and_in_the_requesters_language(client, personas):
    client.post("/en/accounts/password/reset/", {"email": personas.member_admin.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.member_admin.email]
    assert message.alternatives[0][1] == "text/html"
    assert "/en/accounts/password/reset/key/" in message.body


def test_password_reset_for_an_unknown_address_sends_nothing(client, db):
    client.post("/fr/accounts/password/reset/", {"email": "nobody@example.org"})
    assert mail.outbox == []


@pytest.mark.parametrize("url", ["/fr/staff/", "/fr/staff/faq/", "/fr/staff/organizations/"])
def test_staff_without_two_factor_must_set_it_up_when_required(client, personas, settings, url):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(personas.staff, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/2fa/totp/activate/"
    Authenticator.objects.create(
        user=personas.staff, type=Authenticator.Type.TOTP, data={"secret": "unused-here"}
    )
    assert client.get(url).status_code == 200


def test_django_admin_requires_two_factor_too_when_required(client, db, settings):
    settings.STAFF_REQUIRE_MFA = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 302
    Authenticator.objects.create(
        user=superuser, type=Authenticator.Type.TOTP, data={"secret": "unused-here"}
    )
    assert client.get("/admin/").status_code == 200


def test_members_do_not_need_two_factor(client, personas, settings):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(personas.member_admin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/fr/space/").status_code == 200


def test_pages_send_security_headers(client, db):
    response = client.get("/fr/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_htmx_requests_carry_the_csrf_token(client, db):
    # On every page but those stored for all visitors (core.pagecache), which post nothing.
    html = client.get("/fr/newsletter/").content.decode()
    assert re.search(
        r"<body hx-headers='\{&quot;X-CSRFToken&quot;: &quot;\w+&quot;\}'|"
        r"<body hx-headers='\{\"X-CSRFToken\": \"\w+\"\}'",
        html,
    )


def test_robots_txt_keeps_crawlers_out_of_private_areas_in_every_language(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = response.content.decode().splitlines()
    assert rules[0] == "User-agent: *"
    for path in ["/admin/", "/fr/staff/", "/en/staff/", "/fr/space/", "/en/accounts/"]:
        assert f"Disallow: {path}" in rules
    # The public pages stay crawlable.
    assert not any(rule in {"Disallow: /", "Disallow: /fr/"} for rule in rules)


def _lock_out(client, email):
    for _ in range(5):
        client.post("/fr/accounts/login/", {"login": email, "password": "wrong"})


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["5 minutes", "« Mot de passe oublié ? »", "Choisir un nouveau mot de passe"]),
        ("en", ["5 minutes", "“Forgot your password?”", "Choose a new password"]),
    ],
)
def test_a_locked_out_owner_is_told_how_to_get_back_in(client, personas, language, words):
    email = personas.member_admin.email
    _lock_out(client, email)

    response = client.post(
        f"/{language}/accounts/login/", {"login": email, "password": TEST_PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    page = html.unescape(response.content.decode())
    for expected in words:
        assert expected in page, expected
    assert f'href="/{language}/accounts/password/reset/"' in page


def test_a_plain_wrong_password_does_not_speak_of_the_pause(client, personas):
    response = client.post(
        "/en/accounts/login/", {"login": personas.member_admin.email, "password": "wrong"}
    )
    assert "5 minutes" not in response.content.decode()
    assert "Choose a new password" not in response.content.decode()


def test_a_password_reset_works_during_the_pause_and_lifts_it(client, personas, mailoutbox):
    email = personas.member_admin.email
    _lock_out(client, email)

    response = client.post("/en/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    reset_url = re.search(r"https?://[^/\s]+(/\S+/password/reset/key/\S+)", mailoutbox[0].body)[1]
    response = client.get(reset_url, follow=True)
    assert response.status_code == 200
    new_password = "a-new-Passw0rd-for-alpha"
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else reset_url,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302

    response = client.post("/en/accounts/login/", {"login": email, "password": new_password})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.member_admin.pk)


# Failing emails ---------------------------------------------------------------------------


def _failing_email(number: int, status=SentEmail.Status.FAILED, **fields) -> SentEmail:
    return SentEmail.objects.create(
        key=f"invitation:{number}",
        to=f"person{number}@alpha.test",
        template="members/emails/invitation",
        status=status,
        attempts=6,
        task_name="core.tasks.sessions_clear",
        error="ConnectionRefusedError(111, 'Connection refused')",
        next_attempt_at=timezone.now() + timedelta(minutes=5),
        **fields,
    )


def test_failing_emails_page_lists_what_is_owed_with_a_fixed_query_count(
    client, personas, django_assert_num_queries
):
    client.force_login(personas.staff)
    for number in range(3):
        _failing_email(number)
    _failing_email(10, status=SentEmail.Status.SENT, sent_at=timezone.now())
    # Session, user, the layout's "is a member contact?", the count, the page of emails.
    with django_assert_num_queries(5):
        response = client.get(reverse("core:staff_emails"))
    page = response.content.decode()
    assert page.count('class="failing-email"') == 3
    assert "person10@alpha.test" not in page
    for number in range(3, 8):
        _failing_email(number, status=SentEmail.Status.GIVEN_UP)
    with django_assert_num_queries(5):
        response = client.get(reverse("core:staff_emails"))
    assert response.content.decode().count('class="failing-email"') == 8


def test_the_back_office_navigation_leads_to_the_failing_emails(client, personas):
    client.force_login(personas.staff)
    response = client.get(reverse("portal:staff_dashboard"))
    assert f'href="{reverse("core:staff_emails")}"' in response.content.decode()


def test_staff_cancel_a_failing_email_and_it_leaves_the_list(client, personas):
    client.force_login(personas.staff)
    record = _failing_email(1)

    response = client.post(reverse("core:staff_email_cancel", args=[record.pk]), follow=True)

    record.refresh_from_db()
    assert record.status == SentEmail.Status.CANCELLED
    assert 'class="failing-email"' not in response.content.decode()


def test_staff_retry_a_given_up_email_and_it_is_queued_again(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.staff)
    record = _failing_email(1, status=SentEmail.Status.GIVEN_UP)

    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("core:staff_email_retry", args=[record.pk]))

    record.refresh_from_db()
    assert record.status == SentEmail.Status.FAILED
    assert record.give_up_at > timezone.now() + timedelta(hours=23)
    assert len(queued) == 1


def test_a_sent_email_can_be_neither_retried_nor_cancelled(client, personas):
    client.force_login(personas.staff)
    record = _failing_email(1, status=SentEmail.Status.SENT)

    retried = client.post(reverse("core:staff_email_retry", args=[record.pk]), follow=True)
    cancelled = client.post(reverse("core:staff_email_cancel", args=[record.pk]), follow=True)

    record.refresh_from_db()
    assert record.status == SentEmail.Status.SENT
    assert [m.level_tag for m in retried.context["messages"]] == ["error"]
    assert [m.level_tag for m in cancelled.context["messages"]] == ["error"]
