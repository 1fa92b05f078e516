"""Newsletter pages: sign-up, signed links, archive, member space and the staff editor."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from communications.models import Delivery, Newsletter, Subscriber
from communications.services import newsletters, subscriptions

pytestmark = pytest.mark.django_db


def _newsletter(**kwargs) -> Newsletter:
    defaults = {
        "subject_fr": "Lettre",
        "subject_en": "Letter",
        "body_fr": "Texte **gras**",
        "slug": "lettre",
        "audience": {"subscribers": True},
        "include_news": False,
        "include_events": False,
        "include_new_members": False,
    }
    return Newsletter.objects.create(**{**defaults, **kwargs})


def _sent(slug: str, days_ago: int = 1) -> Newsletter:
    return _newsletter(
        slug=slug,
        subject_fr=f"Lettre {slug}",
        status=Newsletter.Status.SENT,
        sent_at=timezone.now() - timedelta(days=days_ago),
    )


def test_sign_up_page_sends_a_confirmation_and_says_the_same_for_any_address(
    client, django_capture_on_commit_callbacks
):
    data = {"email": "lea@example.org", "language": "en", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/newsletter/", data, follow=True)

    assert response.status_code == 200
    assert b"Almost done" in response.content
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.source, subscriber.language) == (
        "pending",
        "signup_page",
        "en",
    )
    assert len(mail.outbox) == 1
    link = re.search(r"http://[^\s]+/en/newsletter/confirm/[^\s]+/", mail.outbox[0].body).group(0)

    path = link.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)

    # Opening the link (as mail scanners do) only shows the button.
    assert page.status_code == 200
    assert b"Confirm my subscription" in page.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(path).status_code == 403
    form = csrf_client.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)
    confirmed = csrf_client.post(path, {"csrfmiddlewaretoken": token})

    assert confirmed.status_code == 200
    assert b"Subscription confirmed" in confirmed.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    # Opening the link again says it is done.
    assert b"Subscription confirmed" in client.get(path).content


def test_sign_ups_from_one_connection_are_limited_per_hour(client, settings):
    data = {"language": "fr", "consent": "on"}
    for number in range(subscriptions.SIGNUPS_PER_HOUR):
        response = client.post("/en/newsletter/", {**data, "email": f"a{number}@example.org"})
        assert response.status_code == 302

    response = client.post("/en/newsletter/", {**data, "email": "one-more@example.org"})

    assert response.status_code == 429
    assert b"Too many sign-ups" in response.content
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()


def test_sign_up_without_consent_shows_the_error_and_records_nothing(client):
    response = client.post("/en/newsletter/", {"email": "lea@example.org", "language": "fr"})

    assert response.status_code == 200
    assert b'id="id_consent_errors"' in response.content
    assert not Subscriber.objects.exists()


def test_footer_form_on_every_public_page_leads_to_the_sign_up_with_the_address(
    client, django_capture_on_commit_callbacks
):
    # A GET form, as the pages it is on are stored for every visitor (no CSRF token).
    page = client.get("/en/newsletter/archive/").content.decode()
    footer = re.search(
        r'<form method="get" action="/en/newsletter/" class="newsletter-footer".*?</form>',
        page,
        re.S,
    )
    assert footer and 'name="origin" value="footer"' in footer.group()
    assert "csrfmiddlewaretoken" not in footer.group()

    sign_up = client.get("/en/newsletter/", {"email": "foot@example.org", "origin": "footer"})
    html = sign_up.content.decode()
    assert 'value="foot@example.org"' in html and 'name="origin" value="footer"' in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/newsletter/",
            {"email": "foot@example.org", "language": "en", "consent": "on", "origin": "footer"},
        )

    assert Subscriber.objects.get().source == Subscriber.Source.FOOTER


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "x" * 300])
def test_bad_confirmation_links_show_a_clear_page_not_an_error(client, token):
    response = client.get(f"/en/newsletter/confirm/{token}/")

    assert response.status_code == 400
    assert b"This link does not work" in response.content


@pytest.mark.parametrize("status", ["unsubscribed", "bounced"])
def test_confirmation_link_of_a_cancelled_request_shows_the_clear_page(client, status):
    subscriber = Subscriber.objects.create(email="a@example.org", status=status, source="staff")
    token = subscriptions.confirmation_token(subscriber=subscriber)

    assert client.get(f"/en/newsletter/confirm/{token}/").status_code == 400
    assert client.post(f"/en/newsletter/confirm/{token}/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == status


def test_expired_confirmation_link_shows_the_clear_page(client):
    subscriber = Subscriber.objects.create(email="a@example.org", status="pending", source="staff")
    token = subscriptions.confirmation_token(subscriber=subscriber)

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=8)):
        response = client.post(f"/en/newsletter/confirm/{token}/")

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


def test_one_click_unsubscribe_post_needs_no_login_nor_csrf(django_capture_on_commit_callbacks):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    _newsletter()
    with django_capture_on_commit_callbacks(execute=True):
        newsletters.newsletter_send(newsletter=Newsletter.objects.get())
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    path = header.strip("<>").removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)

    confirmation_page = client.get(path)
    assert confirmation_page.status_code == 200
    assert Subscriber.objects.get().status == "confirmed"

    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def test_csrf_stays_enforced_on_the_other_newsletter_forms():
    client = Client(enforce_csrf_checks=True)
    token = subscriptions.preferences_token(email="a@example.org")

    assert client.post("/en/newsletter/", {"email": "a@example.org"}).status_code == 403
    assert client.post(f"/en/newsletter/preferences/{token}/", {}).status_code == 403


def test_tampered_unsubscribe_link_unsubscribes_nobody(client):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    token = subscriptions.unsubscribe_token(email="a@example.org")

    response = client.post(f"/en/newsletter/unsubscribe/{token[:-1]}x/")

    assert response.status_code == 400
    assert Subscriber.objects.get().status == "confirmed"


def test_preferences_page_changes_the_language_and_offers_a_new_opt_in_after_leaving(
    client, django_capture_on_commit_callbacks
):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    path = f"/en/newsletter/preferences/{subscriptions.preferences_token(email='a@example.org')}/"

    client.post(path, {"language": "en"})
    assert Subscriber.objects.get().language == "en"

    subscriptions.subscription_cancel(email="a@example.org")
    assert b"Subscribe again" in client.get(path).content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"action": "subscribe"})

    assert Subscriber.objects.get().status == "pending"
    assert len(mail.outbox) == 1


def test_archive_lists_only_sent_newsletters_in_fixed_queries(client, django_assert_num_queries):
    for number in range(5):
        _sent(f"envoyee-{number}", days_ago=number + 1)
    _newsletter(slug="brouillon", subject_fr="Brouillon secret")

    # The count for the paginator, the page.
    with django_assert_num_queries(2):
        response = client.get("/en/newsletter/archive/")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("/en/newsletter/envoyee-") == 5
    assert "Brouillon secret" not in content


def test_web_version_is_public_for_sent_newsletters_only(client):
    _sent("publique")
    _newsletter(slug="brouillon")

    response = client.get("/en/newsletter/publique/")

    assert response.status_code == 200
    assert b"<strong>gras</strong>" in response.content
    assert client.get("/en/newsletter/brouillon/").status_code == 404


def _block_rows(size: int) -> None:
    """`size` rows in each automatic block: news, public events, open calls, new members."""
    from collaboration.models import Call
    from communications.models import NewsArticle
    from events.models import Event
    from events.tests.factories import EventFactory
    from members.models import Membership, MembershipCategory
    from members.tests.factories import OrganizationFactory

    category = MembershipCategory.objects.create(name_fr="Standard", slug="standard")
    today = timezone.localdate()
    for number in range(size):
        NewsArticle.objects.create(
            title_fr=f"Actualité {number}", slug=f"actu-{number}", body_fr="x", is_published=True
        )
        EventFactory(
            title_fr=f"Rencontre {number}",
            title_en=f"Rencontre {number}",
            audience=Event.Audience.PUBLIC,
            starts_at=timezone.now() + timedelta(days=3 + number),
            ends_at=timezone.now() + timedelta(days=3 + number, hours=2),
        )
        Membership.objects.create(
            organization=OrganizationFactory(name=f"Nouvelle Pousse {number}"),
            category=category,
            period_start=today - timedelta(days=10),
            period_end=today + timedelta(days=300),
            status=Membership.Status.ACTIVE,
            dues_amount=100,
        )
        Call.objects.create(
            slug=f"appel-{number}",
            title_fr=f"Appel {number}",
            opens_on=today - timedelta(days=30),
            deadline=timezone.now() + timedelta(days=20 + number),
            is_published=True,
            published_at=timezone.now() - timedelta(days=5),
        )
    # Closed or unpublished calls are not announced.
    Call.objects.create(
        slug="appel-clos", title_fr="Clos", deadline=timezone.now() - timedelta(days=1)
    )
    Call.objects.create(
        slug="appel-brouillon", title_fr="Brouillon", deadline=timezone.now() + timedelta(days=9)
    )


@pytest.mark.parametrize("size", [3, 5])
def test_web_version_takes_fixed_queries(client, django_assert_num_queries, size):
    newsletter = _sent("publique")
    Newsletter.objects.filter(pk=newsletter.pk).update(
        include_news=True, include_events=True, include_new_members=True
    )
    _block_rows(size)

    # The newsletter, then one query per block: news, member news, events, open calls, new
    # members.
    with django_assert_num_queries(6):
        response = client.get("/en/newsletter/publique/")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("/en/calls/appel-") == size
    assert "appel-clos" not in content and "appel-brouillon" not in content
    assert content.count("/en/news/actu-") == size
    assert content.count("Rencontre ") == size
    assert content.count("Nouvelle Pousse ") == size


def test_web_version_shows_the_calls_as_they_stood_when_sent(client):
    from collaboration.models import Call

    newsletter = _sent("gelee", days_ago=10)
    sent = timezone.now() - timedelta(days=10)
    Newsletter.objects.filter(pk=newsletter.pk).update(
        sending_started_at=sent, include_events=False, include_calls=True
    )

    def call(slug, *, published_days_ago, deadline_in_days):
        Call.objects.create(
            slug=slug,
            title_fr=slug,
            opens_on=timezone.localdate() - timedelta(days=60),
            deadline=timezone.now() + timedelta(days=deadline_in_days),
            is_published=True,
            published_at=timezone.now() - timedelta(days=published_days_ago),
        )

    call("appel-annonce", published_days_ago=20, deadline_in_days=5)
    # Closed since: it was open when the newsletter left, so it stays.
    call("appel-clos-depuis", published_days_ago=30, deadline_in_days=-2)
    # Published after the sending: it was not in the newsletter.
    call("appel-posterieur", published_days_ago=3, deadline_in_days=20)

    content = client.get("/en/newsletter/gelee/").content.decode()
    assert "/en/calls/appel-annonce/" in content
    assert "/en/calls/appel-clos-depuis/" in content
    assert "appel-posterieur" not in content

    # The calls block is its own choice, apart from the events.
    Newsletter.objects.filter(pk=newsletter.pk).update(include_events=True, include_calls=False)
    from core.pagecache import topics_changed

    topics_changed("newsletters")
    content = client.get("/en/newsletter/gelee/").content.decode()
    assert "/en/calls/appel-" not in content


def test_member_toggles_the_newsletter_from_the_member_space(client_for, personas):
    client = client_for("member_contact")

    client.post("/en/space/newsletter/", {"subscribed": "1"})
    subscriber = Subscriber.objects.get(email="contact@alpha.test")
    assert subscriber.status == "confirmed"
    assert b"You are subscribed." in client.get("/en/space/newsletter/").content

    client.post("/en/space/newsletter/", {"subscribed": "0"})
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


# Staff


@pytest.mark.parametrize("size", [22, 25])
def test_staff_list_takes_fixed_queries(client_for, django_assert_num_queries, size):
    client = client_for("staff")
    for number in range(size):
        _newsletter(slug=f"lettre-{number}")
    client.get("/en/staff/newsletters/")

    # Session, user, the layout's "is a member contact" check, the count for the paginator,
    # the page with its sent counts.
    with django_assert_num_queries(5):
        response = client.get("/en/staff/newsletters/?page=2")

    assert response.status_code == 200
    rows = re.findall(r'<td><a href="/en/staff/newsletters/\d+/">', response.content.decode())
    assert len(rows) == size - 20


def test_staff_list_filters_by_status_and_exports(client_for):
    sent = _sent("envoyee")
    draft = _newsletter(slug="brouillon", subject_en="Draft")
    client = client_for("staff")

    page = client.get("/en/staff/newsletters/?status=sent").content.decode()
    export = client.get("/en/staff/newsletters/?status=draft&export=csv")

    assert f"/en/staff/newsletters/{sent.pk}/" in page
    assert f"/en/staff/newsletters/{draft.pk}/" not in page
    assert export["Content-Type"].startswith("text/csv")
    assert export.content.decode().splitlines()[1].startswith("Draft;")
    assert len(export.content.decode().splitlines()) == 2


def test_staff_creates_a_newsletter_with_an_audience_and_sees_the_recipient_count(client_for):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    Subscriber.objects.create(email="b@example.org", status="unsubscribed", source="staff")
    client = client_for("staff")

    response = client.post(
        "/en/staff/newsletters/new/",
        {
            "subject_fr": "Lettre de mars",
            "body_fr": "Bonjour",
            "audience_subscribers": "on",
            "include_news": "on",
        },
    )

    newsletter = Newsletter.objects.get()
    assert response.status_code == 302
    assert newsletter.slug == "lettre-de-mars"
    assert newsletter.audience == {"subscribers": True}
    assert newsletter.include_news and not newsletter.tracking_enabled
    detail = client.get(f"/en/staff/newsletters/{newsletter.pk}/").content.decode()
    assert "1 recipient" in detail
    assert "Send to 1 recipient" in detail


@pytest.mark.parametrize("size", [2, 6])
def test_staff_detail_counts_the_audience_in_fixed_queries(
    client_for, django_assert_num_queries, size
):
    for number in range(size):
        Subscriber.objects.create(
            email=f"s{number}@example.org", status="confirmed", source="staff"
        )
    newsletter = _newsletter(audience={"subscribers": True, "members": True})
    client = client_for("staff")
    client.get(f"/en/staff/newsletters/{newsletter.pk}/")
    # The personas' member contacts are reached too, each address once.
    from communications.selectors.audiences import audience_recipients

    expected = len(audience_recipients(audience=newsletter.audience))

    # Session, user, the layout's check, the newsletter, its progress, the audience count.
    with django_assert_num_queries(6):
        response = client.get(f"/en/staff/newsletters/{newsletter.pk}/")

    assert f"Send to {expected} recipients" in response.content.decode()


def test_staff_form_without_audience_is_refused(client_for):
    response = client_for("staff").post(
        "/en/staff/newsletters/new/", {"subject_fr": "Lettre", "body_fr": "Bonjour"}
    )

    assert response.status_code == 200
    assert b"Choose at least one audience." in response.content
    assert not Newsletter.objects.exists()


def test_sent_newsletter_cannot_be_edited(client_for):
    newsletter = _sent("envoyee")

    response = client_for("staff").post(
        f"/en/staff/newsletters/{newsletter.pk}/edit/",
        {"subject_fr": "Changé", "body_fr": "x", "audience_subscribers": "on"},
    )

    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert newsletter.subject_fr == "Lettre envoyee"


def test_preview_is_the_email_html_in_each_language(client_for):
    newsletter = _newsletter(body_en="English **bold**")
    client = client_for("staff")

    french = client.get(f"/en/staff/newsletters/{newsletter.pk}/preview/fr/")
    english = client.get(f"/en/staff/newsletters/{newsletter.pk}/preview/en/")

    assert french.status_code == english.status_code == 200
    assert b"Texte <strong>gras</strong>" in french.content
    assert b"English <strong>bold</strong>" in english.content
    policy = english["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy and "frame-ancestors 'self'" in policy
    assert client.get(f"/en/staff/newsletters/{newsletter.pk}/preview/de/").status_code == 404


def test_test_send_goes_to_the_editor_only_and_records_nothing(
    client_for, personas, django_capture_on_commit_callbacks
):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    newsletter = _newsletter()

    with django_capture_on_commit_callbacks() as callbacks:
        client_for("staff").post(f"/en/staff/newsletters/{newsletter.pk}/test/", {"language": "en"})
    # Enqueued once the request's transaction is committed, not before.
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert [message.to for message in mail.outbox] == [[personas.staff.email]]
    assert mail.outbox[0].subject.startswith("[Test] Letter")
    assert not Delivery.objects.exists()
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT


def test_send_now_sends_and_progress_partial_shows_the_figures(
    client_for, django_capture_on_commit_callbacks, django_assert_num_queries
):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    newsletter = _newsletter()
    client = client_for("staff")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/staff/newsletters/{newsletter.pk}/send/", {"confirmed_count": "1"}
        )

    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT
    assert len(mail.outbox) == 1
    # Session, user, the newsletter, the figures.
    with django_assert_num_queries(4):
        partial = client.get(f"/en/staff/newsletters/{newsletter.pk}/", HTTP_HX_REQUEST="true")
    content = partial.content.decode()
    assert content.lstrip().startswith('<section id="progress"')
    assert "every 2s" not in content  # sent: polling stops
    assert re.search(r"Sent</dt><dd>1</dd>", content)


def test_progress_of_a_newsletter_being_sent_polls_every_two_seconds(client_for):
    newsletter = _newsletter()
    newsletters.newsletter_deliveries_prepare(newsletter=newsletter)

    page = client_for("staff").get(f"/en/staff/newsletters/{newsletter.pk}/").content.decode()

    assert 'hx-trigger="every 2s"' in page
    assert "Send to" not in page  # no second send


def test_sending_asks_to_confirm_with_the_recipient_count_and_sends_nothing_before(
    client_for, django_capture_on_commit_callbacks
):
    for number in range(3):
        Subscriber.objects.create(
            email=f"s{number}@example.org", status="confirmed", source="staff"
        )
    newsletter = _newsletter()
    client = client_for("staff")
    send_url = f"/en/staff/newsletters/{newsletter.pk}/send/"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(send_url, {})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Send to 3 recipients?" in page
    # The answer is a plain form: it works without JavaScript and carries the count it saw.
    assert f'action="{send_url}"' in page
    assert 'name="confirmed_count" value="3"' in page
    assert "Yes, send to 3 recipients" in page
    assert callbacks == [] and mail.outbox == []
    assert not Delivery.objects.exists()
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url, {"confirmed_count": "3"})

    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT
    assert len(mail.outbox) == 3


def test_a_confirmation_for_another_count_asks_again_and_sends_nothing(client_for):
    for number in range(2):
        Subscriber.objects.create(
            email=f"s{number}@example.org", status="confirmed", source="staff"
        )
    newsletter = _newsletter()

    # Confirmed for one recipient; a second one subscribed meanwhile.
    response = client_for("staff").post(
        f"/en/staff/newsletters/{newsletter.pk}/send/", {"confirmed_count": "1"}
    )

    page = response.content.decode()
    assert "The audience changed since you asked" in page
    assert "Send to 2 recipients?" in page
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT
    assert mail.outbox == []


def test_send_to_an_empty_audience_is_refused(client_for):
    newsletter = _newsletter()

    response = client_for("staff").post(
        f"/en/staff/newsletters/{newsletter.pk}/send/", {}, follow=True
    )

    assert b"Nobody is in this audience" in response.content
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT


def test_schedule_then_unschedule(client_for):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    newsletter = _newsletter()
    client = client_for("staff")
    at = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    client.post(f"/en/staff/newsletters/{newsletter.pk}/send/", {"scheduled_at": at})
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT  # asked, not yet confirmed

    client.post(
        f"/en/staff/newsletters/{newsletter.pk}/send/",
        {"scheduled_at": at, "confirmed_count": "1"},
    )
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SCHEDULED

    client.post(f"/en/staff/newsletters/{newsletter.pk}/send/", {"action": "unschedule"})
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT


def test_schedule_in_the_past_is_refused(client_for):
    newsletter = _newsletter()
    at = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    response = client_for("staff").post(
        f"/en/staff/newsletters/{newsletter.pk}/send/", {"scheduled_at": at}, follow=True
    )

    assert b"Choose a time in the future" in response.content
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT


def test_staff_subscriber_list_filters_in_fixed_queries(client_for, django_assert_num_queries):
    for number in range(60):
        Subscriber.objects.create(
            email=f"s{number}@example.org",
            status="confirmed" if number % 3 else "unsubscribed",
            source="staff",
        )
    client = client_for("staff")
    client.get("/en/staff/newsletters/subscribers/")

    # Session, user, the layout's "is a member contact" check, the count, the page.
    with django_assert_num_queries(5):
        response = client.get("/en/staff/newsletters/subscribers/?status=confirmed&page=1")

    assert "40 addresses" in response.content.decode()


def test_staff_marks_a_bounce_and_exports_subscribers(client_for):
    Subscriber.objects.create(email="a@example.org", status="confirmed", source="staff")
    client = client_for("staff")

    client.post("/en/staff/newsletters/subscribers/", {"email": "a@example.org", "reason": "550"})

    assert Subscriber.objects.get().status == Subscriber.Status.BOUNCED
    export = client.get("/en/staff/newsletters/subscribers/?export=csv")
    assert export["Content-Type"].startswith("text/csv")
    assert b"a@example.org" in export.content
